using McpMemory.Server.Hosting;
using McpMemory.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace McpMemory.Tests.Interop;

/// <summary>
/// Our HTTP hosting pipeline (<see cref="HttpServer.Build"/>: transports, sessions, host and origin guards), run in
/// the test process with the conformance suite's fixture tools added beside the memory tools.
/// </summary>
public sealed class ConformanceFixtureHost : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private WebApplication? _app;

    public Uri McpUri { get; private set; } = new("http://127.0.0.1/mcp");

    public async ValueTask InitializeAsync()
    {
        var url = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        var settings = ServerSettings.Load(_temp.Combine("data"), configFile: null, embeddingModel: null);
        _app = Server.Hosting.HttpServer.Build(settings, url, mcp => mcp.WithTools<ConformanceFixtureTools>());
        await _app.StartAsync(TestTimeouts.Token());
        McpUri = new Uri(url + "/mcp");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }

        _temp.Dispose();
    }
}
