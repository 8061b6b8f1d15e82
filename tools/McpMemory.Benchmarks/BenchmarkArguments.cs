using System.Globalization;

namespace McpMemory.Benchmarks;

/// <summary>The <c>--name value</c> options after the subcommand.</summary>
internal sealed class BenchmarkArguments
{
    private readonly string[] _args;

    public BenchmarkArguments(string[] args) => _args = args;

    public int Int(string name, int fallback) =>
        Text(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    /// <summary>True when <paramref name="name"/> is among the arguments (a flag such as <c>--quick</c>, or a word such as <c>record</c>).</summary>
    public bool Flag(string name) => Array.IndexOf(_args, name) >= 0;

    public string? Text(string name)
    {
        var index = Array.IndexOf(_args, name);
        return index >= 0 && index + 1 < _args.Length ? _args[index + 1] : null;
    }
}
