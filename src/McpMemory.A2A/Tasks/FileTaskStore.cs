using System.Collections.Concurrent;
using System.Text.Json;
using McpMemory.A2A.Protocol;
using McpMemory.A2A.Server;
using McpMemory.Core;
using McpMemory.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpMemory.A2A.Tasks;

/// <summary>
/// Keeps each task in <c>DATA_DIR/a2a/tasks/ID.json</c>, written to a temporary file, flushed and renamed over the
/// old one, so a task is either its old or its new self after a crash. Finished tasks are cached in memory with the
/// time of their file; a file that another process on the same data directory has written since is read again, so
/// every process sees every task. An ended task is deleted <see cref="A2AServerOptions.TaskRetention"/> after it ended
/// (swept when the store opens and then now and then as it is used; one asked for past that is gone too).
/// </summary>
internal sealed partial class FileTaskStore : ITaskStore
{
    private readonly string _directory;
    private readonly ILogger<FileTaskStore> _logger;
    private readonly ConcurrentDictionary<string, (A2ATask Task, DateTime Written)> _tasks = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _retention;
    private long _nextSweep;

    public FileTaskStore(IOptions<McpMemoryOptions> options, IOptions<A2AServerOptions> serverOptions, ILogger<FileTaskStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serverOptions);
        _logger = logger;
        _time = options.Value.TimeProvider;
        _retention = serverOptions.Value.TaskRetention;
        _directory = Path.Combine(options.Value.DataDirectory, "a2a", "tasks");
        Directory.CreateDirectory(_directory);
        RemoveStaleTemporaries();
        Refresh();
    }

    public Task<A2ATask?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!IsTaskId(id))
        {
            return Task.FromResult<A2ATask?>(null);
        }

        var file = new FileInfo(Path.Combine(_directory, id + ".json"));
        var task = file.Exists ? Read(file) : null;
        if (task is not null && IsExpired(task, _time.GetUtcNow()))
        {
            // Past its retention though no sweep has come by yet: it is gone all the same.
            Delete(id);
            return Task.FromResult<A2ATask?>(null);
        }

        return Task.FromResult(task);
    }

    /// <summary>
    /// Writes the task, flushed to disk first when <paramref name="flush"/> says so. The caller writes one task at a time
    /// (each task's changes are ordered by its runner), and different tasks are written in parallel.
    /// </summary>
    public Task SaveAsync(A2ATask task, bool flush, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(task, TaskStoreJsonContext.Default.A2ATask);
        var path = Path.Combine(_directory, FileName(task.Id));
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        // Synchronous like the store's own files: a task file is a few KiB, and fsync has no asynchronous form. Only
        // this user may read it: a task may hold a webhook's credentials.
        PrivateFile.Write(path, temporary, bytes, flush);
        _tasks[task.Id] = (task, File.GetLastWriteTimeUtc(path));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<A2ATask>> ListAsync(string owner, CancellationToken cancellationToken = default)
    {
        Refresh();
        return Task.FromResult<IReadOnlyList<A2ATask>>(
            [.. _tasks.Values.Select(t => t.Task).Where(t => t.Owner == owner).OrderByDescending(t => t.Status.Timestamp).ThenByDescending(t => t.Id, StringComparer.Ordinal)]);
    }

    public Task<IReadOnlyList<A2ATask>> ListUnfinishedAsync(CancellationToken cancellationToken = default)
    {
        Refresh();
        return Task.FromResult<IReadOnlyList<A2ATask>>([.. _tasks.Values.Select(t => t.Task).Where(t => !t.Status.State.IsTerminal())]);
    }

    // Reads every task file that is new or changed since it was cached, forgets those whose file is gone (another
    // process deleted them), and deletes ended tasks past their retention.
    private void Refresh()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in new DirectoryInfo(_directory).EnumerateFiles("*.json"))
        {
            seen.Add(Path.GetFileNameWithoutExtension(file.Name));
            Read(file);
        }

        foreach (var id in _tasks.Keys.Where(id => !seen.Contains(id)).ToList())
        {
            _tasks.TryRemove(id, out _);
        }

        Sweep();
    }

    // Tasks that ended longer ago than the retention are deleted; looked for at most every tenth of the
    // retention (between 1 s and an hour), so listing stays cheap.
    private void Sweep()
    {
        var now = _time.GetUtcNow();
        if (_retention <= TimeSpan.Zero || now.UtcTicks < Interlocked.Read(ref _nextSweep))
        {
            return;
        }

        var every = TimeSpan.FromTicks(Math.Clamp(_retention.Ticks / 10, TimeSpan.TicksPerSecond, TimeSpan.TicksPerHour));
        Interlocked.Exchange(ref _nextSweep, (now + every).UtcTicks);
        var expired = _tasks.Values.Where(t => IsExpired(t.Task, now)).Select(t => t.Task.Id).ToList();
        foreach (var id in expired)
        {
            Delete(id);
        }

        if (expired.Count > 0)
        {
            LogExpired(_logger, expired.Count, _retention);
        }
    }

    private A2ATask? Read(FileInfo file)
    {
        var id = Path.GetFileNameWithoutExtension(file.Name);
        var written = file.LastWriteTimeUtc;
        // File times are only as fine as the kernel's clock tick, so an unfinished task, which may change again within
        // one, is always read anew (a few KiB); a finished one changes only when a push config is set.
        if (_tasks.TryGetValue(id, out var cached) && cached.Written == written && cached.Task.Status.State.IsTerminal())
        {
            return cached.Task;
        }

        try
        {
            var task = JsonSerializer.Deserialize(File.ReadAllBytes(file.FullName), TaskStoreJsonContext.Default.A2ATask);
            if (task is null || task.Id != id)
            {
                LogUnreadable(_logger, file.FullName, "it does not hold the task its name says");
                return null;
            }

            _tasks[id] = (task, written);
            return task;
        }
        catch (JsonException e)
        {
            LogUnreadable(_logger, file.FullName, e.Message);
            return null;
        }
        catch (FileNotFoundException)
        {
            return cached.Task;
        }
    }
    // Temporary files a killed process left; another process's write in progress is younger than a minute.
    private void RemoveStaleTemporaries()
    {
        foreach (var file in new DirectoryInfo(_directory).EnumerateFiles("*.tmp"))
        {
            if (file.LastWriteTimeUtc < DateTime.UtcNow.AddMinutes(-1))
            {
                try
                {
                    file.Delete();
                }
                catch (IOException)
                {
                    // Someone else removed it first.
                }
            }
        }
    }

    private bool IsExpired(A2ATask task, DateTimeOffset now) =>
        _retention > TimeSpan.Zero && task.Status.State.IsTerminal() && task.Status.Timestamp < now - _retention;

    private void Delete(string id)
    {
        try
        {
            File.Delete(Path.Combine(_directory, FileName(id)));
            _tasks.TryRemove(id, out _);
        }
        catch (IOException e)
        {
            LogNotDeleted(_logger, id, e.Message);
        }
    }

    private static string FileName(string id) =>
        IsTaskId(id) ? id + ".json" : throw new ArgumentException($"'{id}' is not a task id.", nameof(id));

    // Ids are ours (32 hex digits); anything else is refused rather than used as a path.
    private static bool IsTaskId(string id) => id.Length is > 0 and <= 64 && id.All(char.IsAsciiLetterOrDigit);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} A2A tasks that ended more than {Retention} ago (McpMemory:A2A:TaskRetention)")]
    private static partial void LogExpired(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the expired A2A task {TaskId}: {Reason}")]
    private static partial void LogNotDeleted(ILogger logger, string taskId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped the unreadable A2A task file {File}: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string file, string reason);
}
