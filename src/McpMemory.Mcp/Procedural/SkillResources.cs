using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using McpMemory.Core;
using McpMemory.Core.Procedural;
using McpMemory.Mcp.Identity;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpMemory.Mcp.Procedural;

/// <summary>
/// Skills as MCP resources: <c>skill://{namespace}/{name}</c> is the skill as JSON with its outcome statistics;
/// <c>resources/list</c> lists those of the caller's default namespace (<see cref="ListAsync"/>). Clients can subscribe to
/// each (<see cref="Notifications.ResourceSubscriptionHandlers"/>); saves, deletes and outcomes through the tools then send
/// <c>notifications/resources/updated</c>, and saves and deletes <c>notifications/resources/list_changed</c>.
/// </summary>
[McpServerResourceType]
public sealed class SkillResources(ProceduralMemory skills, PrincipalResolver principals)
{
    private const string JsonMime = "application/json";

    /// <summary><c>skill://{namespace}/{name}</c>.</summary>
    [McpServerResource(UriTemplate = SkillResourceUri.Template, Name = "skill", Title = "Skill", MimeType = JsonMime)]
    [Description("A skill or workflow template (name and namespace escaped as URI data) with its parameters, steps, tags, tools, version and outcome statistics, as JSON.")]
    public async Task<TextResourceContents> ReadAsync(RequestContext<ReadResourceRequestParams> request, string @namespace, string name, ClaimsPrincipal? user = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var (ns, skill, stats) = await skills.GetAsync(principals.Resolve(user), @namespace, name, cancellationToken).ConfigureAwait(false);
            var content = new SkillResource { Namespace = ns, Skill = SkillView.From(ns, skill), Stats = SkillStatsView.From(stats) };
            return new TextResourceContents { Uri = request.Params!.Uri, MimeType = JsonMime, Text = JsonSerializer.Serialize(content, McpMemoryJsonContext.Default.SkillResource) };
        }
        catch (McpMemoryException ex)
        {
            var code = ex.Code switch
            {
                McpMemoryErrorCodes.NotFound => string.CompareOrdinal(request.Server.NegotiatedProtocolVersion, "2026-07-28") >= 0 ? McpErrorCode.InvalidParams : McpErrorCode.ResourceNotFound,
                McpMemoryErrorCodes.InvalidArgument or McpMemoryErrorCodes.NamespaceDenied => McpErrorCode.InvalidParams,
                _ => McpErrorCode.InternalError,
            };
            throw new McpProtocolException($"{ex.Message} [{ex.Code}]", ex, code);
        }
    }

    /// <summary><c>resources/list</c>: a resource per skill of the caller's default namespace (the SDK adds the other resources).</summary>
    public static async ValueTask<ListResourcesResult> ListAsync(RequestContext<ListResourcesRequestParams> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = new ListResourcesResult();
        if (request.Params?.Cursor is not null)
        {
            return result;
        }

        var services = request.Services ?? throw new InvalidOperationException("The MCP request carries no services.");
        var principal = services.GetRequiredService<PrincipalResolver>().Resolve(request.User);
        var (ns, list) = await services.GetRequiredService<ProceduralMemory>().ListAsync(principal, null, cancellationToken).ConfigureAwait(false);
        foreach (var skill in list)
        {
            result.Resources.Add(new Resource
            {
                Uri = SkillResourceUri.For(ns, skill.Name),
                Name = skill.Name,
                Title = $"{(skill.Kind == SkillKinds.Workflow ? "Workflow" : "Skill")}: {skill.Name} (v{skill.Version})",
                Description = skill.Description,
                MimeType = JsonMime,
            });
        }

        return result;
    }
}
