using System.Diagnostics;
using System.Text.Json;

namespace McpMemory.Benchmarks;

/// <summary>
/// The LanceDB side of the vector benchmark: <c>tools/interop/lancedb-flat-search.mjs</c> under Node 22, kept running and
/// driven line by line over stdin, so its runs interleave with ours.
/// </summary>
internal sealed class LanceDbPeer : IAsyncDisposable
{
    private readonly Process _process;

    public LanceDbPeer(string node, string vectorsFile, int dimensions, string workDirectory)
    {
        var start = new ProcessStartInfo(node, [Path.Combine(RepositoryPaths.Interop, "lancedb-flat-search.mjs"), vectorsFile, dimensions.ToString(System.Globalization.CultureInfo.InvariantCulture), workDirectory])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Interop,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("cannot start Node");
    }

    public async Task LoadAsync(int rows)
    {
        var answer = await AskAsync(JsonSerializer.Serialize(new { rows })).ConfigureAwait(false);
        Measure.Progress($"vectors: LanceDB table of {answer.GetProperty("loaded").GetInt64():N0} rows written in {answer.GetProperty("ms").GetDouble():F0} ms");
    }

    public async Task<(List<double> Latencies, List<int[]> Ids)> SearchAsync(string queriesFile, int k)
    {
        var answer = await AskAsync(JsonSerializer.Serialize(new { queries = queriesFile, k })).ConfigureAwait(false);
        var latencies = answer.GetProperty("latencies_ms").EnumerateArray().Select(e => e.GetDouble()).ToList();
        var ids = answer.GetProperty("ids").EnumerateArray().Select(row => row.EnumerateArray().Select(e => e.GetInt32()).ToArray()).ToList();
        return (latencies, ids);
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            _process.Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private async Task<JsonElement> AskAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync().ConfigureAwait(false);
        var line = await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false)
            ?? throw new InvalidOperationException("the LanceDB script exited; see its messages above");
        return JsonDocument.Parse(line).RootElement;
    }
}
