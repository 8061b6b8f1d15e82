using System.Text;
using System.Text.Json;
using McpMemory.Core;
using McpMemory.Core.Semantic;

namespace McpMemory.Server.Cli.Transfer;

/// <summary>
/// The memory file of the official <c>@modelcontextprotocol/server-memory</c> (<c>memory.jsonl</c>, and the legacy
/// <c>memory.json</c> it migrates, which holds the same lines): one JSON object per line, either
/// <c>{"type":"entity","name","entityType","observations":[...]}</c> or <c>{"type":"relation","from","to","relationType"}</c>.
/// Reading checks every line before anything is stored, with the name rules of our graph (a name must not be empty
/// or longer than <see cref="EntityNames.MaxNameLength"/>): the first bad line throws, naming the line and the field.
/// Blank lines are skipped, as the official server does; fields other than those above are ignored (and counted).
/// </summary>
internal sealed class ServerMemoryFile
{
    private ServerMemoryFile()
    {
    }

    /// <summary>The entities, in file order.</summary>
    public List<GraphEntity> Entities { get; } = [];

    /// <summary>The line of each entity.</summary>
    public List<int> EntityLines { get; } = [];

    /// <summary>The relations, in file order.</summary>
    public List<GraphRelation> Relations { get; } = [];

    /// <summary>The line of each relation.</summary>
    public List<int> RelationLines { get; } = [];

    /// <summary>Fields the format does not have, with how many lines carry each.</summary>
    public SortedDictionary<string, int> IgnoredFields { get; } = new(StringComparer.Ordinal);

    /// <summary>Reads and checks <paramref name="path"/>; throws <see cref="McpMemoryException"/> on the first bad line.</summary>
    public static ServerMemoryFile Read(string path)
    {
        if (Directory.Exists(path))
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'{Path.GetFullPath(path)}' is a folder; give the memory file of server-memory (memory.jsonl, or memory.json before it was renamed).");
        }

        if (!File.Exists(path))
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"The file '{Path.GetFullPath(path)}' does not exist.");
        }

        var file = new ServerMemoryFile();
        var number = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            file.Parse(line, number, path);
        }

        return file;
    }

    private void Parse(string line, int number, string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw Invalid(number, path, $"it is not valid JSON ({ex.Message})", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(number, path, $"it is a JSON {Kind(root)}, not an object");
            }

            // As JSON.parse in the official server: when a field appears twice, the last one counts.
            var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                fields[property.Name] = property.Value;
            }

            var type = fields.TryGetValue("type", out var typeValue)
                ? typeValue.ValueKind == JsonValueKind.String ? typeValue.GetString() : throw Invalid(number, path, $"'type' is a JSON {Kind(typeValue)}; it must be \"entity\" or \"relation\"")
                : throw Invalid(number, path, "'type' is missing; it must be \"entity\" or \"relation\"");
            switch (type)
            {
                case "entity":
                    ParseEntity(fields, number, path);
                    break;
                case "relation":
                    ParseRelation(fields, number, path);
                    break;
                default:
                    throw Invalid(number, path, $"'type' is \"{type}\", which server-memory files do not have; it must be \"entity\" or \"relation\"");
            }
        }
    }

    private void ParseEntity(Dictionary<string, JsonElement> fields, int number, string path)
    {
        CountIgnored(fields, ["type", "name", "entityType", "observations"]);
        var name = Name(fields, "name", number, path, "every entity needs a name");
        var entityType = Text(fields, "entityType", number, path, allowEmpty: true);
        var observations = new List<string>();
        if (fields.TryGetValue("observations", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                throw Invalid(number, path, $"'observations' is a JSON {Kind(list)}; it must be an array of strings");
            }

            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    throw Invalid(number, path, $"'observations[{index}]' is a JSON {Kind(item)}; observations are strings");
                }

                // Kept as given, repeats included: the official server's add_observations can store a text twice.
                observations.Add(item.GetString()!);
                index++;
            }
        }

        Entities.Add(new GraphEntity { Name = name, EntityType = entityType, Observations = observations });
        EntityLines.Add(number);
    }

    private void ParseRelation(Dictionary<string, JsonElement> fields, int number, string path)
    {
        CountIgnored(fields, ["type", "from", "to", "relationType"]);
        var from = Name(fields, "from", number, path, "it must be the name of the entity the relation starts at");
        var to = Name(fields, "to", number, path, "it must be the name of the entity the relation ends at");
        var relationType = Name(fields, "relationType", number, path, "say what kind of relation it is");
        Relations.Add(new GraphRelation { From = from, To = to, RelationType = relationType });
        RelationLines.Add(number);
    }

    private void CountIgnored(Dictionary<string, JsonElement> fields, string[] known)
    {
        foreach (var field in fields.Keys)
        {
            if (!known.Contains(field, StringComparer.Ordinal))
            {
                IgnoredFields[field] = IgnoredFields.GetValueOrDefault(field) + 1;
            }
        }
    }

    /// <summary>A name: a string that is not blank and not longer than the limit.</summary>
    private static string Name(Dictionary<string, JsonElement> fields, string field, int number, string path, string hint)
    {
        var value = Text(fields, field, number, path, allowEmpty: false);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw Invalid(number, path, $"'{field}' is empty; {hint}");
        }

        return value;
    }

    private static string Text(Dictionary<string, JsonElement> fields, string field, int number, string path, bool allowEmpty)
    {
        if (!fields.TryGetValue(field, out var value))
        {
            throw Invalid(number, path, $"'{field}' is missing");
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Invalid(number, path, $"'{field}' is a JSON {Kind(value)}; it must be a string");
        }

        var text = value.GetString()!;
        if (!allowEmpty && string.IsNullOrWhiteSpace(text))
        {
            return text;
        }

        if (text.Length > EntityNames.MaxNameLength)
        {
            throw Invalid(number, path, $"'{field}' is {text.Length} characters long; the limit is {EntityNames.MaxNameLength} (put details in observations)");
        }

        return text;
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Undefined => "nothing",
        var kind => kind.ToString().ToLowerInvariant(),
    };

    private static McpMemoryException Invalid(int number, string path, string reason, Exception? inner = null) =>
        new(McpMemoryErrorCodes.InvalidArgument, $"Line {number} of '{path}' is not a valid server-memory line: {reason}. Nothing was stored.", inner);
}
