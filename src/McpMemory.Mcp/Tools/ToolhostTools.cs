using System.ComponentModel;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using McpMemory.Core;
using McpMemory.Core.Episodic;
using McpMemory.Core.Identity;
using McpMemory.Core.Tools;
using McpMemory.Mcp.Budgets;
using McpMemory.Mcp.Episodic;
using McpMemory.Mcp.Identity;
using McpMemory.Mcp.Upstreams;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpMemory.Mcp.Tools;

/// <summary>
/// The toolhost tools: a registry of tool definitions searched by task, and calls forwarded to the upstream MCP
/// servers of the configuration.
/// </summary>
[McpServerToolType]
public sealed class ToolhostTools(ToolRegistry registry, UpstreamHost upstreams, PrincipalResolver principals)
{
    private const string NamespaceHelp = "Namespace to use; leave out for your default namespace. Only namespaces you are allowed are accepted.";

    /// <summary>tool_register.</summary>
    [McpServerTool(Name = "tool_register", Title = "Register a tool definition", Idempotent = true, Destructive = false, ReadOnly = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Register a tool definition (name, description, JSON schema of its arguments, source label) so that tool_search can offer it for the tasks it fits. " +
        "A definition is data only: it is never run, and tool_call runs only tools of the upstream MCP servers declared in mcp-memory's configuration. " +
        "Registering a name again replaces its definition; the same definition again changes nothing. Visible to the very next call.")]
    public Task<ToolRegisterResult> RegisterAsync(
        [Description("The tool's name: letters, digits, '_', '-' and '.', up to 128 characters.")] string name,
        [Description("What the tool does and when to use it; this is what a search by task reads.")] string description,
        [Description("The JSON schema of the tool's arguments, an object schema such as {\"type\":\"object\",\"properties\":{...}}; default {\"type\":\"object\"}.")] JsonElement? input_schema = null,
        [Description("Where the tool comes from: a server's name, a package, any label (default 'registered').")] string? source = null,
        [Description("A human-readable title.")] string? title = null,
        [Description("Whether the tool only reads (its read-only hint).")] bool? read_only = null,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        GuardAsync(async () =>
        {
            var principal = principals.Resolve(user);
            principal.ResolveNamespace(@namespace, NamespaceAccess.Write);
            var tool = ToolRegistry.Check(name, description, input_schema, source, title, read_only);
            var (ns, outcome) = await registry.RegisterAsync(principal, @namespace, tool, cancellationToken).ConfigureAwait(false);
            return new ToolRegisterResult(ns, tool.Name, outcome.ToString().ToLowerInvariant());
        });

    /// <summary>tool_search.</summary>
    [McpServerTool(Name = "tool_search", Title = "Find tools for a task", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Find the k registered tools (upstream tools included) that best fit a task, by meaning and keywords (hybrid by default), with their input schemas, " +
        "so that an agent facing hundreds of tools reads only the few it needs. The answer keeps within max_tokens (cl100k); 'omitted' says how many of the k did not fit.")]
    public Task<ToolSearchResult> SearchAsync(
        [Description("The task, in the user's words: what should be done.")] string task,
        [Description("How many tools to return (1-200).")] int k = 5,
        [Description("Ranking: 'hybrid' (meaning + keywords, default), 'dense' (meaning only) or 'keyword' (BM25 only).")] string mode = "hybrid",
        [Description("Only tools from this source (an upstream's name, or a tool_register source label).")] string? source = null,
        [Description("The most tokens (cl100k) the tools may take, 100-1000000 (default 8000).")] int? max_tokens = null,
        [Description("Wait until every tool registered before this search can be found by meaning.")] bool wait_for_embeddings = false,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        GuardAsync(async () =>
        {
            var searchMode = EpisodicMemory.ParseMode(mode);
            var budget = new TokenBudget(max_tokens, "max_tokens");
            await WaitForUpstreamsAsync(cancellationToken).ConfigureAwait(false);
            var (ns, hits) = await registry.SearchAsync(principals.Resolve(user), @namespace, task, k, searchMode, source, wait_for_embeddings, cancellationToken).ConfigureAwait(false);
            var views = new List<ToolSearchHitView>(hits.Count);
            foreach (var hit in hits)
            {
                var view = ToolSearchHitView.From(hit);
                if (!budget.TryAdd(view, McpMemoryJsonContext.Default.ToolSearchHitView))
                {
                    break;
                }

                views.Add(view);
            }

            return new ToolSearchResult(ns, searchMode.ToString().ToLowerInvariant(), views, hits.Count - views.Count, budget.Used);
        });

    /// <summary>tool_list.</summary>
    [McpServerTool(Name = "tool_list", Title = "List registered tools", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("List the registered tools by name, a page within max_tokens at a time (pass 'next_cursor' back as 'cursor'), optionally of one source and with their input schemas; " +
        "also says where each upstream MCP server of the configuration stands (connected, or failed and why).")]
    public Task<ToolListResult> ListAsync(
        [Description("Only tools from this source (an upstream's name, or a tool_register source label).")] string? source = null,
        [Description("Include each tool's input schema (default false: names, titles and descriptions only).")] bool include_schemas = false,
        [Description("The most tokens (cl100k) one page may take, 100-1000000 (default 8000).")] int? max_tokens = null,
        [Description("The 'next_cursor' of the previous page.")] string? cursor = null,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        GuardAsync(async () =>
        {
            var budget = new TokenBudget(max_tokens, "max_tokens");
            var offset = (int)(PageCursor.Decode(cursor, "tool_list", 1)?[0] ?? 0);
            await WaitForUpstreamsAsync(cancellationToken).ConfigureAwait(false);
            var (ns, tools) = await registry.ListAsync(principals.Resolve(user), @namespace, source, cancellationToken).ConfigureAwait(false);
            var page = new List<ToolView>();
            var next = Math.Min(Math.Max(offset, 0), tools.Count);
            while (next < tools.Count)
            {
                var view = ToolView.From(tools[next], include_schemas);
                if (!budget.TryAdd(view, McpMemoryJsonContext.Default.ToolView))
                {
                    break;
                }

                page.Add(view);
                next++;
            }

            return new ToolListResult(ns, page, tools.Count, next < tools.Count ? PageCursor.Encode("tool_list", next) : null, upstreams.Status().Select(UpstreamView.From).ToList());
        });

    /// <summary>tool_remove.</summary>
    [McpServerTool(Name = "tool_remove", Title = "Remove tool definitions", Destructive = true, Idempotent = true, ReadOnly = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Remove registered tool definitions by name. Tools of an upstream server come back when it reconnects; remove the server from the configuration to drop them for good.")]
    public Task<ToolRemoveResult> RemoveAsync(
        [Description("The names of the tools to remove.")] IReadOnlyList<string> names,
        [Description(NamespaceHelp)] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        GuardAsync(async () =>
        {
            var (ns, removed, missing) = await registry.RemoveAsync(principals.Resolve(user), @namespace, names, cancellationToken).ConfigureAwait(false);
            return new ToolRemoveResult(ns, removed, missing);
        });

    /// <summary>tool_call.</summary>
    [McpServerTool(Name = "tool_call", Title = "Call an upstream tool", Destructive = true, Idempotent = false, ReadOnly = false, OpenWorld = true, UseStructuredContent = true)]
    [Description("Call a tool of an upstream MCP server declared in mcp-memory's configuration (named UPSTREAM.TOOL, as tool_search and tool_list show) and return its result. " +
        "Results of tools that a trusted upstream marks read-only, or that the configuration allows, are served from a cache for a while (cached=true). " +
        "The upstream's progress notifications are relayed. An upstream that is down, dies during the call or does not answer in time gives an error naming it; it is restarted and the call can be tried again.")]
    public Task<ToolCallResult> CallAsync(
        RequestContext<CallToolRequestParams> request,
        [Description("The tool's name, UPSTREAM.TOOL.")] string name,
        [Description("The tool's arguments, a JSON object matching its input schema.")] JsonElement? arguments = null,
        [Description("Namespace the call is made for (it partitions the cache); leave out for your default namespace. Tools that do not only read need write access to it.")] string? @namespace = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        GuardAsync(async () =>
        {
            if (arguments is { } given && given.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined))
            {
                throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'arguments' is a JSON {given.ValueKind.ToString().ToLowerInvariant()}; give a JSON object of the tool's arguments, such as {{\"query\":\"...\"}}.");
            }

            var principal = principals.Resolve(user);
            var trimmed = name?.Trim() ?? "";
            if (!upstreams.TryResolve(trimmed, out var upstream, out var tool))
            {
                var registered = trimmed.Length > 0 ? await registry.GetAsync(principal.ResolveNamespace(@namespace, NamespaceAccess.Read), trimmed, cancellationToken).ConfigureAwait(false) : null;
                throw new McpMemoryException(McpMemoryErrorCodes.NotFound, registered is not null
                    ? $"'{trimmed}' is a registered definition (source '{registered.Source}'), not a tool of an upstream server: mcp-memory runs only tools of the upstream MCP servers in its configuration (McpMemory:Upstreams:mcpServers). Call it through the client or server it comes from."
                    : $"No upstream tool is called '{trimmed}'. Upstream tools are named UPSTREAM.TOOL; find them with tool_search or tool_list. Configured upstreams: {(upstreams.Status().Count == 0 ? "none" : string.Join(", ", upstreams.Status().Select(s => s.Name)))}.");
            }

            var access = upstreams.IsCacheable(upstream, tool) ? NamespaceAccess.Read : NamespaceAccess.Write;
            var ns = principal.ResolveNamespace(@namespace, access);
            var result = await upstreams.CallAsync(ns, upstream, tool, arguments, ProgressRelay.For(request), cancellationToken).ConfigureAwait(false);
            if (result.Result.TryGetProperty("isError", out var isError) && isError.ValueKind == JsonValueKind.True)
            {
                throw new UpstreamException($"Upstream '{upstream}' tool '{tool}' reported an error: {ErrorText(result.Result)}");
            }

            var content = result.Result.TryGetProperty("content", out var blocks) ? blocks.Clone() : JsonDocument.Parse("[]").RootElement.Clone();
            JsonElement? structured = result.Result.TryGetProperty("structuredContent", out var s) && s.ValueKind != JsonValueKind.Null ? s.Clone() : null;
            return new ToolCallResult(upstream, tool, ns, result.Cached, result.CachedAt, content, structured);
        });

    // A search or listing right after start sees the upstream tools: wait until each upstream was tried once.
    private async Task WaitForUpstreamsAsync(CancellationToken cancellationToken)
    {
        if (upstreams.HasUpstreams)
        {
            await upstreams.WhenTriedAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string ErrorText(JsonElement result)
    {
        var text = new StringBuilder();
        if (result.TryGetProperty("content", out var blocks) && blocks.ValueKind == JsonValueKind.Array)
        {
            foreach (var block in blocks.EnumerateArray())
            {
                if (block.TryGetProperty("text", out var part) && part.ValueKind == JsonValueKind.String)
                {
                    text.Append(text.Length > 0 ? " " : "").Append(part.GetString());
                }
            }
        }

        return text.Length > 0 ? text.ToString() : "(no text)";
    }

    private static async Task<T> GuardAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await EpisodicTools.Guard(call).ConfigureAwait(false);
        }
        catch (UpstreamException ex)
        {
            throw new McpException($"{ex.Message} [upstream_failure]", ex);
        }
    }
}
