using McpMemory.Core;
using Microsoft.Extensions.Configuration;

namespace McpMemory.Server.Hosting;

/// <summary>
/// The configuration every subcommand starts from: an optional JSON file (<c>--config</c> or
/// <c>MCPMEMORY_CONFIG</c>), environment variables prefixed <c>MCPMEMORY_</c> (<c>MCPMEMORY_McpMemory__LocalPrincipal</c>),
/// then the command line, which wins. The data directory is <c>--data-dir</c>, else <c>MCPMEMORY_DATA_DIR</c>, else
/// <c>McpMemory:DataDirectory</c>, else <c>$XDG_DATA_HOME/mcp-memory</c> (<c>~/.local/share/mcp-memory</c>).
/// </summary>
internal sealed class ServerSettings
{
    private ServerSettings(IConfiguration configuration, string dataDirectory)
    {
        Configuration = configuration;
        DataDirectory = dataDirectory;
    }

    public IConfiguration Configuration { get; }

    public string DataDirectory { get; }

    public static ServerSettings Load(string? dataDirectory, string? configFile, string? embeddingModel, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        var builder = new ConfigurationBuilder();
        configFile ??= Environment.GetEnvironmentVariable("MCPMEMORY_CONFIG");
        if (!string.IsNullOrWhiteSpace(configFile))
        {
            var full = Path.GetFullPath(configFile);
            if (!File.Exists(full))
            {
                throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"The configuration file '{full}' does not exist. Check --config or MCPMEMORY_CONFIG.");
            }

            builder.AddJsonFile(full, optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables("MCPMEMORY_");
        var extra = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(embeddingModel))
        {
            extra["McpMemory:Embedding:Model"] = embeddingModel;
        }

        foreach (var (key, value) in overrides ?? [])
        {
            extra[key] = value;
        }

        builder.AddInMemoryCollection(extra);
        var configuration = builder.Build();
        var directory = FirstNonEmpty(
            dataDirectory,
            Environment.GetEnvironmentVariable("MCPMEMORY_DATA_DIR"),
            configuration["McpMemory:DataDirectory"]) ?? DefaultDataDirectory();
        return new ServerSettings(configuration, Path.GetFullPath(directory));
    }

    public static string DefaultDataDirectory()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var root = string.IsNullOrWhiteSpace(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share")
            : xdg;
        return Path.Combine(root, "mcp-memory");
    }

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
