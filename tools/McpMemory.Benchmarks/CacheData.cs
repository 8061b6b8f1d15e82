using System.Text.Json;

namespace McpMemory.Benchmarks;

/// <summary>The cache benchmark's inputs: GPTCache's paraphrase pairs and our adversarial pairs.</summary>
internal static class CacheData
{
    /// <summary>A true pair: <c>similar</c> asks what <c>origin</c> asks.</summary>
    public sealed record Paraphrase(string Origin, string Similar);

    /// <summary>Two questions that must not share an answer.</summary>
    public sealed record Adversarial(string Category, string A, string B);

    /// <summary>The paraphrase file: <c>--pairs FILE</c>, else <c>../shared/data/semantic-cache/paraphrase-pairs-1k.json</c> from the repository root.</summary>
    public static string ParaphrasePath(BenchmarkArguments arguments)
    {
        var given = arguments.Text("--pairs");
        var path = given ?? Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "..", "shared", "data", "semantic-cache", "paraphrase-pairs-1k.json"));
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"cache: the paraphrase pairs file is absent: {path} does not exist. It is GPTCache's 999 pairs (a JSON array of {{\"origin\", \"similar\"}}); " +
                "put it at ../shared/data/semantic-cache/paraphrase-pairs-1k.json beside the repository, or pass --pairs FILE.", path);
    }

    /// <summary>The adversarial file: <c>--adversarial FILE</c>, else the committed <c>tools/McpMemory.Benchmarks/data/cache-adversarial.json</c>.</summary>
    public static string AdversarialPath(BenchmarkArguments arguments)
    {
        var path = arguments.Text("--adversarial") ?? Path.Combine(RepositoryPaths.Root, "tools", "McpMemory.Benchmarks", "data", "cache-adversarial.json");
        return File.Exists(path) ? path : throw new FileNotFoundException($"cache: the adversarial pairs file {path} does not exist; pass --adversarial FILE.", path);
    }

    public static List<Paraphrase> LoadParaphrases(string path, int limit)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var pairs = new List<Paraphrase>();
        foreach (var item in json.RootElement.EnumerateArray())
        {
            var origin = item.GetProperty("origin").GetString();
            var similar = item.GetProperty("similar").GetString();
            if (string.IsNullOrWhiteSpace(origin) || string.IsNullOrWhiteSpace(similar))
            {
                throw new InvalidOperationException($"cache: pair {pairs.Count} of {path} lacks 'origin' or 'similar'");
            }

            pairs.Add(new Paraphrase(origin, similar));
        }

        return [.. pairs.Take(limit)];
    }

    public static List<Adversarial> LoadAdversarial(string path, int limit)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return [.. json.RootElement.GetProperty("pairs").EnumerateArray()
            .Select(p => new Adversarial(p.GetProperty("category").GetString()!, p.GetProperty("a").GetString()!, p.GetProperty("b").GetString()!))
            .Take(limit)];
    }
}
