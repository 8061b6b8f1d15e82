using System.Text.Json;
using System.Text.Json.Serialization;
using McpMemory.Core.Episodic;
using McpMemory.Core.Storage;

namespace McpMemory.Storage.Arrow.Sharing;

/// <summary>The method names of the store protocol.</summary>
internal static class RpcMethods
{
    public const string Add = "add";
    public const string Get = "get";
    public const string Surrounding = "surrounding";
    public const string List = "list";
    public const string Delete = "delete";
    public const string Search = "search";
    public const string Stats = "stats";
    public const string Reindex = "reindex";
    public const string Backup = "backup";
    public const string Graph = "graph";
}
