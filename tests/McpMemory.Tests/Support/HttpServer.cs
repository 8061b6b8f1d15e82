using System.Diagnostics;
using System.Net.Sockets;
using ModelContextProtocol.Client;

namespace McpMemory.Tests.Support;

/// <summary>A real <c>mcp-memory serve --http</c> process on a free loopback port.</summary>
public sealed class HttpServer : IAsyncDisposable
{
    private readonly Process _process;
    private int _disposed;
    private readonly List<string> _stderr = [];

    private HttpServer(Process process, Uri baseUri)
    {
        _process = process;
        BaseUri = baseUri;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.Add(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
    }

    public Uri BaseUri { get; }

    public Uri McpUri => new(BaseUri, "/mcp");

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _stderr);
            }
        }
    }

    public static async Task<HttpServer> StartAsync(string dataDirectory, string? configFile = null, CancellationToken cancellationToken = default, IEnumerable<string>? extraArguments = null)
    {
        var port = ServerProcess.FreePort();
        var url = $"http://127.0.0.1:{port}";
        List<string> arguments = ["serve", "--http", "--urls", url, "--data-dir", dataDirectory];
        if (configFile is not null)
        {
            arguments.AddRange(["--config", configFile]);
        }

        arguments.AddRange(extraArguments ?? []);

        var server = new HttpServer(ServerProcess.Start(arguments), new Uri(url));
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (server._process.HasExited)
            {
                throw new InvalidOperationException($"mcp-memory exited with {server._process.ExitCode}: {server.Stderr}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port, cancellationToken);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    public Task<McpClient> ConnectAsync(HttpTransportMode mode = HttpTransportMode.StreamableHttp, string? token = null, CancellationToken cancellationToken = default, string? protocolVersion = null)
    {
        var headers = new Dictionary<string, string>();
        if (token is not null)
        {
            headers["Authorization"] = "Bearer " + token;
        }

        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = mode == HttpTransportMode.Sse ? new Uri(BaseUri, "/mcp/sse") : McpUri,
            TransportMode = mode,
            AdditionalHeaders = headers,
        });
        return McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = protocolVersion }, cancellationToken: cancellationToken);
    }

    /// <summary>Asks the server to shut down (SIGTERM, as a service manager does) and waits until it has exited; returns its exit code.</summary>
    public async Task<int> TerminateAsync(CancellationToken cancellationToken)
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>Kills the server (SIGKILL) and waits for it; a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
