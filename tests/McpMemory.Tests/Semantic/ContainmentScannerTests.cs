using McpMemory.Core.Semantic;

namespace McpMemory.Tests.Semantic;

public sealed class ContainmentScannerTests
{
    [Fact]
    public void Scan_FindsEachDocumentHoldingTheText_AcrossChunksAndInAnyScript()
    {
        var scanner = new ContainmentScanner();
        var texts = Enumerable.Range(0, 1_500).Select(i => i switch
        {
            3 => "café crème au lait",
            700 => "東京の天気は晴れ",
            1_200 => "naïve café",
            _ => $"document {i} with plain words",
        }).ToList();
        for (var i = 0; i < texts.Count; i++)
        {
            scanner.Add(i, texts[i]);
        }

        List<int> Scan(string query)
        {
            var found = new List<int>();
            scanner.Scan(query, found.Add);
            return found;
        }

        Assert.Equal([3, 1_200], Scan("café"));
        Assert.Equal([700], Scan("天気"));
        Assert.Equal([3], Scan("é crè"));
        Assert.Equal([1_499], Scan("document 1499 "));
        Assert.Equal(Enumerable.Range(0, 1_500).Where(i => texts[i].Contains("document 1", StringComparison.Ordinal)), Scan("document 1"));

        // A match never spans two documents, and an empty query matches every document once.
        Assert.Empty(Scan("words document"));
        Assert.Equal(1_500, Scan("").Count);
    }
}
