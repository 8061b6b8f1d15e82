using System.Numerics.Tensors;
using McpMemory.Core.Retrieval;
using Microsoft.Extensions.AI;

namespace McpMemory.Server.Eval;

/// <summary>
/// The plain retrieval baseline the eval compares against, computed in the eval's own process: one record per turn
/// with text <c>speaker: text</c>, ranked by all-MiniLM-L6-v2 cosine and by BM25 (k1 1.2, b 0.75, lower-cased word
/// terms) and fused by reciprocal rank fusion with k 60.
/// </summary>
internal sealed class PlainBaseline
{
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly Dictionary<string, (List<string> DiaIds, List<float[]> Vectors, Bm25Index Keywords)> _conversations = new(StringComparer.Ordinal);

    public PlainBaseline(IEmbeddingGenerator<string, Embedding<float>> embedder) => _embedder = embedder;

    public static string Text(LocomoTurn turn) => $"{turn.Speaker}: {turn.StoredText}";

    public async Task IndexAsync(LocomoConversation conversation, CancellationToken cancellationToken)
    {
        var texts = conversation.Turns.Select(Text).ToList();
        var embeddings = await _embedder.GenerateAsync(texts, cancellationToken: cancellationToken).ConfigureAwait(false);
        var keywords = new Bm25Index(KeywordAnalyzer.Plain, 1.2, 0.75);
        for (var i = 0; i < texts.Count; i++)
        {
            keywords.Add(i, texts[i]);
        }

        _conversations[conversation.Id] = (conversation.Turns.Select(t => t.DiaId).ToList(), embeddings.Select(e => e.Vector.ToArray()).ToList(), keywords);
    }

    public async Task<List<string>> SearchAsync(string conversation, string question, int k, CancellationToken cancellationToken)
    {
        var (diaIds, vectors, keywords) = _conversations[conversation];
        var query = (await _embedder.GenerateAsync([question], cancellationToken: cancellationToken).ConfigureAwait(false))[0].Vector.ToArray();
        var dense = new TopK(k);
        for (var i = 0; i < vectors.Count; i++)
        {
            dense.Add(i, TensorPrimitives.Dot<float>(query, vectors[i]));
        }

        var denseRanking = dense.Drain().Select(d => d.Item).ToList();
        var keywordRanking = keywords.Search(question, k).Select(d => d.Document).ToList();
        return RankFusion.Reciprocal([denseRanking, keywordRanking], null, RankFusion.DefaultK)
            .Take(k)
            .Select(f => diaIds[f.Item])
            .ToList();
    }
}
