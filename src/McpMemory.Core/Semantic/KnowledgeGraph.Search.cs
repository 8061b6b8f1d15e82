using McpMemory.Core.Retrieval;

namespace McpMemory.Core.Semantic;

public sealed partial class KnowledgeGraph
{
    /// <summary>The lowest cosine similarity for a match by meaning in <c>search_nodes</c>, unless the call says otherwise.</summary>
    /// <remarks>
    /// Small embedding models squeeze cosines together (with snowflake-arctic-embed-xs, a short query scores 0.45-0.62
    /// against unrelated entities and 0.6-0.7 against the right one), so a floor alone lets noise in. A match by meaning
    /// must also be within <see cref="MeaningMargin"/> of the best one: a clear winner stands alone.
    /// </remarks>
    public const float DefaultMinMeaningScore = 0.6f;

    /// <summary>How far below the best match by meaning another may score and still count.</summary>
    public const float MeaningMargin = 0.06f;

    private const int FusionK = 10;

    /// <summary>
    /// The official server's search (the query, lower-cased, is part of the name, type or an observation), in creation
    /// order, followed by the best matches by meaning that it missed; each hit says which kind of match it is.
    /// </summary>
    private GraphResponse SearchNodes(GraphRequest request, ReadOnlySpan<float> queryVector)
    {
        var query = request.Query ?? throw Invalid("'query' is missing: give the text to search for.");
        var lowered = query.ToLowerInvariant();
        var dense = new Dictionary<string, float>(StringComparer.Ordinal);
        if (!queryVector.IsEmpty && request.K > 0)
        {
            var minScore = request.MinScore ?? DefaultMinMeaningScore;
            var best = float.NegativeInfinity;
            foreach (var (name, score) in _index.SearchDense(queryVector, request.K))
            {
                best = Math.Max(best, score);
                if (score >= minScore && score >= best - MeaningMargin)
                {
                    dense[name] = score;
                }
            }
        }

        var hits = new List<EntityHit>();
        var matches = _index.ScanContains(lowered).Select(name => _entities[name]).ToList();
        matches.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        foreach (var entity in matches)
        {
            var inDense = dense.Remove(entity.Name, out var score);
            hits.Add(new EntityHit(entity, inDense ? "text+meaning" : "text", inDense ? score : null, inDense ? score : null, null, null));
        }

        foreach (var (name, score) in dense.OrderByDescending(d => d.Value))
        {
            hits.Add(new EntityHit(_entities[name], "meaning", score, score, null, null));
        }

        return WithRelations(hits, request);
    }

    /// <summary>Ranks entities by meaning and keywords (BM25), fused by reciprocal rank.</summary>
    private GraphResponse EntitySearch(GraphRequest request, ReadOnlySpan<float> queryVector)
    {
        if (string.IsNullOrWhiteSpace(request.Query))
        {
            throw Invalid("'query' is empty: say what to look for.");
        }

        var mode = request.Mode ?? "hybrid";
        if (mode is not ("hybrid" or "dense" or "keyword"))
        {
            throw Invalid($"'mode' value '{mode}' is unknown: use 'hybrid', 'dense' or 'keyword'.");
        }

        var types = request.EntityTypes is { Count: > 0 } list ? new HashSet<string>(list.Select(EntityNames.Normalize), StringComparer.Ordinal) : null;
        Func<string, bool>? accept = types is null ? null : name => types.Contains(EntityNames.Normalize(_entities[name].EntityType));
        var k = Math.Clamp(request.K, 1, 200);
        var candidates = Math.Max(100, k);
        var dense = mode == "keyword" || queryVector.IsEmpty ? [] : _index.SearchDense(queryVector, candidates, accept);
        var keywords = mode == "dense" ? [] : _index.SearchKeywords(request.Query, candidates, accept);

        var names = new List<string>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        int Id(string name)
        {
            if (!ids.TryGetValue(name, out var id))
            {
                ids[name] = id = names.Count;
                names.Add(name);
            }

            return id;
        }

        var denseIds = dense.Select(d => Id(d.Name)).ToList();
        var keywordIds = keywords.Select(d => Id(d.Name)).ToList();
        var denseScores = dense.ToDictionary(d => d.Name, d => d.Score, StringComparer.Ordinal);
        var keywordScores = keywords.ToDictionary(d => d.Name, d => d.Score, StringComparer.Ordinal);
        var fused = RankFusion.Reciprocal([denseIds, keywordIds], null, FusionK);
        var hits = fused.Take(k).Select(item =>
        {
            var name = names[item.Item];
            var hasDense = denseScores.TryGetValue(name, out var ds);
            var hasKeyword = keywordScores.TryGetValue(name, out var ks);
            var match = hasDense && hasKeyword ? "keyword+meaning" : hasDense ? "meaning" : "keyword";
            return new EntityHit(_entities[name], match, item.Score, hasDense ? ds : null, hasKeyword ? ks : null, null);
        }).ToList();
        return new GraphResponse { Hits = hits, Total = hits.Count };
    }
}
