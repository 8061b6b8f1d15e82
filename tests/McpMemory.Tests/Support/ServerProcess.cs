using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using McpMemory.Mcp;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpMemory.Tests.Support;

/// <summary>
/// Runs the real <c>mcp-memory</c> program (the build referenced by this test project) as a child process, and
/// connects the MCP SDK's client to it over stdio or HTTP.
/// </summary>
public static class ServerProcess
{
    public static string ServerDll { get; } = Path.Combine(AppContext.BaseDirectory, "mcp-memory.dll");

    public static string DotnetHost { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public static RequestOptions ToolOptions { get; } = new() { JsonSerializerOptions = McpMemoryJsonContext.ToolOptions };

    /// <summary>Starts <c>mcp-memory serve</c> over stdio and connects a client to it.</summary>
    public static Task<McpClient> StartStdioAsync(string dataDirectory, IDictionary<string, string?>? environment = null, IList<string>? stderr = null, CancellationToken cancellationToken = default) =>
        StartStdioAsync(dataDirectory, environment, line =>
        {
            if (stderr is not null)
            {
                lock (stderr)
                {
                    stderr.Add(line);
                }
            }
        }, cancellationToken);

    /// <summary>Starts <c>mcp-memory serve</c> over stdio, handing each line of its stderr to <paramref name="onStderrLine"/>.</summary>
    public static async Task<McpClient> StartStdioAsync(string dataDirectory, IDictionary<string, string?>? environment, Action<string> onStderrLine, CancellationToken cancellationToken = default)
    {
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "mcp-memory",
            Command = DotnetHost,
            Arguments = [ServerDll, "serve", "--data-dir", dataDirectory],
            EnvironmentVariables = environment ?? new Dictionary<string, string?>(),
            StandardErrorLines = onStderrLine,
            ShutdownTimeout = TimeSpan.FromSeconds(20),
        });
        return await McpClient.CreateAsync(transport, cancellationToken: cancellationToken);
    }

    /// <summary>Runs the program to completion and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> arguments, IDictionary<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        using var process = Start(arguments, environment);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    public static Process Start(IEnumerable<string> arguments, IDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ServerDll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start mcp-memory");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Calls a tool and returns its structured content, failing the test on a tool error.</summary>
    public static async Task<JsonElement> CallAsync(this McpClient client, string tool, Dictionary<string, object?> arguments, CancellationToken cancellationToken, IProgress<ModelContextProtocol.ProgressNotificationValue>? progress = null)
    {
        var result = await client.CallToolAsync(tool, arguments, progress, ToolOptions, cancellationToken);
        Assert.True(result.IsError != true, $"{tool} failed: {ErrorText(result)}");
        return result.StructuredContent ?? throw new Xunit.Sdk.XunitException($"{tool} returned no structured content");
    }

    /// <summary>Calls a tool that must fail and returns its error text.</summary>
    public static async Task<string> CallExpectingErrorAsync(this McpClient client, string tool, Dictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        var result = await client.CallToolAsync(tool, arguments, null, ToolOptions, cancellationToken);
        Assert.True(result.IsError == true, $"{tool} should have failed but returned {result.StructuredContent}");
        return ErrorText(result);
    }

    public static string ErrorText(CallToolResult result)
    {
        var text = new StringBuilder();
        foreach (var block in result.Content.OfType<TextContentBlock>())
        {
            text.Append(block.Text);
        }

        return text.ToString();
    }
}
