using System.Text.Json;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.Tools;

/// <summary>The registry tools (tool_register, tool_search, tool_list, tool_remove) through the SDK's client against a real server over stdio.</summary>
public sealed class ToolRegistryToolsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task RegisterSearchListRemove_FindsTheToolThatFitsTheTask_AndWritesAreVisibleAtOnce()
    {
        var ct = TestTimeouts.Token();
        await using var client = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: ct);
        var tools = new (string Name, string Description, string Schema)[]
        {
            ("weather.forecast", "Forecast of temperature, rain and wind for a city over the next days.", """{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"}},"required":["city"]}"""),
            ("calendar.create_event", "Put a meeting or appointment on the user's calendar with attendees.", """{"type":"object","properties":{"title":{"type":"string"},"start":{"type":"string","description":"ISO 8601 start time"}}}"""),
            ("mail.send", "Send an email message to one or more recipients.", """{"type":"object","properties":{"to":{"type":"array","items":{"type":"string"}},"subject":{"type":"string"},"body":{"type":"string"}}}"""),
            ("files.delete", "Delete a file from disk permanently.", """{"type":"object","properties":{"path":{"type":"string"}}}"""),
        };
        foreach (var (name, description, schema) in tools)
        {
            var registered = await client.CallAsync("tool_register", new() { ["name"] = name, ["description"] = description, ["input_schema"] = Parse(schema), ["source"] = "test-suite" }, ct);
            Assert.Equal("created", registered.GetProperty("status").GetString());
        }

        var again = await client.CallAsync("tool_register", new() { ["name"] = "mail.send", ["description"] = tools[2].Description, ["input_schema"] = Parse(tools[2].Schema), ["source"] = "test-suite" }, ct);
        var byMeaning = await client.CallAsync("tool_search", new() { ["task"] = "will it be wet in Lisbon tomorrow?", ["k"] = 2, ["mode"] = "dense", ["wait_for_embeddings"] = true }, ct);
        var byKeywords = await client.CallAsync("tool_search", new() { ["task"] = "email the report to Sam", ["k"] = 1, ["mode"] = "keyword" }, ct);
        var hybrid = await client.CallAsync("tool_search", new() { ["task"] = "book a meeting with Ana on Monday at ten", ["k"] = 1 }, ct);
        var updated = await client.CallAsync("tool_register", new() { ["name"] = "mail.send", ["description"] = "Send a text message (SMS) to a phone number.", ["source"] = "test-suite" }, ct);
        var afterUpdate = await client.CallAsync("tool_search", new() { ["task"] = "SMS", ["k"] = 5, ["mode"] = "keyword" }, ct);
        var page1 = await client.CallAsync("tool_list", new() { ["max_tokens"] = 100 }, ct);
        var page2 = await client.CallAsync("tool_list", new() { ["max_tokens"] = 100000, ["cursor"] = page1.GetProperty("next_cursor").GetString(), ["include_schemas"] = true }, ct);
        var removed = await client.CallAsync("tool_remove", new() { ["names"] = new[] { "files.delete", "no.such" } }, ct);
        var afterRemove = await client.CallAsync("tool_search", new() { ["task"] = "delete a file", ["k"] = 5, ["mode"] = "keyword" }, ct);
        var stats = await client.CallAsync("memory_stats", [], ct);

        Assert.Equal("unchanged", again.GetProperty("status").GetString());
        var weather = byMeaning.GetProperty("tools")[0].GetProperty("tool");
        Assert.Equal("weather.forecast", weather.GetProperty("name").GetString());
        Assert.Equal("city", weather.GetProperty("input_schema").GetProperty("required")[0].GetString());
        Assert.Equal("test-suite", weather.GetProperty("source").GetString());
        Assert.Equal(1, byMeaning.GetProperty("tools")[0].GetProperty("match").GetProperty("dense_rank").GetInt32());
        Assert.Equal("mail.send", Assert.Single(byKeywords.GetProperty("tools").EnumerateArray()).GetProperty("tool").GetProperty("name").GetString());
        Assert.Equal("calendar.create_event", Assert.Single(hybrid.GetProperty("tools").EnumerateArray()).GetProperty("tool").GetProperty("name").GetString());
        Assert.True(hybrid.GetProperty("tokens").GetInt32() > 0);
        Assert.Equal("updated", updated.GetProperty("status").GetString());
        var sms = Assert.Single(afterUpdate.GetProperty("tools").EnumerateArray()).GetProperty("tool");
        Assert.Equal("mail.send", sms.GetProperty("name").GetString());
        Assert.Equal("""{"type":"object"}""", sms.GetProperty("input_schema").GetRawText());
        Assert.Equal(4, page1.GetProperty("total").GetInt32());
        var first = page1.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        var rest = page2.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.NotEmpty(first);
        Assert.Equal(JsonValueKind.Null, page1.GetProperty("tools")[0].GetProperty("input_schema").ValueKind);
        Assert.Equal(JsonValueKind.Object, page2.GetProperty("tools")[0].GetProperty("input_schema").ValueKind);
        Assert.Equal(["calendar.create_event", "files.delete", "mail.send", "weather.forecast"], first.Concat(rest));
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("next_cursor").ValueKind);
        Assert.Empty(page2.GetProperty("upstreams").EnumerateArray());
        Assert.Equal(["files.delete"], removed.GetProperty("removed").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(["no.such"], removed.GetProperty("missing").EnumerateArray().Select(n => n.GetString()));
        Assert.DoesNotContain(afterRemove.GetProperty("tools").EnumerateArray(), h => h.GetProperty("tool").GetProperty("name").GetString() == "files.delete");
        Assert.Contains(stats.GetProperty("namespaces").EnumerateArray(), n => n.GetProperty("namespace").GetString() == "default" && n.GetProperty("kind").GetString() == "tools" && n.GetProperty("episodes").GetInt64() == 3);
    }

    [Fact]
    public async Task Register_BadInput_NamesTheFieldAndWritesNothing()
    {
        var ct = TestTimeouts.Token();
        await using var client = await ServerProcess.StartStdioAsync(_temp.Path, cancellationToken: ct);

        var badName = await client.CallExpectingErrorAsync("tool_register", new() { ["name"] = "rm -rf /", ["description"] = "x" }, ct);
        var noDescription = await client.CallExpectingErrorAsync("tool_register", new() { ["name"] = "ok_name", ["description"] = "  " }, ct);
        var arraySchema = await client.CallExpectingErrorAsync("tool_register", new() { ["name"] = "ok_name", ["description"] = "does things", ["input_schema"] = Parse("[1,2]") }, ct);
        var stringType = await client.CallExpectingErrorAsync("tool_register", new() { ["name"] = "ok_name", ["description"] = "does things", ["input_schema"] = Parse("""{"type":"string"}""") }, ct);
        var callRegistered = await client.CallAsync("tool_register", new() { ["name"] = "local.thing", ["description"] = "A tool some other client runs." }, ct);
        var call = await client.CallExpectingErrorAsync("tool_call", new() { ["name"] = "local.thing" }, ct);
        var unknown = await client.CallExpectingErrorAsync("tool_call", new() { ["name"] = "nowhere.nothing" }, ct);
        var list = await client.CallAsync("tool_list", [], ct);

        Assert.Contains("'name' value 'rm -rf /' is not a valid tool name", badName, StringComparison.Ordinal);
        Assert.Contains("'description' of tool 'ok_name' is empty", noDescription, StringComparison.Ordinal);
        Assert.Contains("'input_schema' of tool 'ok_name' is a JSON array", arraySchema, StringComparison.Ordinal);
        Assert.Contains("its type must be \"object\"", stringType, StringComparison.Ordinal);
        Assert.Equal("created", callRegistered.GetProperty("status").GetString());
        Assert.Contains("'local.thing' is a registered definition (source 'registered'), not a tool of an upstream server", call, StringComparison.Ordinal);
        Assert.Contains("No upstream tool is called 'nowhere.nothing'", unknown, StringComparison.Ordinal);
        Assert.Contains("Configured upstreams: none", unknown, StringComparison.Ordinal);
        Assert.Equal(["local.thing"], list.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
