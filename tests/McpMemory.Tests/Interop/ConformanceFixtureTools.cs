using System.ComponentModel;
using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

// Logging and sampling are deprecated from protocol revision 2026-07-28 on, but the suite's 2025-11-25 scenarios test
// them, and our server still serves 2025-11-25 clients. Likewise the legacy titled enum of elicitation (enumNames).
#pragma warning disable MCP9005, MCP9001

namespace McpMemory.Tests.Interop;

/// <summary>
/// The fixture tools the conformance suite's tools-call scenarios call, as its reference server defines them. They
/// live only in the tests: <see cref="ConformanceFixtureHost"/> adds them to our own HTTP pipeline, so the scenarios
/// judge our transports, sessions, notifications and server-to-client requests without putting them in the product.
/// </summary>
[McpServerToolType]
public sealed class ConformanceFixtureTools
{
    // A 1x1 red PNG and a 1-sample 8 kHz mono WAV.
    internal static readonly byte[] RedPixelPng = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
    private static readonly byte[] SilentWav = Convert.FromBase64String("UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQIAAACAgA==");

    [McpServerTool(Name = "test_simple_text"), Description("Returns simple text.")]
    public static string SimpleText() => "This is a simple text response for testing.";

    [McpServerTool(Name = "test_image_content"), Description("Returns an image.")]
    public static ImageContentBlock ImageContent() => ImageContentBlock.FromBytes(RedPixelPng, "image/png");

    [McpServerTool(Name = "test_audio_content"), Description("Returns audio.")]
    public static AudioContentBlock AudioContent() => AudioContentBlock.FromBytes(SilentWav, "audio/wav");

    [McpServerTool(Name = "test_embedded_resource"), Description("Returns an embedded resource.")]
    public static EmbeddedResourceBlock EmbeddedResource() => new()
    {
        Resource = new TextResourceContents { Uri = "test://embedded-resource", MimeType = "text/plain", Text = "This is an embedded resource content." },
    };

    [McpServerTool(Name = "test_multiple_content_types"), Description("Returns text, an image and a resource.")]
    public static IEnumerable<ContentBlock> MultipleContentTypes() =>
    [
        new TextContentBlock { Text = "Multiple content types test:" },
        ImageContent(),
        new EmbeddedResourceBlock { Resource = new TextResourceContents { Uri = "test://mixed-content-resource", MimeType = "application/json", Text = """{"test":"data","value":123}""" } },
    ];

    [McpServerTool(Name = "test_tool_with_logging"), Description("Sends three log messages while it runs.")]
    public static async Task<string> ToolWithLogging(McpServer server, CancellationToken cancellationToken)
    {
        foreach (var message in new[] { "Tool execution started", "Tool processing data", "Tool execution completed" })
        {
            using var data = JsonDocument.Parse(JsonSerializer.Serialize(message, McpJsonUtilities.DefaultOptions));
            await server.SendNotificationAsync(
                NotificationMethods.LoggingMessageNotification,
                new LoggingMessageNotificationParams { Level = LoggingLevel.Info, Logger = "conformance", Data = data.RootElement.Clone() },
                McpJsonUtilities.DefaultOptions,
                cancellationToken);
        }

        return "Tool with logging executed successfully";
    }

