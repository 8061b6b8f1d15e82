using System.Collections.Concurrent;
using System.Text.Json;
using Json.Schema;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpMemory.Mcp.Validation;

/// <summary>
/// Names what was wrong with a tool call's arguments when they could not be bound. The SDK answers a call whose
/// arguments do not fit the tool's parameters (a required field missing, a string where an array belongs) with only
/// "An error occurred invoking 'NAME'"; this filter then checks the arguments against the tool's published input
/// schema (JsonSchema.Net) and answers with each violation and where it is. A call that binds is never touched, except
/// one with a null in a list whose items may not be null (which binds, and which tools would drop silently): it is
/// answered with the item before the tool runs. A call that failed on binding wrote nothing.
/// </summary>
public static class ArgumentErrors
{
    private const int MaxListed = 8;
    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new(StringComparer.Ordinal);
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List };

    /// <summary>The call-tool filter.</summary>
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Filter(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (context, cancellationToken) =>
        {
            if (context.MatchedPrimitive is McpServerTool called && NullItems(called.ProtocolTool, context.Params?.Arguments) is { Count: > 0 } nulls)
            {
                // These bind (a null string is a string to .NET), and each tool would drop them silently.
                return Answer(called.ProtocolTool, nulls);
            }

            CallToolResult result;
            try
            {
                result = await next(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not (OperationCanceledException or McpException) && context.MatchedPrimitive is McpServerTool failed
                && Check(failed.ProtocolTool, context.Params?.Arguments) is { Count: > 0 } found)
            {
                return Answer(failed.ProtocolTool, found);
            }

            if (result.IsError != true || context.MatchedPrimitive is not McpServerTool tool || !IsBindingFailure(result, tool.ProtocolTool.Name))
            {
                return result;
            }

            var problems = Check(tool.ProtocolTool, context.Params?.Arguments);
            return problems.Count == 0 ? result : Answer(tool.ProtocolTool, problems);
        };

    private static CallToolResult Answer(Tool tool, List<string> problems)
    {

        var listed = string.Join("; ", problems.Take(MaxListed)) + (problems.Count > MaxListed ? $"; and {problems.Count - MaxListed} more" : "");
        return new CallToolResult
        {
            IsError = true,
            Content = [new TextContentBlock { Text = $"[invalid_argument] The arguments of '{tool.Name}' do not fit its input schema, so nothing was done: {listed}. See the tool's inputSchema in tools/list." }],
        };
    }

    /// <summary>Each way <paramref name="arguments"/> breaks <paramref name="tool"/>'s input schema, as "where: what".</summary>
    public static List<string> Check(Tool tool, IDictionary<string, JsonElement>? arguments)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var schema = Schemas.GetOrAdd(tool.Name + "\n" + tool.InputSchema.GetRawText(), _ => JsonSchema.Build(tool.InputSchema, new BuildOptions()));
        var results = schema.Evaluate(ToElement(arguments), Evaluation);
        if (results.IsValid)
        {
            return OutOfRange(tool, arguments);
        }

        var problems = new List<string>();
        foreach (var detail in (results.Details ?? []).Prepend(results))
        {
            if (detail.Errors is null)
            {
                continue;
            }

            var where = detail.InstanceLocation.ToString() is { Length: > 0 } pointer ? $"'{pointer.TrimStart('/').Replace('/', '.')}'" : "the arguments";
            foreach (var (_, message) in detail.Errors)
            {
                var problem = $"{where}: {message}";
                if (!problems.Contains(problem))
                {
                    problems.Add(problem);
                }
            }
        }

        return problems;
    }

    // Nulls inside a list whose items the schema does not let be null ("names": [null]).
    private static List<string> NullItems(Tool tool, IDictionary<string, JsonElement>? arguments)
    {
        var problems = new List<string>();
        if (arguments is null || !tool.InputSchema.TryGetProperty("properties", out var properties))
        {
            return problems;
        }

        foreach (var (name, value) in arguments)
        {
            if (value.ValueKind != JsonValueKind.Array || !properties.TryGetProperty(name, out var property)
                || !property.TryGetProperty("items", out var items) || AllowsNull(items))
            {
                continue;
            }

            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Null)
                {
                    problems.Add($"'{name}[{index}]' is null; give a value or leave the item out");
                }

                index++;
            }
        }

        return problems;
    }

    private static bool AllowsNull(JsonElement schema) =>
        !schema.TryGetProperty("type", out var type)
        || (type.ValueKind == JsonValueKind.String ? type.GetString() == "null" : type.ValueKind != JsonValueKind.Array || type.EnumerateArray().Any(t => t.GetString() == "null"));

    // Whole numbers the schema allows but a 32-bit parameter cannot hold (the schema says only "integer").
    private static List<string> OutOfRange(Tool tool, IDictionary<string, JsonElement>? arguments)
    {
        var problems = new List<string>();
        if (arguments is null || !tool.InputSchema.TryGetProperty("properties", out var properties))
        {
            return problems;
        }

        foreach (var (name, value) in arguments)
        {
            if (value.ValueKind == JsonValueKind.Number && properties.TryGetProperty(name, out var property) && IsInteger(property) && !value.TryGetInt32(out _))
            {
                problems.Add($"'{name}': {value.GetRawText()} is out of range; use a whole number from {int.MinValue} to {int.MaxValue}");
            }
        }

        return problems;
    }

    private static bool IsInteger(JsonElement property) =>
        property.TryGetProperty("type", out var type)
        && (type.ValueKind == JsonValueKind.String ? type.GetString() == "integer" : type.ValueKind == JsonValueKind.Array && type.EnumerateArray().Any(t => t.GetString() == "integer"));

    private static JsonElement ToElement(IDictionary<string, JsonElement>? arguments)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in arguments ?? new Dictionary<string, JsonElement>())
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
    }

    private static bool IsBindingFailure(CallToolResult result, string name) =>
        result.Content is [TextContentBlock { Text: var text }] && text == $"An error occurred invoking '{name}'.";
}
