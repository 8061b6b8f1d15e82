using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpMemory.A2A.Protocol;

public static partial class A2AWire
{
    /// <summary>A task in <paramref name="family"/>'s shape; <paramref name="historyLength"/> keeps the last N messages (null: all).</summary>
    public static JsonObject WriteTask(A2ATask task, A2AFamily family, int? historyLength = null, bool includeArtifacts = true)
    {
        ArgumentNullException.ThrowIfNull(task);
        var result = new JsonObject();
        if (family == A2AFamily.V03)
        {
            result["kind"] = "task";
        }

        result["id"] = task.Id;
        result["contextId"] = task.ContextId;
        result["status"] = WriteStatus(task.Status, family);
        if (includeArtifacts && task.Artifacts.Count > 0)
        {
            result["artifacts"] = new JsonArray([.. task.Artifacts.Select(a => (JsonNode)WriteArtifact(a, family))]);
        }

        var history = historyLength is { } n ? task.History.Skip(Math.Max(0, task.History.Count - n)) : task.History;
        var historyNodes = history.Select(m => (JsonNode)WriteMessage(m, family)).ToArray();
        if (historyNodes.Length > 0)
        {
            result["history"] = new JsonArray(historyNodes);
        }

        if (task.Metadata is { } metadata)
        {
            result["metadata"] = JsonNode.Parse(metadata.GetRawText());
        }

        return result;
    }

    /// <summary>A task status in <paramref name="family"/>'s shape.</summary>
    public static JsonObject WriteStatus(A2ATaskStatus status, A2AFamily family)
    {
        ArgumentNullException.ThrowIfNull(status);
        var result = new JsonObject { ["state"] = A2ATaskStates.Format(status.State, family) };
        if (status.Message is { } message)
        {
            result["message"] = WriteMessage(message, family);
        }

        result["timestamp"] = FormatTimestamp(status.Timestamp);
        return result;
    }

    /// <summary>A message in <paramref name="family"/>'s shape.</summary>
    public static JsonObject WriteMessage(A2AMessage message, A2AFamily family)
    {
        ArgumentNullException.ThrowIfNull(message);
        var result = new JsonObject();
        if (family == A2AFamily.V03)
        {
            result["kind"] = "message";
        }

        result["messageId"] = message.MessageId;
        if (message.ContextId is { } contextId)
        {
            result["contextId"] = contextId;
        }

        if (message.TaskId is { } taskId)
        {
            result["taskId"] = taskId;
        }

        result["role"] = family == A2AFamily.V1 ? (message.Role == A2AMessage.AgentRole ? "ROLE_AGENT" : "ROLE_USER") : message.Role;
        result["parts"] = new JsonArray([.. message.Parts.Select(p => (JsonNode)WritePart(p, family))]);
        if (message.Metadata is { } metadata)
        {
            result["metadata"] = JsonNode.Parse(metadata.GetRawText());
        }

        if (message.ReferenceTaskIds.Count > 0)
        {
            result["referenceTaskIds"] = new JsonArray([.. message.ReferenceTaskIds.Select(id => (JsonNode)JsonValue.Create(id))]);
        }

        return result;
    }

    /// <summary>An artifact in <paramref name="family"/>'s shape.</summary>
    public static JsonObject WriteArtifact(A2AArtifact artifact, A2AFamily family)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var result = new JsonObject { ["artifactId"] = artifact.ArtifactId };
        if (artifact.Name is { } name)
        {
            result["name"] = name;
        }

        if (artifact.Description is { } description)
        {
            result["description"] = description;
        }

        result["parts"] = new JsonArray([.. artifact.Parts.Select(p => (JsonNode)WritePart(p, family))]);
        if (artifact.Metadata is { } metadata)
        {
            result["metadata"] = JsonNode.Parse(metadata.GetRawText());
        }

