using Microsoft.Extensions.Logging;

namespace McpMemory.Storage.Arrow.Diagnostics;

/// <summary>
/// Named points on the store's write paths where a crash is most harmful. Each is logged as a Debug trace event
/// (<c>trace point=NAME</c>), and the crash tests SIGKILL the server at each one. When the environment variable
/// <c>MCPMEMORY_PAUSE_AT</c> names a point (<c>NAME</c>, or <c>NAME@N</c> for its N-th visit), the thread that reaches
/// it stops there for good after logging <c>paused at NAME</c> (at Warning), so that a kill lands exactly there; it is
/// a test hook and is never set in use.
/// </summary>
internal static partial class TracePoints
{
    /// <summary>A new namespace's folders exist, its manifest does not yet: its very first write is under way.</summary>
    public const string NamespaceCreate = "namespace.create";

    /// <summary>Half of a batch of new records is in the log file, not yet acknowledged.</summary>
    public const string AddTorn = "wal.add.partial";

    /// <summary>Half of an embedding commit (the vectors of a micro-batch) is in the log file.</summary>
    public const string EmbedTorn = "wal.embed.partial";

    /// <summary>A segment file is half written (as a temporary file) during a flush.</summary>
    public const string SegmentWrite = "segment.write";

    /// <summary>Compaction has written its new segment; the manifest that makes it live is not published yet.</summary>
    public const string CompactionCommit = "compaction.commit";

    /// <summary>A new manifest is published; the files it replaced are not removed yet.</summary>
    public const string CheckpointCleanup = "checkpoint.cleanup";

    /// <summary>A reindex has all new vectors; its segment and manifest are not written yet.</summary>
    public const string ReindexCommit = "reindex.commit";

    /// <summary>The environment variable that names the point to pause at.</summary>
    public const string PauseVariable = "MCPMEMORY_PAUSE_AT";

    private static readonly (string? Point, int Visit) PauseAt = ParsePauseAt(Environment.GetEnvironmentVariable(PauseVariable));
    private static int _visits;

    /// <summary>
    /// True when reaching <paramref name="point"/> is logged or paused at, so that a caller only pays for a trace point
    /// that costs something (such as splitting a write in two) when anyone is watching.
    /// </summary>
    public static bool IsWatched(ILogger logger, string point) =>
        logger.IsEnabled(LogLevel.Debug) || string.Equals(PauseAt.Point, point, StringComparison.Ordinal);

    /// <summary>Logs that <paramref name="point"/> is reached, and stops the thread there if the test hook names it.</summary>
    public static void Reach(ILogger logger, string point, string @namespace)
    {
        LogReached(logger, point, @namespace);
        if (!string.Equals(PauseAt.Point, point, StringComparison.Ordinal) || Interlocked.Increment(ref _visits) != PauseAt.Visit)
        {
            return;
        }

        LogPaused(logger, point, @namespace, PauseVariable);
        Thread.Sleep(Timeout.Infinite);
    }

    private static (string? Point, int Visit) ParsePauseAt(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return (null, 0);
        }

        var at = value.IndexOf('@', StringComparison.Ordinal);
        return at < 0
            ? (value, 1)
            : (value[..at], int.Parse(value.AsSpan(at + 1), System.Globalization.CultureInfo.InvariantCulture));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "trace point={Point} namespace={Namespace}")]
    private static partial void LogReached(ILogger logger, string point, string @namespace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "paused at {Point} in namespace {Namespace}, because {Variable} names it; waiting to be killed")]
    private static partial void LogPaused(ILogger logger, string point, string @namespace, string variable);
}
