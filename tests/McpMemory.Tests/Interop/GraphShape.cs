using System.Text.Json;

namespace McpMemory.Tests.Interop;

/// <summary>
/// The observable part of a knowledge-graph tool's structured result, in canonical form: each entity, relation and
/// add_observations result as one JSON string of server-memory's fields only (ours' extra fields left out), so two
/// results compare as multisets of strings. <see cref="Parse"/> keeps the order given; <see cref="Sorted"/> is the
/// order-insensitive form (lists sorted, observations sorted within each entity).
/// </summary>
public sealed record GraphShape(
    IReadOnlyList<string>? Entities,
    IReadOnlyList<string>? Relations,
    IReadOnlyList<string>? Results,
    bool? Success,
    string? Message,
    IReadOnlyDictionary<string, string?> Match,
    IReadOnlyList<string> Problems)
{
    /// <summary>The fields each tool returns: (entities, relations, results, success and message).</summary>
    public static (bool Entities, bool Relations, bool Results, bool Success) FieldsOf(string tool) => tool switch
    {
        "create_entities" => (true, false, false, false),
        "create_relations" => (false, true, false, false),
        "add_observations" => (false, false, true, false),
        "delete_entities" or "delete_observations" or "delete_relations" => (false, false, false, true),
        "read_graph" or "search_nodes" or "open_nodes" => (true, true, false, false),
        _ => throw new ArgumentException($"{tool} is not a server-memory tool", nameof(tool)),
    };

    /// <summary>Reads <paramref name="content"/> as <paramref name="tool"/>'s result; what is missing or malformed goes to <see cref="Problems"/>.</summary>
    public static GraphShape Parse(string tool, JsonElement content)
    {
        var problems = new List<string>();
        var match = new Dictionary<string, string?>(StringComparer.Ordinal);
        var (entities, relations, results, success) = FieldsOf(tool);
        return new GraphShape(
            entities ? List(content, "entities", problems, e => Entity(e, match)) : null,
            relations ? List(content, "relations", problems, Relation) : null,
            results ? List(content, "results", problems, Result) : null,
            success ? Bool(content, "success", problems) : null,
            success ? Text(content, "message") : null,
            match,
            problems);
    }

    /// <summary>The same shape with every list and every entity's observations sorted ordinally.</summary>
    public GraphShape Sorted() => this with
    {
        Entities = Entities?.Select(e => Resort(e, "observations")).Order(StringComparer.Ordinal).ToList(),
        Relations = Relations?.Order(StringComparer.Ordinal).ToList(),
        Results = Results?.Select(r => Resort(r, "addedObservations")).Order(StringComparer.Ordinal).ToList(),
    };

    /// <summary>The name inside a canonical entity string.</summary>
    public static string NameOf(string entity) => JsonDocument.Parse(entity).RootElement.GetProperty("name").GetString()!;

    /// <summary>The two endpoint names inside a canonical relation string.</summary>
    public static (string From, string To) EndsOf(string relation)
    {
        var root = JsonDocument.Parse(relation).RootElement;
        return (root.GetProperty("from").GetString()!, root.GetProperty("to").GetString()!);
    }

    private static List<string>? List(JsonElement content, string name, List<string> problems, Func<JsonElement, string?> read)
    {
        if (!content.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"no '{name}' array");
            return null;
        }

        var items = new List<string>();
        foreach (var item in array.EnumerateArray())
        {
            if (read(item) is { } canonical)
            {
                items.Add(canonical);
            }
            else
            {
                problems.Add($"malformed item in '{name}': {JsonSerializer.Serialize(item, GraphScript.Readable)}");
            }
        }

        return items;
    }

    private static string? Entity(JsonElement e, Dictionary<string, string?> match)
    {
        if (Text(e, "name") is not { } name || Text(e, "entityType") is not { } type || Texts(e, "observations") is not { } observations)
        {
            return null;
        }

        match[name] = Text(e, "match");
        return JsonSerializer.Serialize(new Dictionary<string, object> { ["name"] = name, ["entityType"] = type, ["observations"] = observations }, GraphScript.Readable);
    }

    private static string? Relation(JsonElement r) =>
        Text(r, "from") is { } from && Text(r, "to") is { } to && Text(r, "relationType") is { } type
            ? JsonSerializer.Serialize(new Dictionary<string, string> { ["from"] = from, ["to"] = to, ["relationType"] = type }, GraphScript.Readable)
            : null;

    private static string? Result(JsonElement r) =>
        Text(r, "entityName") is { } name && Texts(r, "addedObservations") is { } added
            ? JsonSerializer.Serialize(new Dictionary<string, object> { ["entityName"] = name, ["addedObservations"] = added }, GraphScript.Readable)
            : null;

    private static bool? Bool(JsonElement content, string name, List<string> problems)
    {
        if (content.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        problems.Add($"no boolean '{name}'");
        return null;
    }

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string>? Texts(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String)
            ? value.EnumerateArray().Select(v => v.GetString()!).ToList()
            : null;

    private static string Resort(string canonical, string listName)
    {
        var fields = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(canonical)!;
        var result = fields.ToDictionary(
            f => f.Key,
            f => f.Key == listName ? (object)f.Value.EnumerateArray().Select(v => v.GetString()!).Order(StringComparer.Ordinal).ToList() : f.Value.GetString()!);
        return JsonSerializer.Serialize(result, GraphScript.Readable);
    }
}
