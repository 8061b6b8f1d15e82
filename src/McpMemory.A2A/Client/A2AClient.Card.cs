using System.Text.Json;
using McpMemory.A2A.Protocol;

namespace McpMemory.A2A.Client;

public sealed partial class A2AClient
{
    /// <summary>
    /// Reads an agent card of either shape. v1.0 lists its interfaces in <c>supportedInterfaces</c> (binding, version,
    /// URL); v0.3 has <c>url</c>, <c>preferredTransport</c>, <c>protocolVersion</c> and <c>additionalInterfaces</c>.
    /// The client picks, in this order, JSON-RPC of v1.0, JSON-RPC of v0.3, HTTP+JSON of v1.0, HTTP+JSON of v0.3; a
    /// card with none of them is refused with an error naming what it offers.
    /// </summary>
    public static A2AAgentCard ReadCard(JsonElement card, Uri cardUrl)
    {
        ArgumentNullException.ThrowIfNull(cardUrl);
        var peer = cardUrl.GetLeftPart(UriPartial.Authority);
        const string operation = "read agent card";
        if (card.ValueKind != JsonValueKind.Object)
        {
            throw new A2AClientException(peer, operation, $"{cardUrl} returned {A2AWire.Describe(card)}, not an agent card object.");
        }

        string? name;
        try
        {
            name = A2AWire.GetString(card, "name", "card");
        }
        catch (A2AException ex)
        {
            throw new A2AClientException(peer, operation, ex.Message, inner: ex);
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            throw new A2AClientException(peer, operation, $"the card at {cardUrl} has no 'name'; is it an A2A agent card?");
        }

        // The name is how the agent is known and shown (in errors, in progress notifications): plain text, one line.
        name = name.Trim();
        if (name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            throw new A2AClientException(peer, operation, $"the card at {cardUrl} gives a name of {name.Length} characters{(name.Any(char.IsControl) ? " with control characters (such as a line break)" : "")}; an agent's name must be one line of at most {MaxNameLength} characters.");
        }

        var stated = Text(card, "protocolVersion");
        var found = new Dictionary<(A2ABinding, A2AFamily), string?>();
        var offered = new List<string>();

        void Offer(string? binding, string? version, string? url)
        {
            offered.Add($"{binding ?? "(no binding)"} {version ?? "(no version)"}");
            var family = version is null ? (A2AFamily?)null
                : version.StartsWith("1.", StringComparison.Ordinal) || version == "1" ? A2AFamily.V1
                : version.StartsWith("0.3", StringComparison.Ordinal) ? A2AFamily.V03
                : null;
            if (ParseBinding(binding) is { } known && family is { } f && !found.ContainsKey((known, f)))
            {
                found[(known, f)] = url;
            }
        }

        if (A2AWire.Get(card, "supportedInterfaces") is { ValueKind: JsonValueKind.Array } interfaces)
        {
            foreach (var item in interfaces.EnumerateArray())
            {
                Offer(Text(item, "protocolBinding") ?? Text(item, "transport"), Text(item, "protocolVersion") ?? stated, Text(item, "url"));
            }
        }

        if (found.Count == 0 && Text(card, "url") is { } mainUrl)
        {
            // v0.3: the main URL speaks the preferred transport; the others are listed beside it.
            var version = stated ?? "0.3";
            Offer(Text(card, "preferredTransport") ?? "JSONRPC", version, mainUrl);
            if (A2AWire.Get(card, "additionalInterfaces") is { ValueKind: JsonValueKind.Array } extra)
            {
                foreach (var item in extra.EnumerateArray())
                {
                    Offer(Text(item, "transport"), version, Text(item, "url"));
                }
            }
        }

        (A2ABinding Binding, A2AFamily Family, Uri Url)? chosen = null;
        foreach (var preferred in (ReadOnlySpan<(A2ABinding, A2AFamily)>)[(A2ABinding.JsonRpc, A2AFamily.V1), (A2ABinding.JsonRpc, A2AFamily.V03), (A2ABinding.HttpJson, A2AFamily.V1), (A2ABinding.HttpJson, A2AFamily.V03)])
        {
            if (found.TryGetValue(preferred, out var url))
            {
                chosen = (preferred.Item1, preferred.Item2, Endpoint(url, cardUrl, peer));
                break;
            }
        }

        if (chosen is not { } pick)
        {
            var offers = offered.Count == 0 ? "no interface at all" : string.Join(", ", offered.Distinct(StringComparer.Ordinal));
            throw new A2AClientException(peer, operation, $"the card of '{name}' at {cardUrl} offers {offers}; this client speaks JSON-RPC and HTTP+JSON (REST) of A2A 1.0 or 0.3: have the agent offer one of those, or call it with a client that speaks its binding.");
        }

        var skills = new List<A2APeerSkill>();
        if (A2AWire.Get(card, "skills") is { ValueKind: JsonValueKind.Array } listed)
        {
            foreach (var skill in listed.EnumerateArray())
            {
                if (Text(skill, "id") is not { Length: > 0 } id)
                {
                    continue;
                }

                var tags = A2AWire.Get(skill, "tags") is { ValueKind: JsonValueKind.Array } t
                    ? t.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
                    : [];
                skills.Add(new A2APeerSkill(id, Text(skill, "name") ?? id, Text(skill, "description"), tags));
            }
        }

        var capabilities = A2AWire.Get(card, "capabilities");
        return new A2AAgentCard
        {
            Name = name,
            Description = Text(card, "description"),
            CardUrl = cardUrl,
            Endpoint = pick.Url,
            Binding = pick.Binding,
            Family = pick.Family,
            ProtocolVersion = pick.Family == A2AFamily.V1 ? "1.0" : stated is { } v && v.StartsWith("0.3", StringComparison.Ordinal) ? v : "0.3.0",
            Streaming = capabilities is { } c && A2AWire.Get(c, "streaming") is { ValueKind: JsonValueKind.True },
            Skills = skills,
            RequiresAuthentication = (A2AWire.Get(card, "securityRequirements") ?? A2AWire.Get(card, "security")) is { ValueKind: JsonValueKind.Array } requirements
                && requirements.GetArrayLength() > 0
                && requirements.EnumerateArray().All(IsNonEmptyRequirement),
        };
    }

