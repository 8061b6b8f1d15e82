using System.ComponentModel;

namespace McpMemory.Mcp.Episodic;

/// <summary>The result of <c>episode_add</c>.</summary>
public sealed record EpisodeAddResult(
    [property: Description("The namespace written to.")] string Namespace,
    [property: Description("One id per record sent, in order. A retried record (same client_id) gets its earlier id.")] IReadOnlyList<string> Ids,
    [property: Description("How many records were new.")] int Created,
    [property: Description("How many were retries of earlier writes and changed nothing.")] int Unchanged);

/// <summary>Why a hit matched.</summary>
public sealed record MatchReason(
    [property: Description("Rank by meaning (1 = closest), or null when it was not among the closest by meaning.")] int? DenseRank,
    [property: Description("Cosine similarity to the query, when ranked by meaning.")] float? DenseScore,
    [property: Description("Rank by keywords (BM25), or null when no query keyword matched.")] int? KeywordRank,
    [property: Description("BM25 score, when ranked by keywords.")] float? KeywordScore);

/// <summary>One search hit.</summary>
public sealed record EpisodeSearchHit(
    [property: Description("The record.")] EpisodeView Episode,
    [property: Description("The fused score (higher is better).")] double Score,
    [property: Description("Why it matched.")] MatchReason Match);

/// <summary>The result of <c>episode_search</c>.</summary>
public sealed record EpisodeSearchResult(
    [property: Description("The namespace searched.")] string Namespace,
    [property: Description("The ranking used: hybrid, dense or keyword.")] string Mode,
    [property: Description("Hits, best first.")] IReadOnlyList<EpisodeSearchHit> Hits);

/// <summary>One record of <c>episode_get</c>.</summary>
public sealed record EpisodeWithContext(
    [property: Description("The record asked for.")] EpisodeView Episode,
    [property: Description("Turns around it in its conversation, in time order, itself included; empty unless 'context' was given.")] IReadOnlyList<EpisodeView> Surrounding);

/// <summary>The result of <c>episode_get</c>.</summary>
public sealed record EpisodeGetResult(
    [property: Description("The namespace read.")] string Namespace,
    [property: Description("The records found, in the order asked.")] IReadOnlyList<EpisodeWithContext> Episodes,
    [property: Description("Ids that were not found.")] IReadOnlyList<string> Missing);

/// <summary>The result of <c>episode_list</c>.</summary>
public sealed record EpisodeListResult(
    [property: Description("The namespace read.")] string Namespace,
    [property: Description("Records in time order.")] IReadOnlyList<EpisodeView> Episodes,
    [property: Description("Pass as 'cursor' to get the next page; null on the last page.")] string? NextCursor);

/// <summary>The result of <c>episode_delete</c>.</summary>
public sealed record EpisodeDeleteResult(
    [property: Description("The namespace changed.")] string Namespace,
    [property: Description("Ids deleted.")] IReadOnlyList<string> Deleted,
    [property: Description("Ids asked for that did not exist.")] IReadOnlyList<string> Missing);
