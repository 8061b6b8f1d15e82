using McpMemory.Core;
using Microsoft.Extensions.Options;

namespace McpMemory.A2A.Tasks;

/// <summary>
/// Tells which process runs a task, so that several <c>mcp-memory</c> processes can share one data directory. Each
/// process holds an exclusive OS lock on its own file <c>DATA_DIR/a2a/runners/ID.lock</c> for as long as it lives (on
/// Unix .NET takes <c>flock(LOCK_EX | LOCK_NB)</c> for <see cref="FileShare.None"/>, and the kernel drops it when the
/// process ends in any way, SIGKILL included). A task names its runner's id; a runner whose lock can be taken is gone,
/// and its unfinished tasks will never finish.
/// </summary>
internal sealed class TaskRunners : IDisposable
{
    private readonly string _directory;
    private readonly FileStream _own;

    public TaskRunners(IOptions<McpMemoryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _directory = Path.Combine(options.Value.DataDirectory, "a2a", "runners");
        Directory.CreateDirectory(_directory);
        Id = Guid.NewGuid().ToString("N");
        _own = new FileStream(PathOf(Id), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
    }

    /// <summary>This process's runner id.</summary>
    public string Id { get; }

    /// <summary>True when the process with runner id <paramref name="id"/> still runs (this one always does).</summary>
    public bool IsAlive(string? id)
    {
        if (id == Id)
        {
            return true;
        }

        if (string.IsNullOrEmpty(id) || !id.All(char.IsAsciiLetterOrDigit))
        {
            return false;
        }

        try
        {
            using (new FileStream(PathOf(id), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
            }

            // Taken, so its process is gone: the file is no longer anyone's.
            File.Delete(PathOf(id));
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose()
    {
        _own.Dispose();
        File.Delete(PathOf(Id));
    }

    private string PathOf(string id) => Path.Combine(_directory, id + ".lock");
}
