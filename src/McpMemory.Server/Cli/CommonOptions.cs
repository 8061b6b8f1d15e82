using System.CommandLine;
using McpMemory.Server.Hosting;

namespace McpMemory.Server.Cli;

/// <summary>Options every subcommand takes.</summary>
internal static class CommonOptions
{
    public static readonly Option<string?> DataDir = new("--data-dir")
    {
        Description = "Where memory is stored. Default: $MCPMEMORY_DATA_DIR, else $XDG_DATA_HOME/mcp-memory (~/.local/share/mcp-memory).",
        Recursive = true,
    };

    public static readonly Option<string?> Config = new("--config")
    {
        Description = "A JSON configuration file (principals, tokens, toolsets, limits). Default: $MCPMEMORY_CONFIG.",
        Recursive = true,
    };

    public static readonly Option<string?> EmbeddingModel = new("--embedding-model")
    {
        Description = "The local embedding model: arctic-xs (default, snowflake-arctic-embed-xs) or minilm (all-MiniLM-L6-v2).",
        Recursive = true,
    };

    public static ServerSettings Settings(ParseResult parse, IEnumerable<KeyValuePair<string, string?>>? overrides = null) =>
        ServerSettings.Load(parse.GetValue(DataDir), parse.GetValue(Config), parse.GetValue(EmbeddingModel), overrides);
}
