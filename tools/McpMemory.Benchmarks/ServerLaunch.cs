using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ModelContextProtocol.Client;

namespace McpMemory.Benchmarks;

/// <summary>How to start ours and the Node peers, over stdio and over Streamable HTTP.</summary>
internal static class ServerLaunch
{
    /// <summary>Our server's command line: the <c>mcp-memory</c> app host next to this program (as an installed tool runs).</summary>
    public static (string Command, List<string> Arguments) Ours(params string[] arguments)
    {
        var host = Path.Combine(AppContext.BaseDirectory, "mcp-memory");
        return File.Exists(host) ? (host, [.. arguments]) : ("dotnet", [RepositoryPaths.ServerDll, .. arguments]);
    }

    public static string EverythingScript => Path.Combine(RepositoryPaths.Interop, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");

    public static string MemoryScript => Path.Combine(RepositoryPaths.Interop, "node_modules", "@modelcontextprotocol", "server-memory", "dist", "index.js");

    public static Task<McpClient> ConnectStdioAsync(string name, string command, IList<string> arguments, Dictionary<string, string?>? environment = null) =>
        McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = name,
            Command = command,
            Arguments = arguments,
            EnvironmentVariables = environment,
            ShutdownTimeout = TimeSpan.FromSeconds(30),
            StandardErrorLines = static _ => { },
        }));

    /// <summary>Starts an HTTP server process, waits until its port accepts connections, and connects a client to <c>/mcp</c>.</summary>
    public static async Task<HttpServerProcess> StartHttpAsync(string command, IEnumerable<string> arguments, int port, Dictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(command, arguments)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment ?? [])
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {command}");
        process.ErrorDataReceived += static (_, _) => { };
        process.OutputDataReceived += static (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{command} exited with {process.ExitCode} before listening on port {port}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                break;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(50);
            }
        }

        var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri($"http://127.0.0.1:{port}/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
        }));
        return new HttpServerProcess(process, client);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
