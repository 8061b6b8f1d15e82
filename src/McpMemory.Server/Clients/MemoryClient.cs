using System.Text.Json;
using McpMemory.Core.Episodic;
using McpMemory.Mcp;
using McpMemory.Mcp.Episodic;
using McpMemory.Server.Hosting;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpMemory.Server.Clients;

/// <summary>
/// A real MCP client (the SDK's) talking to an <c>mcp-memory serve</c> child process over stdio, with typed helpers
/// for the memory tools. Used by <c>demo</c> and <c>eval</c>, so that they measure the product as clients meet it.
/// </summary>
internal sealed class MemoryClient : IAsyncDisposable
{
    private static readonly RequestOptions ToolRequestOptions = new() { JsonSerializerOptions = McpMemoryJsonContext.ToolOptions };
    private readonly McpClient _client;

    private MemoryClient(McpClient client) => _client = client;

    public McpClient Client => _client;

    /// <summary>Starts <c>mcp-memory serve</c> on <paramref name="dataDirectory"/> and connects to it.</summary>
    public static async Task<MemoryClient> StartAsync(string dataDirectory, IEnumerable<string>? extraArguments, Action<string>? stderr, CancellationToken cancellationToken)
    {
        var (command, arguments) = SelfProcess.Command(["serve", "--data-dir", dataDirectory, .. extraArguments ?? []]);
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = ServerIdentity.Name,
            Command = command,
            Arguments = arguments,
            StandardErrorLines = stderr,
            ShutdownTimeout = TimeSpan.FromSeconds(30),
        });
        var client = await McpClient.CreateAsync(transport, new McpClientOptions { ClientInfo = new Implementation { Name = "mcp-memory-cli", Version = ServerIdentity.Version } }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new MemoryClient(client);
    }

    public async Task<EpisodeAddResult> AddAsync(IReadOnlyList<EpisodeInput> episodes, string? ns, IProgress<ProgressNotificationValue>? progress, CancellationToken cancellationToken)
    {
        var arguments = new Dictionary<string, object?> { ["episodes"] = episodes };
        if (ns is not null)
        {
            arguments["namespace"] = ns;
        }

        return await CallAsync<EpisodeAddResult>("episode_add", arguments, progress, cancellationToken).ConfigureAwait(false);
    }

    public Task<EpisodeSearchResult> SearchAsync(IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken) =>
        CallAsync<EpisodeSearchResult>("episode_search", arguments, null, cancellationToken);

    public async Task<T> CallAsync<T>(string tool, IReadOnlyDictionary<string, object?> arguments, IProgress<ProgressNotificationValue>? progress, CancellationToken cancellationToken)
    {
        var result = await _client.CallToolAsync(tool, arguments, progress, ToolRequestOptions, cancellationToken).ConfigureAwait(false);
        if (result.IsError == true)
        {
            var message = string.Join(" ", result.Content.OfType<TextContentBlock>().Select(c => c.Text));
            throw new McpException($"{tool} failed: {message}");
        }

        if (result.StructuredContent is not { } structured)
        {
            throw new McpException($"{tool} returned no structured content.");
        }

        return structured.Deserialize<T>(McpMemoryJsonContext.ToolOptions)
            ?? throw new McpException($"{tool} returned empty structured content.");
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
