using McpMemory.Core;
using McpMemory.Core.Identity;
using McpMemory.Core.Procedural;
using McpMemory.Mcp.Identity;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpMemory.Mcp.Procedural;

/// <summary>
/// Every skill of the caller's default namespace as an MCP prompt: <c>prompts/list</c> lists them (name, description,
/// parameters as arguments), <c>prompts/get</c> renders one with its arguments (an unknown or missing argument is an
/// invalid-params error that names it), and <c>completion/complete</c> completes a prompt's arguments (from the
/// parameter's allowed values and default) and the parts of <c>skill://{namespace}/{name}</c> (namespaces the caller
/// may read, skill names). Other prompts and references (another primitive's) are left to the SDK's own handling.
/// </summary>
public static class SkillPrompts
{
    private const int MaxCompletions = 100;

    /// <summary><c>prompts/list</c>.</summary>
    public static async ValueTask<ListPromptsResult> ListAsync(RequestContext<ListPromptsRequestParams> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (skills, principal) = Services(request);
        var result = new ListPromptsResult();
        if (request.Params?.Cursor is not null)
        {
            return result;
        }

        var (_, list) = await Guard(() => skills.ListAsync(principal, null, cancellationToken)).ConfigureAwait(false);
        foreach (var skill in list)
        {
            result.Prompts.Add(ToPrompt(skill));
        }

        return result;
    }

    /// <summary><c>prompts/get</c>: the skill rendered with the request's arguments, as one user message.</summary>
    public static async ValueTask<GetPromptResult> GetAsync(RequestContext<GetPromptRequestParams> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (skills, principal) = Services(request);
        var name = request.Params?.Name ?? "";
        var skill = await Guard(() => skills.FindAsync(principal, null, name, cancellationToken)).ConfigureAwait(false)
            ?? throw new McpProtocolException($"Unknown prompt: '{name}'. prompts/list lists the skills of namespace '{principal.DefaultNamespace}' as prompts.", McpErrorCode.InvalidParams);
        var rendered = await Guard(() => Task.FromResult(ProceduralMemory.Render(skill, SkillArguments.From(request.Params?.Arguments)))).ConfigureAwait(false);
        return new GetPromptResult
        {
            Description = skill.Description,
            Messages = [new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = rendered.Text } }],
        };
    }

    /// <summary><c>completion/complete</c> for skill prompts' arguments and the <c>skill://</c> template.</summary>
    public static async ValueTask<CompleteResult> CompleteAsync(RequestContext<CompleteRequestParams> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (skills, principal) = Services(request);
        var argument = request.Params?.Argument;
        var prefix = argument?.Value ?? "";
        IEnumerable<string> values = [];
        switch (request.Params?.Ref)
        {
            case PromptReference prompt when argument is not null:
                var skill = await Guard(() => skills.FindAsync(principal, null, prompt.Name, cancellationToken)).ConfigureAwait(false);
                if (skill?.Parameters.FirstOrDefault(p => p.Name == argument.Name) is { } parameter)
                {
                    values = parameter.Values.Count > 0 ? parameter.Values : parameter.Default is null ? [] : [parameter.Default];
                }

                break;

            case ResourceTemplateReference template when template.Uri == SkillResourceUri.Template && argument is not null:
                if (argument.Name == "namespace")
                {
                    values = principal.Describe(NamespaceAccess.Read).Split(", ", StringSplitOptions.RemoveEmptyEntries).Where(n => n != "*");
                }
                else if (argument.Name == "name")
                {
                    var ns = request.Params?.Context?.Arguments is { } given && given.TryGetValue("namespace", out var chosen) && !string.IsNullOrEmpty(chosen) ? chosen : null;
                    try
                    {
                        var (_, list) = await skills.ListAsync(principal, ns, cancellationToken).ConfigureAwait(false);
                        values = list.Select(s => s.Name);
                    }
                    catch (McpMemoryException)
                    {
                        // A namespace the caller may not read completes to nothing.
                    }
                }

                break;
        }

        var matches = values.Where(v => v.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.Ordinal).ToList();
        return new CompleteResult
        {
            Completion = new Completion { Values = [.. matches.Take(MaxCompletions)], Total = matches.Count, HasMore = matches.Count > MaxCompletions },
        };
    }

    private static Prompt ToPrompt(Skill skill) => new()
    {
        Name = skill.Name,
        Title = $"{(skill.Kind == SkillKinds.Workflow ? "Workflow" : "Skill")}: {skill.Name} (v{skill.Version})",
        Description = skill.Description,
        Arguments = [.. skill.Parameters.Select(p => new PromptArgument
        {
            Name = p.Name,
            Description = p.Default is null ? p.Description : $"{p.Description ?? ""}{(p.Description is null ? "" : " ")}(default: {p.Default})".Trim(),
            Required = p.Required,
        })],
    };

    /// <summary>Turns our errors into protocol errors: the caller's mistakes as invalid params.</summary>
    private static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (McpMemoryException ex)
        {
            var code = ex.Code is McpMemoryErrorCodes.InvalidArgument or McpMemoryErrorCodes.NamespaceDenied or McpMemoryErrorCodes.NotFound ? McpErrorCode.InvalidParams : McpErrorCode.InternalError;
            throw new McpProtocolException($"{ex.Message} [{ex.Code}]", ex, code);
        }
    }

    private static (ProceduralMemory Skills, MemoryPrincipal Principal) Services<T>(RequestContext<T> request)
        where T : RequestParams
    {
        var services = request.Services ?? throw new InvalidOperationException("The MCP request carries no services.");
        return (services.GetRequiredService<ProceduralMemory>(), services.GetRequiredService<PrincipalResolver>().Resolve(request.User));
    }
}
