using System.Text.Json;
using System.Text.Json.Serialization;
using McpMemory.Core.Episodic;
using McpMemory.Core.Storage;

namespace McpMemory.Storage.Arrow.Sharing;

internal sealed record GetRequest(IReadOnlyList<string> Ids);
