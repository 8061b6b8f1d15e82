using System.Globalization;
using System.Text.Json;

namespace McpMemory.A2A.Protocol;

public static partial class A2AWire
{
    /// <summary>
    /// Reads a task of either family, as a peer sends it; <paramref name="path"/> names it in errors. The owner of a
    /// peer's task is not known and is left empty.
    /// </summary>
    public static A2ATask ReadTask(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw A2AException.InvalidParams($"'{path}' must be a task object with 'id' and 'status', not {Describe(element)}.");
        }

        var id = GetString(element, "id", path) ?? throw A2AException.InvalidParams($"'{path}' is a task without 'id'.");
        var status = ReadStatus(Get(element, "status") ?? throw A2AException.InvalidParams($"'{path}' is a task without 'status'."), path + ".status");
        return new A2ATask
        {
            Id = id,
            ContextId = GetString(element, "contextId", path) ?? "",
            Status = status,
            Artifacts = ReadList(element, "artifacts", path, ReadArtifact),
            History = ReadList(element, "history", path, ReadMessage),
            Metadata = ReadObject(element, "metadata", path),
            Owner = "",
            CreatedAt = status.Timestamp,
        };
    }

    /// <summary>Reads a task status of either family.</summary>
    public static A2ATaskStatus ReadStatus(JsonElement element, string path)
    {
        var state = ReadState(element, "state", path) ?? A2ATaskState.Unspecified;
        var message = Get(element, "message") is { } m ? ReadMessage(m, path + ".message") : null;
        var timestamp = GetString(element, "timestamp", path) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : DateTimeOffset.UtcNow;
        return new A2ATaskStatus { State = state, Message = message, Timestamp = timestamp };
    }

    /// <summary>Reads an artifact of either family.</summary>
    public static A2AArtifact ReadArtifact(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw A2AException.InvalidParams($"'{path}' must be an artifact object, not {Describe(element)}.");
        }

        return new A2AArtifact
        {
            ArtifactId = GetString(element, "artifactId", path) ?? "",
            Name = GetString(element, "name", path),
            Description = GetString(element, "description", path),
            Parts = Get(element, "parts") is { ValueKind: JsonValueKind.Array } parts
                ? [.. parts.EnumerateArray().Select((p, i) => ReadPart(p, $"{path}.parts[{i}]"))]
                : [],
            Metadata = ReadObject(element, "metadata", path),
        };
    }

    private static List<T> ReadList<T>(JsonElement element, string camelName, string path, Func<JsonElement, string, T> read) =>
        Get(element, camelName) is { ValueKind: JsonValueKind.Array } items
            ? [.. items.EnumerateArray().Select((item, i) => read(item, $"{path}.{camelName}[{i}]"))]
            : [];
}
