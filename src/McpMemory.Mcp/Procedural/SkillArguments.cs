using System.Text.Json;
using McpMemory.Core;

namespace McpMemory.Mcp.Procedural;

/// <summary>Turns arguments as clients send them (a JSON object, or prompt arguments) into the strings templates take.</summary>
internal static class SkillArguments
{
    /// <summary>The values of a JSON object: strings as they are, numbers and booleans as written, null left out.</summary>
    public static Dictionary<string, string> From(JsonElement arguments, string field)
    {
        if (arguments.ValueKind != JsonValueKind.Object)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'{field}' must be a JSON object of parameter names to values, not {arguments.ValueKind.ToString().ToLowerInvariant()}.");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in arguments.EnumerateObject())
        {
            if (ValueOf(property.Value) is { } value)
            {
                values[property.Name] = value;
            }
        }

        return values;
    }

    /// <summary>The values of prompt arguments.</summary>
    public static Dictionary<string, string> From(IDictionary<string, JsonElement>? arguments)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, element) in arguments ?? new Dictionary<string, JsonElement>())
        {
            if (ValueOf(element) is { } value)
            {
                values[name] = value;
            }
        }

        return values;
    }

    private static string? ValueOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };
}