        return result;
    }

    /// <summary>A part in <paramref name="family"/>'s shape.</summary>
    public static JsonObject WritePart(A2APart part, A2AFamily family)
    {
        ArgumentNullException.ThrowIfNull(part);
        var result = new JsonObject();
        if (family == A2AFamily.V03)
        {
            switch (part.Kind)
            {
                case A2APartKind.Text:
                    result["kind"] = "text";
                    result["text"] = part.Text;
                    break;
                case A2APartKind.Data:
                    result["kind"] = "data";
                    result["data"] = part.Data is { } data ? JsonNode.Parse(data.GetRawText()) : new JsonObject();
                    break;
                default:
                    var file = new JsonObject();
                    if (part.Bytes is not null)
                    {
                        file["bytes"] = part.Bytes;
                    }
                    else
                    {
                        file["uri"] = part.Url;
                    }

                    if (part.Filename is not null)
                    {
                        file["name"] = part.Filename;
                    }

                    if (part.MediaType is not null)
                    {
                        file["mimeType"] = part.MediaType;
                    }

                    result["kind"] = "file";
                    result["file"] = file;
                    break;
            }
        }
        else
        {
            switch (part.Kind)
            {
                case A2APartKind.Text:
                    result["text"] = part.Text;
                    break;
                case A2APartKind.Data:
                    result["data"] = part.Data is { } data ? JsonNode.Parse(data.GetRawText()) : new JsonObject();
                    break;
                default:
                    if (part.Bytes is not null)
                    {
                        result["raw"] = part.Bytes;
                    }
                    else
                    {
                        result["url"] = part.Url;
                    }

                    break;
            }

            if (part.Filename is not null)
            {
                result["filename"] = part.Filename;
            }

            if (part.MediaType is not null)
            {
                result["mediaType"] = part.MediaType;
            }
        }

        if (part.Metadata is { } metadata)
        {
            result["metadata"] = JsonNode.Parse(metadata.GetRawText());
        }

        return result;
    }

    /// <summary>
    /// One event of a stream. v1.0 wraps it in a <c>StreamResponse</c> (<c>{"task": ...}</c>, <c>{"statusUpdate": ...}</c>,
    /// <c>{"artifactUpdate": ...}</c>); v0.3 sends the object itself with its <c>kind</c> (and <c>final</c> on status updates).
    /// </summary>
    public static JsonObject WriteEvent(A2ATaskEvent taskEvent, A2AFamily family)
    {
        ArgumentNullException.ThrowIfNull(taskEvent);
        switch (taskEvent)
        {
            case A2ATaskEvent.Snapshot snapshot:
                var task = WriteTask(snapshot.Task, family);
                return family == A2AFamily.V1 ? new JsonObject { ["task"] = task } : task;
            case A2ATaskEvent.StatusUpdate status:
                var statusUpdate = new JsonObject();
                if (family == A2AFamily.V03)
                {
                    statusUpdate["kind"] = "status-update";
                }

                statusUpdate["taskId"] = status.TaskId;
                statusUpdate["contextId"] = status.ContextId;
                statusUpdate["status"] = WriteStatus(status.Status, family);
                if (family == A2AFamily.V03)
                {
                    statusUpdate["final"] = status.Status.State.EndsTurn();
                }

                return family == A2AFamily.V1 ? new JsonObject { ["statusUpdate"] = statusUpdate } : statusUpdate;
            case A2ATaskEvent.ArtifactUpdate artifact:
                var artifactUpdate = new JsonObject();
                if (family == A2AFamily.V03)
                {
                    artifactUpdate["kind"] = "artifact-update";
                }

                artifactUpdate["taskId"] = artifact.TaskId;
                artifactUpdate["contextId"] = artifact.ContextId;
                artifactUpdate["artifact"] = WriteArtifact(artifact.Artifact, family);
                artifactUpdate["append"] = false;
                artifactUpdate["lastChunk"] = true;
                return family == A2AFamily.V1 ? new JsonObject { ["artifactUpdate"] = artifactUpdate } : artifactUpdate;
            default:
                throw new ArgumentOutOfRangeException(nameof(taskEvent), taskEvent.GetType().Name, "unknown task event");
        }
    }

    /// <summary>ISO 8601 in UTC with milliseconds, as the spec's examples write it.</summary>
    public static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Serialises a node compactly.</summary>
    public static string ToJson(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.ToJsonString(CompactOptions);
    }

    private static readonly JsonSerializerOptions CompactOptions = new() { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
