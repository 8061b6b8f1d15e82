using System.Globalization;
using System.Text.Json;
using McpMemory.Core;

namespace McpMemory.Server.Eval;

/// <summary>One conversation of the benchmark.</summary>
internal sealed record LocomoConversation(string Id, IReadOnlyList<LocomoTurn> Turns, IReadOnlyList<LocomoQuestion> Questions);
