namespace McpMemory.Server.Cli;

/// <summary>
/// A progress bar on stderr: redrawn in place on a terminal, or a line every tenth of the way when stderr is a file
/// or pipe, so long jobs always show they are moving without flooding logs.
/// </summary>
internal sealed class TerminalProgress : IProgress<long>
{
    private const int Width = 30;
    private readonly string _label;
    private readonly long _total;
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private readonly Lock _gate = new();
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private long _lastDrawnTenth = -1;
    private long _lastDrawTicks;

    public TerminalProgress(string label, long total)
    {
        _label = label;
        _total = Math.Max(1, total);
    }

    public string Suffix { get; set; } = "";

    public void Report(long value)
    {
        lock (_gate)
        {
            var fraction = Math.Clamp((double)value / _total, 0, 1);
            if (_interactive)
            {
                if (value < _total && _clock.ElapsedMilliseconds - _lastDrawTicks < 100)
                {
                    return;
                }

                _lastDrawTicks = _clock.ElapsedMilliseconds;
                var filled = (int)(fraction * Width);
                Console.Error.Write($"\r{_label} [{new string('#', filled)}{new string('.', Width - filled)}] {fraction,4:P0} {value}/{_total} {Suffix}   ");
                if (value >= _total)
                {
                    Console.Error.WriteLine();
                }
            }
            else
            {
                var tenth = (long)(fraction * 10);
                if (tenth > _lastDrawnTenth)
                {
                    _lastDrawnTenth = tenth;
                    Console.Error.WriteLine($"{_label}: {fraction:P0} ({value}/{_total}) {Suffix}");
                }
            }
        }
    }
}
