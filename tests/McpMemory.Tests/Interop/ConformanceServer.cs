using McpMemory.Tests.Support;

namespace McpMemory.Tests.Interop;

/// <summary>One <c>mcp-memory serve --http</c> shared by the conformance scenarios of a test class.</summary>
public sealed class ConformanceServer : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private HttpServer? _server;

    public HttpServer Server => _server ?? throw new InvalidOperationException("the server has not started");

    public async ValueTask InitializeAsync() => _server = await HttpServer.StartAsync(_temp.Combine("data"), cancellationToken: TestTimeouts.Token());

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _temp.Dispose();
    }
}
