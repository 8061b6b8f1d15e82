using System.Globalization;
using System.Text.Json;
using McpMemory.Core;

namespace McpMemory.Server.Eval;

/// <summary>One question with the turns that hold its answer.</summary>
internal sealed record LocomoQuestion(string Question, int Category, IReadOnlyList<string> Evidence);
