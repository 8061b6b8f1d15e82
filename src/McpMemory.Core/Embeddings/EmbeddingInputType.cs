using Microsoft.Extensions.AI;

namespace McpMemory.Core.Embeddings;

/// <summary>
/// Says whether a text handed to an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> is a search query or a
/// document. Asymmetric models (snowflake-arctic-embed) prefix queries with an instruction; symmetric ones ignore it.
/// </summary>
/// <remarks>
/// The value travels in <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> under <see cref="PropertyName"/>,
/// the same name hosted embedding APIs use, so remote generators can honour it as well.
/// </remarks>
public static class EmbeddingInputType
{
    /// <summary>The additional property that carries the input type.</summary>
    public const string PropertyName = "input_type";

    /// <summary>The value for search queries.</summary>
    public const string Query = "query";

    /// <summary>The value for stored documents (the default when nothing is said).</summary>
    public const string Document = "document";

    /// <summary>Options that mark every input as a search query.</summary>
    public static EmbeddingGenerationOptions ForQuery { get; } = new()
    {
        AdditionalProperties = new AdditionalPropertiesDictionary { [PropertyName] = Query },
    };

    /// <summary>Returns true when <paramref name="options"/> marks the inputs as search queries.</summary>
    public static bool IsQuery(EmbeddingGenerationOptions? options) =>
        options?.AdditionalProperties is { } props &&
        props.TryGetValue(PropertyName, out var value) &&
        string.Equals(value as string, Query, StringComparison.OrdinalIgnoreCase);
}
