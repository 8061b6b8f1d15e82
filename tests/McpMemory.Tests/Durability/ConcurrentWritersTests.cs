using McpMemory.Tests.Support;
using ModelContextProtocol.Client;

namespace McpMemory.Tests.Durability;

/// <summary>Several server processes on one data directory, written to at once over stdio and HTTP.</summary>
public sealed class ConcurrentWritersTests : IDisposable
{
    private const int Batches = 8;
    private const int BatchSize = 25;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public async Task ManyProcesses_WritingAtOnceOverStdioAndHttp_EveryProcessCountsExactlyTheAcknowledgedWrites(int processes)
    {
        var ct = TestTimeouts.Token();
        var servers = new List<HttpServer>();
        var clients = new List<McpClient>();
        try
        {
            for (var p = 0; p < processes; p++)
            {
                if (p % 2 == 0)
                {
                    clients.Add(await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: ct));
                }
                else
                {
                    var server = await HttpServer.StartAsync(_temp.Path, cancellationToken: ct);
                    servers.Add(server);
                    clients.Add(await server.ConnectAsync(cancellationToken: ct));
                }
            }

            var acknowledged = await Task.WhenAll(clients.Select((client, p) => WriteAsync(client, p, ct)));
            var all = acknowledged.SelectMany(ids => ids).ToList();

            Assert.Equal(processes * Batches * BatchSize, all.Count);
            Assert.Equal(all.Count, all.Distinct().Count());
            var roles = new List<string>();
            foreach (var client in clients)
            {
                var stats = await client.CallAsync("memory_stats", [], ct);
                roles.Add(stats.GetProperty("role").GetString()!);
                Assert.Equal(all.Count, stats.GetProperty("namespaces")[0].GetProperty("episodes").GetInt32());
                foreach (var chunk in all.Chunk(500))
                {
                    var got = await client.CallAsync("episode_get", new() { ["ids"] = chunk.ToList() }, ct);
                    Assert.Equal(chunk.Length, got.GetProperty("episodes").GetArrayLength());
                }
            }

            Assert.Equal(1, roles.Count(role => role == "owner"));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }

            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static async Task<List<string>> WriteAsync(McpClient client, int process, CancellationToken ct)
    {
        var ids = new List<string>();
        for (var batch = 0; batch < Batches; batch++)
        {
            var episodes = Enumerable.Range(0, BatchSize)
                .Select(i => new Dictionary<string, object?> { ["text"] = $"process {process} batch {batch} record {i}: a note about the weather" })
                .ToList();
            var result = await client.CallAsync("episode_add", new() { ["episodes"] = episodes }, ct);
            ids.AddRange(result.GetProperty("ids").EnumerateArray().Select(id => id.GetString()!));
        }

        return ids;
    }
}
