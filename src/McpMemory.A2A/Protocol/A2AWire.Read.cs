using System.Text;
using System.Text.Json;

namespace McpMemory.A2A.Protocol;

/// <summary>
/// Reads and writes A2A objects as JSON in both families. Reading is lenient: a field may be spelled in camelCase or
/// snake_case, states and roles in either family's spelling, and parts with (v0.3) or without (v1.0) <c>kind</c>.
/// </summary>
public static partial class A2AWire
{
    /// <summary>The property <paramref name="camelName"/> of <paramref name="obj"/>, or its snake_case spelling.</summary>
    public static JsonElement? Get(JsonElement obj, string camelName)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (obj.TryGetProperty(camelName, out var value) || obj.TryGetProperty(ToSnakeCase(camelName), out value))
        {
            return value.ValueKind == JsonValueKind.Null ? null : value;
        }

        return null;
    }

    /// <summary>A string property, or null; a value of another type is an invalid-params error naming <paramref name="path"/>.</summary>
    public static string? GetString(JsonElement obj, string camelName, string path)
    {
        var value = Get(obj, camelName);
        if (value is null)
        {
            return null;
        }

        return value.Value.ValueKind == JsonValueKind.String
            ? value.Value.GetString()
            : throw A2AException.InvalidParams($"'{path}.{camelName}' must be a string, not {Describe(value.Value)}.");
    }

    /// <summary>An integer property, or null.</summary>
    public static int? GetInt(JsonElement obj, string camelName, string path)
    {
        var value = Get(obj, camelName);
        if (value is null)
        {
            return null;
        }

        if (value.Value.ValueKind == JsonValueKind.Number && value.Value.TryGetInt32(out var number))
        {
            return number;
        }

        if (value.Value.ValueKind == JsonValueKind.String && int.TryParse(value.Value.GetString(), out number))
        {
            return number;
        }

        throw A2AException.InvalidParams(value.Value.ValueKind == JsonValueKind.Number
            ? $"'{path}.{camelName}' is {value.Value.GetRawText()}, which is not a whole number from {int.MinValue} to {int.MaxValue}."
            : $"'{path}.{camelName}' must be an integer, not {Describe(value.Value)}.");
    }

    /// <summary>A boolean property, or null.</summary>
    public static bool? GetBool(JsonElement obj, string camelName, string path)
    {
        var value = Get(obj, camelName);
        return value?.ValueKind switch
        {
            null => null,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.Value.GetString(), out var parsed) => parsed,
            _ => throw A2AException.InvalidParams($"'{path}.{camelName}' must be true or false, not {Describe(value.Value)}."),
        };
    }

    /// <summary>Reads a message of either family; <paramref name="path"/> names it in errors (<c>params.message</c>).</summary>
    public static A2AMessage ReadMessage(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw A2AException.InvalidParams($"'{path}' must be an object with 'messageId', 'role' and 'parts', not {Describe(element)}.");
        }

        var parts = Get(element, "parts");
        if (parts is not { ValueKind: JsonValueKind.Array } || parts.Value.GetArrayLength() == 0)
        {
            throw A2AException.InvalidParams($"'{path}.parts' is missing or empty: send at least one part, such as {{\"text\": \"what did Alice say about the ferry?\"}}.");
        }

        var read = new List<A2APart>();
        var index = 0;
        foreach (var part in parts.Value.EnumerateArray())
        {
            read.Add(ReadPart(part, $"{path}.parts[{index++}]"));
        }

        return new A2AMessage
        {
            MessageId = Id(element, "messageId", path) ?? Guid.NewGuid().ToString("N"),
            ContextId = Id(element, "contextId", path),
            TaskId = Id(element, "taskId", path),
            Role = ReadRole(Get(element, "role"), path),
            Parts = read,
            Metadata = ReadObject(element, "metadata", path),
            ReferenceTaskIds = Get(element, "referenceTaskIds") is { ValueKind: JsonValueKind.Array } refs
                ? [.. refs.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!)]
                : [],
        };
    }

    /// <summary>The most characters an id (message, context, task) may have.</summary>
    public const int MaxIdLength = 256;

    /// <summary>An id field (message, context, task, push config): a string of at most <see cref="MaxIdLength"/> characters, or null.</summary>
    public static string? Id(JsonElement element, string camelName, string path)
    {
        var id = NullIfEmpty(GetString(element, camelName, path));
        return id is { Length: > MaxIdLength }
            ? throw A2AException.InvalidParams($"'{path}.{camelName}' has {id.Length} characters; an id may have at most {MaxIdLength}.")
            : id;
    }

    /// <summary>Reads a task state filter in either spelling.</summary>
    public static A2ATaskState? ReadState(JsonElement obj, string camelName, string path)
    {
        var value = Get(obj, camelName);
        if (value is null)
        {
            return null;
        }

        var text = value.Value.ValueKind switch
        {
            JsonValueKind.String => value.Value.GetString(),
            JsonValueKind.Number => value.Value.GetRawText(),
            _ => null,
        };
        var state = A2ATaskStates.Parse(text);
        if (state is null)
        {
            throw A2AException.InvalidParams($"'{path}.{camelName}' is {value.Value.GetRawText()}, which is not a task state: use one of {A2ATaskStates.Describe()}.");
        }

        return state == A2ATaskState.Unspecified ? null : state;
    }

    private static A2APart ReadPart(JsonElement part, string path)
    {
        if (part.ValueKind != JsonValueKind.Object)
        {
            throw A2AException.InvalidParams($"'{path}' must be an object such as {{\"text\": \"...\"}}, not {Describe(part)}.");
        }

        var metadata = ReadObject(part, "metadata", path);
        var kind = GetString(part, "kind", path);
        if (kind is not null)
        {
            // v0.3: {"kind": "text" | "data" | "file", ...}
            switch (kind)
            {
                case "text":
                    return new A2APart { Kind = A2APartKind.Text, Text = GetString(part, "text", path) ?? throw A2AException.InvalidParams($"'{path}' is a text part without 'text'."), Metadata = metadata };
                case "data":
                    return new A2APart { Kind = A2APartKind.Data, Data = Get(part, "data")?.Clone() ?? throw A2AException.InvalidParams($"'{path}' is a data part without 'data'."), Metadata = metadata };
                case "file":
                    var file = Get(part, "file") ?? throw A2AException.InvalidParams($"'{path}' is a file part without 'file': give {{\"file\": {{\"bytes\": \"<base64>\"}}}} or {{\"file\": {{\"uri\": \"...\"}}}}.");
                    var bytes = GetString(file, "bytes", path + ".file");
                    var uri = GetString(file, "uri", path + ".file");
                    if (bytes is null && uri is null)
                    {
                        throw A2AException.InvalidParams($"'{path}.file' has neither 'bytes' nor 'uri': give one of them.");
                    }

                    return new A2APart { Kind = A2APartKind.File, Bytes = bytes, Url = uri, Filename = GetString(file, "name", path + ".file"), MediaType = GetString(file, "mimeType", path + ".file"), Metadata = metadata };
                default:
                    throw A2AException.InvalidParams($"'{path}.kind' is '{kind}': use 'text', 'data' or 'file'.");
            }
        }

        // v1.0: the oneof field names the content.
        var filename = GetString(part, "filename", path);
        var mediaType = GetString(part, "mediaType", path);
        if (GetString(part, "text", path) is { } text)
        {
            return new A2APart { Kind = A2APartKind.Text, Text = text, MediaType = mediaType, Filename = filename, Metadata = metadata };
        }

        if (Get(part, "data") is { } data)
        {
            return new A2APart { Kind = A2APartKind.Data, Data = data.Clone(), MediaType = mediaType, Filename = filename, Metadata = metadata };
        }

        if (GetString(part, "raw", path) is { } raw)
        {
            return new A2APart { Kind = A2APartKind.File, Bytes = raw, MediaType = mediaType, Filename = filename, Metadata = metadata };
        }

        if (GetString(part, "url", path) is { } url)
        {
            return new A2APart { Kind = A2APartKind.File, Url = url, MediaType = mediaType, Filename = filename, Metadata = metadata };
        }

        throw A2AException.InvalidParams($"'{path}' has no content: give one of 'text', 'data', 'raw' or 'url' (v1.0), or 'kind' with its field (v0.3).");
    }

    private static string ReadRole(JsonElement? role, string path)
    {
        if (role is null)
        {
            return A2AMessage.UserRole;
        }

        var text = role.Value.ValueKind == JsonValueKind.Number ? role.Value.GetRawText() : role.Value.ValueKind == JsonValueKind.String ? role.Value.GetString() : null;
        return text?.Trim().ToUpperInvariant() switch
        {
            "USER" or "ROLE_USER" or "1" => A2AMessage.UserRole,
            "AGENT" or "ROLE_AGENT" or "2" => A2AMessage.AgentRole,
            _ => throw A2AException.InvalidParams($"'{path}.role' is {role.Value.GetRawText()}: use ROLE_USER or ROLE_AGENT (v1.0), user or agent (v0.3)."),
        };
    }

    private static JsonElement? ReadObject(JsonElement obj, string camelName, string path)
    {
        var value = Get(obj, camelName);
        if (value is null)
        {
            return null;
        }

        return value.Value.ValueKind == JsonValueKind.Object
            ? value.Value.Clone()
            : throw A2AException.InvalidParams($"'{path}.{camelName}' must be a JSON object, not {Describe(value.Value)}.");
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>
    /// The path of the first string (value or property name) in <paramref name="element"/> that is not valid text,
    /// such as an unpaired surrogate escape <c>\ud800</c>; null when every string is valid.
    /// </summary>
    public static string? FindInvalidString(JsonElement element, string path = "$")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsReadable(element) ? null : path;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindInvalidString(item, $"{path}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return path + " (a property name)";
                    }

                    if (FindInvalidString(property.Value, $"{path}.{name}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool IsReadable(JsonElement text)
    {
        try
        {
            _ = text.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The message for a request with a string that is not valid text.</summary>
    public static string InvalidStringMessage(string path) =>
        $"The request's string at {path} is not valid text (an unpaired UTF-16 surrogate escape such as \\ud800): send valid Unicode.";

    /// <summary>What kind of JSON value <paramref name="value"/> is, for error messages: "an array", "a string", ...</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    internal static string ToSnakeCase(string camel)
    {
        var builder = new StringBuilder(camel.Length + 4);
        foreach (var c in camel)
        {
            if (char.IsUpper(c))
            {
                builder.Append('_').Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
