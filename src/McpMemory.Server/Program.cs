using System.CommandLine;
using McpMemory.Core;
using McpMemory.Server.Cli;
using McpMemory.Server.Demo;
using McpMemory.Server.Eval;
using Microsoft.Extensions.Options;

var root = new RootCommand("mcp-memory: long-term memory for AI agents over MCP (stdio and HTTP), with local embeddings and a local Arrow store.")
{
    CommonOptions.DataDir,
    CommonOptions.Config,
    CommonOptions.EmbeddingModel,
    ServeCommand.Create(),
    DemoCommand.Create(),
    IngestCommand.Create(),
    DocumentCommand.Create(),
    SearchCommand.Create(),
    StatsCommand.Create(),
    ExportCommand.Create(),
    ImportCommand.Create(),
    BackupCommand.Create(),
    RestoreCommand.Create(),
    EvalCommand.Create(),
    SchemasCommand.Create(),
    ReindexCommand.Create(),
};

try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
}
catch (McpMemoryException ex)
{
    await Console.Error.WriteLineAsync($"mcp-memory: {ex.Message}");
    return 2;
}
catch (OptionsValidationException ex)
{
    await Console.Error.WriteLineAsync($"mcp-memory: invalid configuration: {ex.Message}");
    return 2;
}
catch (ModelContextProtocol.McpException ex)
{
    await Console.Error.WriteLineAsync($"mcp-memory: {ex.Message}");
    return 2;
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or FormatException or InvalidOperationException)
{
    // Configuration files that do not parse, ports already in use, folders that cannot be written: say what, without a stack trace.
    var inner = ex.InnerException is { } cause ? $" ({cause.Message})" : "";
    await Console.Error.WriteLineAsync($"mcp-memory: {ex.Message}{inner}");
    return 2;
}
