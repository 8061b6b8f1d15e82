using System.Diagnostics;
using ModelContextProtocol.Client;

namespace McpMemory.Benchmarks;

/// <summary>A server process serving Streamable HTTP and a client connected to it; disposing stops both.</summary>
internal sealed class HttpServerProcess(Process process, McpClient client) : IAsyncDisposable
{
    public McpClient Client { get; } = client;

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
