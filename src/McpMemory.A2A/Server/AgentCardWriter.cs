using System.Text.Json.Nodes;
using McpMemory.A2A.Execution;

namespace McpMemory.A2A.Server;

/// <summary>
/// Writes the agent card. v1.0 clients (those that send <c>A2A-Version: 1.x</c>) get the v1.0 card: interfaces in
/// <c>supportedInterfaces</c>, security schemes in ProtoJSON. Others get the v0.3 card (<c>url</c>,
/// <c>preferredTransport</c>, <c>protocolVersion</c>, JSON-Schema security schemes), which also carries
/// <c>supportedInterfaces</c> so a v1.0 client that sends no header still finds every interface. The REST binding
/// speaks v1.0 only, so the v0.3 fields (<c>additionalInterfaces</c>) do not list it.
/// </summary>
internal static class AgentCardWriter
{
    public const string BearerScheme = "bearer";

    public static JsonObject Write(A2AServerOptions options, IA2AAgent agent, string baseUrl, bool v1)
    {
        var endpoint = baseUrl.TrimEnd('/') + options.JsonRpcPath;
        var rest = baseUrl.TrimEnd('/') + options.RestPath;
        var interfaces = new JsonArray(
            new JsonObject { ["url"] = endpoint, ["protocolBinding"] = "JSONRPC", ["protocolVersion"] = "1.0" },
            new JsonObject { ["url"] = endpoint, ["protocolBinding"] = "JSONRPC", ["protocolVersion"] = "0.3" },
            new JsonObject { ["url"] = rest, ["protocolBinding"] = "HTTP+JSON", ["protocolVersion"] = "1.0" });
        if (options.GrpcUrl is { Length: > 0 } grpc)
        {
            // A gRPC target is host:port (what grpc-js, grpc-go and grpcio dial; the reference JavaScript SDK passes the
            // card's URL straight to grpc-js, which cannot resolve "http://host:port").
            var target = Uri.TryCreate(grpc, UriKind.Absolute, out var uri) ? uri.Authority : grpc;
            interfaces.Add(new JsonObject { ["url"] = target, ["protocolBinding"] = "GRPC", ["protocolVersion"] = "1.0" });
        }

        var card = new JsonObject
        {
            ["name"] = options.Name,
            ["description"] = options.Description,
            ["version"] = options.Version,
            ["supportedInterfaces"] = interfaces,
        };
        if (!v1)
        {
            card["protocolVersion"] = "0.3.0";
            card["url"] = endpoint;
            card["preferredTransport"] = "JSONRPC";
            card["additionalInterfaces"] = new JsonArray(new JsonObject { ["url"] = endpoint, ["transport"] = "JSONRPC" });
        }

        card["provider"] = new JsonObject { ["organization"] = "McpMemory", ["url"] = baseUrl.TrimEnd('/') };
        card["capabilities"] = v1
            ? new JsonObject { ["streaming"] = true, ["pushNotifications"] = options.PushAllowedUrls.Count > 0, ["extendedAgentCard"] = true }
            : new JsonObject { ["streaming"] = true, ["pushNotifications"] = options.PushAllowedUrls.Count > 0, ["stateTransitionHistory"] = false };
        if (options.RequireBearerToken)
        {
            const string description = "A bearer token from McpMemory:Http:Tokens; it names the principal whose namespaces the agent reads and writes (the same tokens as MCP at /mcp).";
            if (v1)
            {
                card["securitySchemes"] = new JsonObject { [BearerScheme] = new JsonObject { ["httpAuthSecurityScheme"] = new JsonObject { ["description"] = description, ["scheme"] = "Bearer" } } };
                card["securityRequirements"] = new JsonArray(new JsonObject { ["schemes"] = new JsonObject { [BearerScheme] = new JsonObject { ["list"] = new JsonArray() } } });
            }
            else
            {
                card["securitySchemes"] = new JsonObject { [BearerScheme] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["description"] = description } };
                card["security"] = new JsonArray(new JsonObject { [BearerScheme] = new JsonArray() });
            }
        }

        card["defaultInputModes"] = new JsonArray("text/plain", "application/json");
        card["defaultOutputModes"] = new JsonArray("text/plain", "application/json");
        card["skills"] = new JsonArray([.. agent.Skills.Select(s => (JsonNode)new JsonObject
        {
            ["id"] = s.Id,
            ["name"] = s.Name,
            ["description"] = s.Description,
            ["tags"] = new JsonArray([.. s.Tags.Select(t => (JsonNode)t)]),
            ["examples"] = new JsonArray([.. s.Examples.Select(e => (JsonNode)e)]),
        })]);
        if (!v1)
        {
            card["supportsAuthenticatedExtendedCard"] = true;
        }

        return card;
    }
}