    [McpServerTool(Name = "test_error_handling"), Description("Always fails with a tool error.")]
    public static CallToolResult ErrorHandling() => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = "This tool intentionally returns an error for testing" }],
    };

    [McpServerTool(Name = "test_tool_with_progress"), Description("Reports progress 0, 50 and 100 of 100.")]
    public static string ToolWithProgress(IProgress<ProgressNotificationValue> progress)
    {
        foreach (var value in new[] { 0f, 50f, 100f })
        {
            progress.Report(new ProgressNotificationValue { Progress = value, Total = 100 });
        }

        return "Progress test completed";
    }

    [McpServerTool(Name = "test_sampling"), Description("Asks the client's model to answer a prompt.")]
    public static async Task<string> Sampling(McpServer server, [Description("The prompt to send.")] string prompt, CancellationToken cancellationToken)
    {
        var response = await server.SampleAsync([new ChatMessage(ChatRole.User, prompt)], new ChatOptions { MaxOutputTokens = 100 }, McpJsonUtilities.DefaultOptions, cancellationToken);
        return "LLM response: " + response.Text;
    }

    [McpServerTool(Name = "test_elicitation"), Description("Asks the user for a username and an email address.")]
    public static async Task<string> Elicitation(McpServer server, [Description("The message to show the user.")] string message, CancellationToken cancellationToken)
    {
        var result = await server.ElicitAsync(
            new ElicitRequestParams
            {
                Message = message,
                RequestedSchema = new ElicitRequestParams.RequestSchema
                {
                    Properties = new Dictionary<string, ElicitRequestParams.PrimitiveSchemaDefinition>
                    {
                        ["username"] = new ElicitRequestParams.StringSchema { Description = "User's response" },
                        ["email"] = new ElicitRequestParams.StringSchema { Description = "User's email address", Format = "email" },
                    },
                    Required = ["username", "email"],
                },
            },
            cancellationToken);
        return $"User response: action={result.Action}";
    }

    [McpServerTool(Name = "test_elicitation_sep1034_defaults"), Description("Asks the user for values, offering defaults for every primitive type.")]
    public static async Task<string> ElicitationWithDefaults(McpServer server, CancellationToken cancellationToken)
    {
        var result = await server.ElicitAsync(
            new ElicitRequestParams
            {
                Message = "Test client default value handling - please accept with defaults",
                RequestedSchema = new ElicitRequestParams.RequestSchema
                {
                    Properties = new Dictionary<string, ElicitRequestParams.PrimitiveSchemaDefinition>
                    {
                        ["name"] = new ElicitRequestParams.StringSchema { Description = "User name", Default = "John Doe" },
                        ["age"] = new ElicitRequestParams.NumberSchema { Type = "integer", Description = "User age", Default = 30 },
                        ["score"] = new ElicitRequestParams.NumberSchema { Description = "User score", Default = 95.5 },
                        ["status"] = new ElicitRequestParams.UntitledSingleSelectEnumSchema { Description = "User status", Enum = ["active", "inactive", "pending"], Default = "active" },
                        ["verified"] = new ElicitRequestParams.BooleanSchema { Description = "Verification status", Default = true },
                    },
                },
            },
            cancellationToken);
        return $"Elicitation completed: action={result.Action}";
    }

    [McpServerTool(Name = "test_elicitation_sep1330_enums"), Description("Asks the user to choose, with every enum variant of elicitation schemas.")]
    public static async Task<string> ElicitationWithEnums(McpServer server, CancellationToken cancellationToken)
    {
        string[] options = ["option1", "option2", "option3"];
        var result = await server.ElicitAsync(
            new ElicitRequestParams
            {
                Message = "Test enum schema variants",
                RequestedSchema = new ElicitRequestParams.RequestSchema
                {
                    Properties = new Dictionary<string, ElicitRequestParams.PrimitiveSchemaDefinition>
                    {
                        ["untitledSingle"] = new ElicitRequestParams.UntitledSingleSelectEnumSchema { Description = "Untitled single-select", Enum = options },
                        ["titledSingle"] = new ElicitRequestParams.TitledSingleSelectEnumSchema
                        {
                            Description = "Titled single-select",
                            OneOf = [new() { Const = "value1", Title = "First Option" }, new() { Const = "value2", Title = "Second Option" }, new() { Const = "value3", Title = "Third Option" }],
                        },
                        ["legacyEnum"] = new ElicitRequestParams.LegacyTitledEnumSchema { Description = "Legacy titled enum", Enum = ["opt1", "opt2", "opt3"], EnumNames = ["Option One", "Option Two", "Option Three"] },
                        ["untitledMulti"] = new ElicitRequestParams.UntitledMultiSelectEnumSchema { Description = "Untitled multi-select", Items = new() { Enum = options } },
                        ["titledMulti"] = new ElicitRequestParams.TitledMultiSelectEnumSchema
                        {
                            Description = "Titled multi-select",
                            Items = new() { AnyOf = [new() { Const = "value1", Title = "First Choice" }, new() { Const = "value2", Title = "Second Choice" }, new() { Const = "value3", Title = "Third Choice" }] },
                        },
                    },
                },
            },
            cancellationToken);
        return $"Elicitation completed: action={result.Action}";
    }
}
