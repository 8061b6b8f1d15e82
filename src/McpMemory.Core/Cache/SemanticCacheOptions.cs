using System.ComponentModel.DataAnnotations;

namespace McpMemory.Core.Cache;

/// <summary>The semantic cache's configuration, bound from <c>McpMemory:Cache</c>.</summary>
public sealed class SemanticCacheOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "McpMemory:Cache";

    /// <summary>The key used when a call gives none.</summary>
    public const string DefaultKey = "default";

    /// <summary>
    /// The lowest cosine similarity between a lookup and a stored question for the stored answer to be considered
    /// (the guard then still checks it). Chosen from the <c>cache</c> benchmark; see the README.
    /// </summary>
    [Range(0.0, 1.0)]
    public double Threshold { get; set; } = 0.86;

    /// <summary>
    /// Among the candidates at or above the threshold, the one served is the best by similarity plus this weight times
    /// their character overlap (<see cref="CacheGuard.TrigramOverlap"/>): near-duplicate questions get close cosines,
    /// and the one that shares more of the wording is more often the same question. 0 serves the closest by similarity.
    /// Chosen by two-fold cross-validation on the <c>cache</c> benchmark; see the README.
    /// </summary>
    [Range(0.0, 1.0)]
    public double LexicalWeight { get; set; } = 0.2;

    /// <summary>Whether the guard checks candidates above the threshold (negation, numbers, dates, names, order).</summary>
    public bool Guard { get; set; } = true;

    /// <summary>How many of the closest stored questions a lookup considers, best first.</summary>
    [Range(1, 50)]
    public int Candidates { get; set; } = 5;

    /// <summary>The most entries a namespace keeps; storing one more evicts the least recently used.</summary>
    [Range(1, 1_000_000)]
    public int MaxEntries { get; set; } = 10_000;

    /// <summary>How long an entry lives when its store call gives no TTL.</summary>
    public TimeSpan DefaultTtl { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The longest TTL a store call may ask for.</summary>
    public TimeSpan MaxTtl { get; set; } = TimeSpan.FromDays(365);

    /// <summary>The most UTF-8 bytes of a cached answer.</summary>
    [Range(1, 16 * 1024 * 1024)]
    public int MaxAnswerBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// How often the counters (hits, misses, rejections) are written to the store at most; they are always current in
    /// memory and written once more when the process stops.
    /// </summary>
    public TimeSpan StatsFlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The clock for TTLs and recency, replaceable in tests.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
