using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpMemory.Server.Clients;

namespace McpMemory.Server.Cli;

/// <summary>Writes the published tool schemas (<c>schemas/tools/NAME.json</c>) from what a running server advertises.</summary>
internal static class SchemasCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "The folder to write into.", DefaultValueFactory = _ => "schemas" };
        var command = new Command("schemas", "Start a server, read its tools/list, and write each tool's name, description, annotations and input/output JSON schemas to FOLDER/tools/NAME.json.")
        {
            output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var directory = Path.Combine(Path.GetTempPath(), "mcp-memory-schemas-" + Guid.NewGuid().ToString("N")[..8]);
            try
            {
                await using var client = await MemoryClient.StartAsync(directory, null, null, ct).ConfigureAwait(false);
                var tools = await client.Client.ListToolsAsync(cancellationToken: ct).ConfigureAwait(false);
                var folder = Path.Combine(parse.GetValue(output)!, "tools");
                Directory.CreateDirectory(folder);
                foreach (var stale in Directory.GetFiles(folder, "*.json"))
                {
                    File.Delete(stale);
                }

                foreach (var tool in tools)
                {
                    await File.WriteAllTextAsync(Path.Combine(folder, tool.Name + ".json"), Render(tool.ProtocolTool), ct).ConfigureAwait(false);
                }

                Console.WriteLine($"Wrote {tools.Count} tool schemas to {Path.GetFullPath(folder)}");
                return 0;
            }
            finally
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        });
        return command;
    }

    /// <summary>The canonical text of a tool definition: indented JSON with a trailing newline.</summary>
    public static string Render(ModelContextProtocol.Protocol.Tool tool)
    {
        var node = JsonSerializer.SerializeToNode(tool, ModelContextProtocol.McpJsonUtilities.DefaultOptions)!;
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }
}