    // One alternative of a card's security requirements: v1.0 {"schemes": {"bearer": {...}}}, v0.3 {"bearer": []}.
    // An empty one means that no credentials are needed.
    private static bool IsNonEmptyRequirement(JsonElement requirement) =>
        requirement.ValueKind == JsonValueKind.Object
        && (A2AWire.Get(requirement, "schemes") is { ValueKind: JsonValueKind.Object } schemes ? schemes : requirement).EnumerateObject().Any();

    /// <summary>The longest agent name taken from a card.</summary>
    public const int MaxNameLength = 200;

    // The binding names of both card shapes; REST is an older spelling of HTTP+JSON.
    private static A2ABinding? ParseBinding(string? binding) => binding?.Trim().ToUpperInvariant() switch
    {
        "JSONRPC" => A2ABinding.JsonRpc,
        "HTTP+JSON" or "HTTP_JSON" or "REST" => A2ABinding.HttpJson,
        _ => null,
    };

    private static string? Text(JsonElement obj, string camelName) =>
        A2AWire.Get(obj, camelName) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    // An interface URL is data: it must be an absolute http(s) URL (a relative one is read against the card's URL).
    private static Uri Endpoint(string? url, Uri cardUrl, string peer)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(cardUrl, url, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new A2AClientException(peer, "read agent card", $"the card at {cardUrl} gives the interface URL '{url}', which is not an http or https URL; only those are called.");
        }

        return uri;
    }
}
