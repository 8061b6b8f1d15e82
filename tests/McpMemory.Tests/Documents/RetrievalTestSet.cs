using System.Text.Json;
using System.Text.RegularExpressions;
using McpMemory.Core;
using McpMemory.Core.Documents;
using McpMemory.Core.Episodic;
using McpMemory.Core.Identity;
using McpMemory.Storage.Arrow;
using McpMemory.Tests.Storage;
using McpMemory.Tests.Support;
using Microsoft.Extensions.Options;

namespace McpMemory.Tests.Documents;

/// <summary>
/// A small realistic retrieval test set: five documents (a travel policy, a sourdough guide in plain text, a database
/// runbook with code, this repository's README and style guide as they were when the set was made) and 47 questions,
/// each with the phrase of the document that answers it. A hit counts when its chunk holds the whole phrase.
/// </summary>
internal static class RetrievalTestSet
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "Data", "documents");

    public static IReadOnlyList<(string Document, string Question, string Evidence)> Questions { get; } = LoadQuestions();

    public static IReadOnlyList<string> Documents { get; } = Questions.Select(q => q.Document).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Where the evidence of a question is in its document's text (whitespace may differ: the documents wrap lines).</summary>
    public static (int Start, int End) Locate(string text, string evidence)
    {
        var pattern = string.Join(@"\s+", evidence.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape));
        var match = Regex.Match(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        return match.Success ? (match.Index, match.Index + match.Length) : throw new InvalidOperationException($"'{evidence}' is not in the document");
    }

    /// <summary>Adds the documents to a fresh store with <paramref name="options"/> and measures recall of every question.</summary>
    public static async Task<RetrievalScores> MeasureAsync(string directory, ArrowStoreOptions options, SearchMode mode, CancellationToken cancellationToken)
    {
        await using var store = await StoreFactory.OpenAsync(directory, options);
        var memory = new DocumentMemory(store, DocumentChunker.For(SharedEmbedder.ArcticXs), Options.Create(new McpMemoryOptions { DataDirectory = directory }));
        var principal = new MemoryPrincipal("eval", new PrincipalOptions());
        var ids = new Dictionary<string, (string Id, string Text)>(StringComparer.Ordinal);
        foreach (var name in Documents)
        {
            var text = await File.ReadAllTextAsync(Path.Combine(Folder, name), cancellationToken);
            var (_, outcome) = await memory.AddAsync(principal, null, new DocumentInput { Text = text, Source = name }, cancellationToken: cancellationToken);
            ids[name] = (outcome.Document.Id, text);
        }

        var ranks = new List<int?>();
        foreach (var (document, question, evidence) in Questions)
        {
            var (id, text) = ids[document];
            var (start, end) = Locate(text, evidence);
            var (_, hits) = await memory.SearchAsync(principal, null, new DocumentSearchQuery { Text = question, K = 10, Mode = mode, WaitForEmbeddings = true }, cancellationToken);
            var rank = hits.Select((h, i) => (h, i)).FirstOrDefault(x => x.h.Chunk.DocumentId == id && x.h.Chunk.Start <= start && x.h.Chunk.End >= end, (null!, -1)).Item2;
            ranks.Add(rank < 0 ? null : rank + 1);
        }

        return new RetrievalScores(ranks);
    }

    private static List<(string, string, string)> LoadQuestions()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "questions.json")));
        return json.RootElement.EnumerateArray()
            .Select(q => (q.GetProperty("document").GetString()!, q.GetProperty("question").GetString()!, q.GetProperty("evidence").GetString()!))
            .ToList();
    }
}
