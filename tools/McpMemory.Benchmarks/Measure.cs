using System.Globalization;

namespace McpMemory.Benchmarks;

/// <summary>Order statistics and the comparison wording every benchmark prints.</summary>
internal static class Measure
{
    /// <summary>"Beat" means at least this many times the peer's figure.</summary>
    public const double BeatRatio = 1.2;

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1
            ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>The nearest-rank percentile <paramref name="p"/> (0..1) of <paramref name="values"/>.</summary>
    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    /// <summary>Says how <paramref name="ours"/> compares with <paramref name="peer"/> where higher is better.</summary>
    public static string Versus(double ours, double peer, bool higherIsBetter)
    {
        var ratio = higherIsBetter ? ours / peer : peer / ours;
        var verdict = ratio >= BeatRatio ? "beats" : ratio >= 1 ? "ahead, but short of the 1.2x bar" : "behind";
        return string.Create(CultureInfo.InvariantCulture, $"{ratio:F2}x ({verdict})");
    }

    /// <summary>The ratio ours/peer where higher is better (peer/ours otherwise), rounded for the JSON line.</summary>
    public static double Ratio(double ours, double peer, bool higherIsBetter) =>
        Math.Round(higherIsBetter ? ours / peer : peer / ours, 3);

    public static double Round(double value, int digits = 2) => Math.Round(value, digits);

    public static void Progress(string message) => Console.Error.WriteLine(message);
}
