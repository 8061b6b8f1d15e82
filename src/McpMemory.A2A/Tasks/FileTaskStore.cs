using System.Collections.Concurrent;
using System.Text.Json;
using McpMemory.A2A.Protocol;
using McpMemory.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpMemory.A2A.Tasks;

/// <summary>
/// Keeps each task in <c>DATA_DIR/a2a/tasks/ID.json</c>, written to a temporary file, flushed and renamed over the
/// old one, so a task is either its old or its new self after a crash. All tasks are read into memory when the store
/// opens; the files are the durable copy.
/// </summary>
internal sealed partial class FileTaskStore : ITaskStore
{
    private readonly string _directory;
    private readonly ConcurrentDictionary<string, A2ATask> _tasks = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public FileTaskStore(IOptions<McpMemoryOptions> options, ILogger<FileTaskStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _directory = Path.Combine(options.Value.DataDirectory, "a2a", "tasks");
        Directory.CreateDirectory(_directory);
        foreach (var file in Directory.EnumerateFiles(_directory, "*.json"))
        {
            try
            {
                var task = JsonSerializer.Deserialize(File.ReadAllBytes(file), TaskStoreJsonContext.Default.A2ATask);
                if (task is not null)
                {
                    _tasks[task.Id] = task;
                }
            }
            catch (JsonException e)
            {
                LogUnreadable(logger, file, e.Message);
            }
        }
    }

    public Task<A2ATask?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(_tasks.TryGetValue(id, out var task) ? task : null);

    public async Task SaveAsync(A2ATask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(task, TaskStoreJsonContext.Default.A2ATask);
        var path = Path.Combine(_directory, FileName(task.Id));
        var temporary = path + ".tmp";
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            WriteDurably(temporary, path, bytes);
            _tasks[task.Id] = task;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public Task<IReadOnlyList<A2ATask>> ListAsync(string owner, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<A2ATask>>(
            [.. _tasks.Values.Where(t => t.Owner == owner).OrderByDescending(t => t.Status.Timestamp).ThenByDescending(t => t.Id, StringComparer.Ordinal)]);

    public Task<IReadOnlyList<A2ATask>> ListUnfinishedAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<A2ATask>>([.. _tasks.Values.Where(t => !t.Status.State.IsTerminal())]);

    // Synchronous like the store's own files: a task file is a few KiB, and fsync has no asynchronous form.
    private static void WriteDurably(string temporary, string path, byte[] bytes)
    {
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static string FileName(string id)
    {
        // Ids are ours (32 hex digits); anything else is refused rather than used as a path.
        if (id.Length is 0 or > 64 || !id.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"'{id}' is not a task id.", nameof(id));
        }

        return id + ".json";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped the unreadable A2A task file {File}: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string file, string reason);
}
