using System.Text.Json;
using McpMemory.A2A.Client;
using McpMemory.Core;
using Microsoft.Extensions.Options;

namespace McpMemory.Mcp.Agents;

/// <summary>
/// The peer agents this server calls: registered by agent-card URL, kept durably in <c>DATA_DIR/agents/peers.json</c>
/// (in memory only without a data directory), with the tasks in flight to each. Each principal has its own agents.
/// Routing picks the least loaded peer that has a skill (in flight / capacity, then name) and waits while every such
/// peer is at its capacity. Peer URLs are data: they are only ever fetched over http(s).
/// Several processes may share the file: each change is made under an exclusive lock on <c>peers.json.lock</c> to the
/// file as it is then, and a file another process has changed is read again before it is used. Tasks in flight are
/// counted per process.
/// </summary>
public sealed partial class AgentDirectory : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AgentPeer> _peers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly string? _file;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly IReadOnlyList<string> _allowed;
    private (DateTime Written, long Length) _loaded;

    /// <summary>Reads the peers registered before; <paramref name="agentOptions"/> may limit which URLs they may have.</summary>
    public AgentDirectory(IOptions<McpMemoryOptions> options, IOptions<AgentOptions>? agentOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _allowed = [.. agentOptions?.Value.AllowedUrls ?? []];
        _time = options.Value.TimeProvider;
        _file = string.IsNullOrWhiteSpace(options.Value.DataDirectory) ? null : Path.Combine(options.Value.DataDirectory, "agents", "peers.json");
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };
        Client = new A2AClient(_http);
        Refresh();
    }

    /// <summary>The A2A client the peers are called with.</summary>
    public A2AClient Client { get; }

    /// <summary>
    /// Reads the card at <paramref name="cardUrl"/> and registers (or updates) the agent under its card's name for
    /// <paramref name="owner"/> (a principal's name): each principal has its own agents, and no one else's can be
    /// replaced or called. A card is data from the peer, so one read from another URL that names itself as an agent
    /// already registered replaces that agent only with <paramref name="replace"/>.
    /// </summary>
    public async Task<(AgentPeer Peer, bool Added)> RegisterAsync(string owner, string cardUrl, int capacity, TimeSpan timeout, CancellationToken cancellationToken, bool replace = false, string? token = null)
    {
        if (capacity is < 1 or > 10_000)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'capacity' is {capacity}: give how many tasks the agent may have in flight at once, 1-10000.");
        }

        Uri url;
        try
        {
            url = A2AClient.CheckCardUrl(cardUrl);
        }
        catch (ArgumentException ex)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, ex.Message);
        }

        CheckAllowed(url, $"The agent card URL '{cardUrl}'");

        A2AAgentCard card;
        try
        {
            card = await Client.GetAgentCardAsync(url.ToString(), timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (A2AClientException ex)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.Unavailable, ex.Message);
        }

        token = string.IsNullOrWhiteSpace(token) ? null : token.Trim();
        var peer = AgentPeer.From(card, capacity, _time.GetUtcNow()) with { Owner = owner, Token = token };
        CheckAllowed(new Uri(peer.Endpoint), $"The card of '{peer.Name}' names the endpoint '{peer.Endpoint}', which");
        var added = false;
        await ChangeAsync(
            peers =>
            {
                added = !peers.TryGetValue(Key(peer), out var before);
                if (before is not null && !replace && !SameUrl(before.CardUrl, peer.CardUrl))
                {
                    throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"An agent named '{peer.Name}' is already registered, from {before.CardUrl}; the card at {peer.CardUrl} gives the same name. Give replace=true to make it that agent, or agent_remove '{before.Name}' first.");
                }

                if (before is not null)
                {
                    // Refreshing the card keeps the token given before, unless a new one is given.
                    peer = peer with { RegisteredAt = before.RegisteredAt, Token = peer.Token ?? (SameUrl(before.CardUrl, peer.CardUrl) ? before.Token : null) };
                }

                if (card.RequiresAuthentication && peer.Token is null)
                {
                    throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"The card of '{peer.Name}' at {peer.CardUrl} says that calls need credentials (its security requirements): give its bearer token with 'token', which is kept in the data directory and sent as Authorization: Bearer.");
                }

                peers[Key(peer)] = peer;
            },
            cancellationToken).ConfigureAwait(false);
        return (peer, added);
    }

    /// <summary>
    /// Forgets agent <paramref name="name"/> of <paramref name="owner"/> and returns it as it was. Tasks already sent to
    /// it are not touched. An agent registered before owners were kept is shared, so removing it removes it for all.
    /// </summary>
    public async Task<AgentView> RemoveAsync(string owner, string name, CancellationToken cancellationToken)
    {
        Refresh();
        AgentView? removed = null;
        await ChangeAsync(
            peers =>
            {
                var peer = Find(owner, name);
                removed = AgentView.From(peer, _inFlight.GetValueOrDefault(Key(peer)));
                peers.Remove(Key(peer));
            },
            cancellationToken).ConfigureAwait(false);
        return removed!;
    }

    /// <summary>The agents of <paramref name="owner"/> by name, with what each has in flight.</summary>
    public IReadOnlyList<AgentView> List(string owner)
    {
        Refresh();
        lock (_gate)
        {
            return [.. Visible(owner).OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => AgentView.From(p, _inFlight.GetValueOrDefault(Key(p))))];
        }
    }

    /// <summary>The view of one agent of <paramref name="owner"/>.</summary>
    public AgentView View(string owner, string name)
    {
        Refresh();
        lock (_gate)
        {
            var peer = Find(owner, name);
            return AgentView.From(peer, _inFlight.GetValueOrDefault(Key(peer)));
        }
    }

    /// <summary>
    /// Takes a slot on agent <paramref name="name"/> of <paramref name="owner"/> for one task, even past its capacity
    /// (the caller chose it); dispose it when the task is over.
    /// </summary>
    public AgentLease Lease(string owner, string name)
    {
        Refresh();
        lock (_gate)
        {
            var peer = Find(owner, name);
            CheckAllowed(new Uri(peer.Endpoint), $"Agent '{peer.Name}' has the endpoint '{peer.Endpoint}', which");
            return Take(peer);
        }
    }

    /// <summary>
    /// Takes a slot on the least loaded agent of <paramref name="owner"/> (in flight / capacity, then fewer in flight,
    /// then name) that has <paramref name="skill"/> and is not in <paramref name="tried"/>. When every such agent is at
    /// its capacity, waits until one has a free slot. Null when there is no such agent.
    /// </summary>
    public async Task<AgentLease?> LeaseForAsync(string owner, string skill, IReadOnlyCollection<string> tried, CancellationToken cancellationToken)
    {
        while (true)
        {
            Refresh();
            Task freed;
            lock (_gate)
            {
                var candidates = Visible(owner).Where(p => p.Has(skill) && !tried.Contains(p.Name, StringComparer.OrdinalIgnoreCase) && IsAllowed(p.Endpoint)).ToList();
                if (candidates.Count == 0)
                {
                    return null;
                }

                var peer = candidates
                    .Where(p => _inFlight.GetValueOrDefault(Key(p)) < p.Capacity)
                    .OrderBy(p => (double)_inFlight.GetValueOrDefault(Key(p)) / p.Capacity)
                    .ThenBy(p => _inFlight.GetValueOrDefault(Key(p)))
                    .ThenBy(p => p.Name, StringComparer.Ordinal)
                    .FirstOrDefault();
                if (peer is not null)
                {
                    return Take(peer);
                }

                freed = _released.Task;
            }

            // A slot frees when a lease is released; a registration elsewhere may add an agent, so look again now and then.
            await freed.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The skills the agents of <paramref name="owner"/> offer, for error messages.</summary>
    public string DescribeSkills(string owner)
    {
        Refresh();
        lock (_gate)
        {
            var skills = Visible(owner).SelectMany(p => p.Skills.Select(s => s.Id)).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
            return skills.Count == 0 ? "none (register agents with agent_register)" : string.Join(", ", skills);
        }
    }

    /// <summary>Notes that <paramref name="peer"/> answered now.</summary>
    public Task MarkSeenAsync(AgentPeer peer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var now = _time.GetUtcNow();
        return ChangeAsync(
            peers =>
            {
                if (peers.TryGetValue(Key(peer), out var stored))
                {
                    peers[Key(peer)] = stored with { LastSeen = now };
                }
            },
            cancellationToken);
    }

    private static bool SameUrl(string a, string b) =>
        Uri.TryCreate(a, UriKind.Absolute, out var x) && Uri.TryCreate(b, UriKind.Absolute, out var y) ? x == y : a == b;

    // An agent is known by its owner and name; agents registered before owners were kept belong to every principal
    // until one registers the name for itself, which hides the old one from it.
    private static string Key(AgentPeer peer) => Key(peer.Owner, peer.Name);

    private static string Key(string? owner, string name) => (owner ?? "") + "\u0000" + name.ToUpperInvariant();

    private IEnumerable<AgentPeer> Visible(string owner) =>
        _peers.Values.Where(p => p.Owner == owner || (p.Owner is null && !_peers.ContainsKey(Key(owner, p.Name))));

    // With McpMemory:Agents:AllowedUrls set, agents are only read and called under those prefixes.
    private bool IsAllowed(string url) =>
        _allowed.Count == 0 || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && _allowed.Any(prefix => A2A.UrlPrefix.IsUnder(uri, prefix)));

    private void CheckAllowed(Uri url, string what)
    {
        if (!IsAllowed(url.ToString()))
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"{what} is not under an allowed URL: this server only calls agents under {string.Join(", ", _allowed)}. Use one of those, or ask its operator to add a prefix to McpMemory:Agents:AllowedUrls.");
        }
    }

    private AgentLease Take(AgentPeer peer)
    {
        _inFlight[Key(peer)] = _inFlight.GetValueOrDefault(Key(peer)) + 1;
        return new AgentLease(this, peer);
    }

    internal void Release(AgentPeer peer)
    {
        TaskCompletionSource released;
        lock (_gate)
        {
            var left = _inFlight.GetValueOrDefault(Key(peer)) - 1;
            if (left > 0)
            {
                _inFlight[Key(peer)] = left;
            }
            else
            {
                _inFlight.Remove(Key(peer));
            }

            released = _released;
            _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        released.TrySetResult();
    }

    private AgentPeer Find(string owner, string name)
    {
        var peer = string.IsNullOrWhiteSpace(name) ? null : Visible(owner).FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
        if (peer is null)
        {
            var names = Visible(owner).Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
            var known = names.Count == 0 ? "none yet: register one with agent_register and its agent-card URL" : string.Join(", ", names);
            throw new McpMemoryException(McpMemoryErrorCodes.NotFound, $"No agent is registered as '{name}'. Registered agents: {known}.");
        }

        return peer;
    }

    // Reads the file again when it is not the one last read or written here (another process changed it).
    private void Refresh()
    {
        if (_file is null)
        {
            return;
        }

        var file = new FileInfo(_file);
        var stamp = file.Exists ? (file.LastWriteTimeUtc, file.Length) : default;
        lock (_gate)
        {
            if (stamp == _loaded)
            {
                return;
            }
        }

        List<AgentPeer> peers;
        try
        {
            peers = file.Exists ? JsonSerializer.Deserialize(File.ReadAllBytes(_file), AgentsJsonContext.Default.ListAgentPeer) ?? [] : [];
        }
        catch (JsonException ex)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.StorageFailure, $"{_file} is not a list of agents ({ex.Message}): fix or delete it, then register the agents again.");
        }
        catch (FileNotFoundException)
        {
            peers = [];
        }

        lock (_gate)
        {
            _peers.Clear();
            foreach (var peer in peers)
            {
                _peers[Key(peer)] = peer;
            }

            _loaded = stamp;
        }
    }

    // Applies a change to the peers as the file holds them now, under the file's lock, and writes the whole list to a
    // temporary file moved over the old one, so a crash leaves one or the other.
    private async Task ChangeAsync(Action<Dictionary<string, AgentPeer>> change, CancellationToken cancellationToken)
    {
        if (_file is null)
        {
            lock (_gate)
            {
                change(_peers);
            }

            return;
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
            await using var fileLock = await LockFileAsync(cancellationToken).ConfigureAwait(false);
            Refresh();
            List<AgentPeer> peers;
            lock (_gate)
            {
                change(_peers);
                peers = [.. _peers.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Owner, StringComparer.Ordinal)];
            }

            var temporary = _file + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".tmp";
            McpMemory.Core.Storage.PrivateFile.Write(_file, temporary, JsonSerializer.SerializeToUtf8Bytes(peers, AgentsJsonContext.Default.ListAgentPeer), flush: true);
            var written = new FileInfo(_file);
            lock (_gate)
            {
                _loaded = (written.LastWriteTimeUtc, written.Length);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    // The exclusive lock on peers.json.lock (flock on Unix, released by the kernel if the process dies); another
    // process holds it only for one read and write, so waiting is short.
    private async Task<FileStream> LockFileAsync(CancellationToken cancellationToken)
    {
        var path = _file + ".lock";
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 500)
            {
                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new McpMemoryException(McpMemoryErrorCodes.StorageFailure, $"{path} stayed locked for 10 s ({ex.Message}): another mcp-memory process is stuck writing the agent list; stop it and try again.");
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _http.Dispose();
        _writeLock.Dispose();
    }
}
