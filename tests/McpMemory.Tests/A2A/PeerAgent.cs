using System.Diagnostics;
using System.Text.Json;
using McpMemory.Tests.Interop;

namespace McpMemory.Tests.A2A;

/// <summary>
/// A real A2A agent written with the reference JavaScript SDK (<c>tools/interop/a2a-peer.mjs</c>): 1.3.0 for the v1
/// family, 0.3.14 for v03, over JSON-RPC, or over REST only (v1rest, v03rest); a Node process on a free loopback port.
/// </summary>
public sealed class PeerAgent : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _stderr = [];

    private PeerAgent(Process process, Uri baseUri)
    {
        _process = process;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public string CardUrl => new Uri(BaseUri, "/.well-known/agent-card.json").ToString();

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

    /// <summary>Starts a peer: <paramref name="family"/> v1, v03, v1rest or v03rest, its card's skills, answer, slow, fail or ask, and how many 100 ms steps slow takes (40).</summary>
    public static async Task<PeerAgent> StartAsync(string family, string name, string skills, string behaviour, CancellationToken cancellationToken, int steps = 40)
    {
        var node = await InteropTools.Node22Async();
        var info = new ProcessStartInfo(node)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = InteropTools.Folder,
        };
        foreach (var argument in (string[])[Path.Combine(InteropTools.Folder, "a2a-peer.mjs"), family, name, skills, behaviour, steps.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start node a2a-peer.mjs");
        var stderr = new List<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.Add(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        var first = await process.StandardOutput.ReadLineAsync(cancellationToken);
        if (first is null)
        {
            await process.WaitForExitAsync(cancellationToken);
            lock (stderr)
            {
                throw new InvalidOperationException($"a2a-peer.mjs {family} {name} exited with {process.ExitCode} before it listened:\n{string.Join('\n', stderr)}");
            }
        }

        var url = JsonDocument.Parse(first).RootElement.GetProperty("url").GetString()!;
        var peer = new PeerAgent(process, new Uri(url));
        lock (stderr)
        {
            peer._stderr.AddRange(stderr);
        }

        return peer;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
