using System.Text.Json;
using System.Text.Json.Nodes;
using McpMemory.Tests.Support;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpMemory.Tests.Interop;

/// <summary>
/// One side of the server-memory comparison, over stdio through the SDK's client: the official
/// <c>@modelcontextprotocol/server-memory</c> under Node 22 (its graph in <c>MEMORY_FILE_PATH</c>), or
/// <c>mcp-memory serve</c>. Ours pages <c>read_graph</c>, <c>search_nodes</c> and <c>open_nodes</c> under a token
/// budget; <see cref="CallAsync"/> follows <c>nextCursor</c> to the end, so a reply holds the whole answer, as theirs does.
/// </summary>
public sealed class GraphServer : IAsyncDisposable
{
    private const int MaxPages = 1000;
    private readonly McpClient _client;
    private readonly RequestOptions? _options;
    private readonly List<string> _stderr;

    private GraphServer(string name, bool isOurs, McpClient client, RequestOptions? options, List<string> stderr)
    {
        Name = name;
        IsOurs = isOurs;
        _client = client;
        _options = options;
        _stderr = stderr;
    }

    public string Name { get; }

    public bool IsOurs { get; }

    /// <summary>Ours only: the <c>maxTokens</c> to pass to the paged tools (null: their default), to make them page.</summary>
    public int? PageTokens { get; init; }

    /// <summary>What the server wrote to stderr so far, for failure messages.</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _stderr.TakeLast(40));
            }
        }
    }

    public static string ServerMemoryScript { get; } = System.IO.Path.Combine(InteropTools.Folder, "node_modules", "@modelcontextprotocol", "server-memory", "dist", "index.js");

    /// <summary>Starts server-memory with its graph in <paramref name="memoryFile"/> (JSON lines, created on the first write).</summary>
    public static async Task<GraphServer> StartServerMemoryAsync(string memoryFile, CancellationToken cancellationToken)
    {
        var node = await InteropTools.Node22Async();
        Assert.True(File.Exists(ServerMemoryScript), $"{ServerMemoryScript} is missing: run 'bash tools/interop/install.sh'.");
        var stderr = new List<string>();
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "server-memory",
            Command = node,
            Arguments = [ServerMemoryScript],
            EnvironmentVariables = new Dictionary<string, string?> { ["MEMORY_FILE_PATH"] = memoryFile },
            StandardErrorLines = line => Collect(stderr, line),
            ShutdownTimeout = TimeSpan.FromSeconds(20),
        });
        var client = await McpClient.CreateAsync(transport, cancellationToken: cancellationToken);
        return new GraphServer("server-memory", isOurs: false, client, options: null, stderr);
    }

    /// <summary>Starts <c>mcp-memory serve</c> on <paramref name="dataDirectory"/>.</summary>
    public static async Task<GraphServer> StartOursAsync(string dataDirectory, CancellationToken cancellationToken, int? pageTokens = null)
    {
        var stderr = new List<string>();
        var client = await ServerProcess.StartStdioAsync(dataDirectory, null, line => Collect(stderr, line), cancellationToken);
        return new GraphServer("mcp-memory", isOurs: true, client, ServerProcess.ToolOptions, stderr) { PageTokens = pageTokens };
    }

    /// <summary>Calls a tool; for ours, follows <c>nextCursor</c> and joins the pages' entities and relations.</summary>
    public async Task<GraphReply> CallAsync(string tool, Dictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        if (IsOurs && PageTokens is { } tokens && tool is "read_graph" or "search_nodes" or "open_nodes")
        {
            arguments = new Dictionary<string, object?>(arguments) { ["maxTokens"] = tokens };
        }

        var first = await CallOnceAsync(tool, arguments, cancellationToken);
        if (!IsOurs || first.IsError || first.Content is not { } content || NextCursor(content) is not { } cursor)
        {
            return first with { Omitted = first.Content is { } c ? Omitted(c) : 0 };
        }

        var joined = JsonNode.Parse(content.GetRawText())!.AsObject();
        var pages = 1;
        while (cursor is not null)
        {
            Assert.True(++pages <= MaxPages, $"{tool} on {Name} gave more than {MaxPages} pages; its cursor does not advance?");
            var next = await CallOnceAsync(tool, new Dictionary<string, object?>(arguments) { ["cursor"] = cursor }, cancellationToken);
            if (next.IsError || next.Content is not { } page)
            {
                return next with { Pages = pages, ErrorText = $"page {pages} (cursor {cursor}): {next.ErrorText}" };
            }

            foreach (var list in new[] { "entities", "relations" })
            {
                if (page.TryGetProperty(list, out var items) && items.ValueKind == JsonValueKind.Array)
                {
                    var target = joined[list] as JsonArray ?? (JsonArray)(joined[list] = new JsonArray());
                    foreach (var item in items.EnumerateArray())
                    {
                        target.Add(JsonNode.Parse(item.GetRawText()));
                    }
                }
            }

            cursor = NextCursor(page);
            joined["nextCursor"] = cursor;
            joined["omitted"] = page.TryGetProperty("omitted", out var omitted) ? JsonNode.Parse(omitted.GetRawText()) : null;
        }

        var whole = JsonSerializer.SerializeToElement(joined);
        return new GraphReply(false, string.Empty, whole, pages, Omitted(whole));
    }

    public async ValueTask DisposeAsync() => await _client.DisposeAsync();

    private static string? NextCursor(JsonElement content) =>
        content.TryGetProperty("nextCursor", out var cursor) && cursor.ValueKind == JsonValueKind.String ? cursor.GetString() : null;

    /// <summary>What <c>omitted</c> counts on a reply without a cursor: items left out that no further page brings.</summary>
    private static long Omitted(JsonElement content) =>
        NextCursor(content) is null && content.TryGetProperty("omitted", out var omitted) ? Count(omitted) : 0;

    /// <summary>A count (<c>omitted</c> as a number) or the sum of counts (as an object such as <c>{ entities, relations }</c>).</summary>
    private static long Count(JsonElement omitted) => omitted.ValueKind switch
    {
        JsonValueKind.Number => omitted.GetInt64(),
        JsonValueKind.Object => omitted.EnumerateObject().Sum(p => Count(p.Value)),
        _ => 0,
    };

    private static void Collect(List<string> lines, string line)
    {
        lock (lines)
        {
            lines.Add(line);
        }
    }

    private async Task<GraphReply> CallOnceAsync(string tool, Dictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        CallToolResult result;
        try
        {
            result = await _client.CallToolAsync(tool, arguments, null, _options, cancellationToken);
        }
        catch (McpProtocolException ex)
        {
            // A JSON-RPC error instead of a tool error (isError): still a failure to the caller, so it compares as one,
            // but the text says which kind it was.
            return new GraphReply(true, $"JSON-RPC error {(int)ex.ErrorCode}: {ex.Message}", null);
        }

        return result.IsError == true
            ? new GraphReply(true, ServerProcess.ErrorText(result), null)
            : new GraphReply(false, string.Empty, result.StructuredContent?.Clone());
    }
}
