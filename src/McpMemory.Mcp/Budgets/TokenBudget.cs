using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using McpMemory.Core;
using Microsoft.ML.Tokenizers;

namespace McpMemory.Mcp.Budgets;

/// <summary>
/// Keeps a tool's answer within a number of tokens, counted with the cl100k encoding (GPT-4's; close to what other
/// models count), so that a big graph or list never floods a client's context. Items are counted as the JSON the client
/// receives; an answer holds at least one item even if that one alone is over the budget.
/// </summary>
public sealed class TokenBudget
{
    /// <summary>The budget when a call gives none.</summary>
    public const int DefaultMaxTokens = 8_000;

    /// <summary>The smallest budget a call may ask for.</summary>
    public const int MinMaxTokens = 100;

    /// <summary>The largest budget a call may ask for.</summary>
    public const int MaxMaxTokens = 1_000_000;

    private static readonly Lazy<Tokenizer> Cl100k = new(() => TiktokenTokenizer.CreateForEncoding("cl100k_base"));

    /// <summary>Creates a budget of <paramref name="maxTokens"/> (default <see cref="DefaultMaxTokens"/>).</summary>
    public TokenBudget(int? maxTokens, string field = "maxTokens")
    {
        var max = maxTokens ?? DefaultMaxTokens;
        if (max < MinMaxTokens || max > MaxMaxTokens)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'{field}' is {max}: use {MinMaxTokens} to {MaxMaxTokens} tokens (default {DefaultMaxTokens}).");
        }

        Max = max;
    }

    /// <summary>The budget.</summary>
    public int Max { get; }

    /// <summary>Tokens taken so far.</summary>
    public int Used { get; private set; }

    /// <summary>Items taken so far.</summary>
    public int Items { get; private set; }

    /// <summary>Counts the cl100k tokens of <paramref name="text"/>.</summary>
    public static int Count(string text) => Cl100k.Value.CountTokens(text);

    /// <summary>The tokens of <paramref name="item"/> as JSON, plus one for the separator.</summary>
    public static int Tokens<T>(T item, JsonTypeInfo<T> type) => Count(JsonSerializer.Serialize(item, type)) + 1;

    /// <summary>Takes <paramref name="item"/> if it fits (or if nothing was taken yet); returns false when it does not.</summary>
    public bool TryAdd<T>(T item, JsonTypeInfo<T> type) => TryTake(Tokens(item, type));

    /// <summary>Takes <paramref name="tokens"/> if they fit (or if nothing was taken yet); returns false when they do not.</summary>
    public bool TryTake(int tokens)
    {
        if (Items > 0 && Used + tokens > Max)
        {
            return false;
        }

        Used += tokens;
        Items++;
        return true;
    }
}
