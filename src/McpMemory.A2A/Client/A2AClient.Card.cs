using System.Text.Json;
using McpMemory.A2A.Protocol;

namespace McpMemory.A2A.Client;

public sealed partial class A2AClient
{
    /// <summary>
    /// Reads an agent card of either shape. v1.0 lists its interfaces in <c>supportedInterfaces</c> (binding, version,
    /// URL); v0.3 has <c>url</c>, <c>preferredTransport</c>, <c>protocolVersion</c> and <c>additionalInterfaces</c>.
    /// The client picks a JSON-RPC interface of v1.0 when there is one, else of v0.3.
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

        var stated = Text(card, "protocolVersion");
        Uri? v1 = null;
        Uri? v03 = null;
        if (A2AWire.Get(card, "supportedInterfaces") is { ValueKind: JsonValueKind.Array } interfaces)
        {
            foreach (var item in interfaces.EnumerateArray())
            {
                if (!string.Equals(Text(item, "protocolBinding") ?? Text(item, "transport"), "JSONRPC", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var version = Text(item, "protocolVersion") ?? stated ?? "";
                var url = Endpoint(Text(item, "url"), cardUrl, peer);
                if (version.StartsWith("1.", StringComparison.Ordinal) || version == "1")
                {
                    v1 ??= url;
                }
                else if (version.StartsWith("0.3", StringComparison.Ordinal))
                {
                    v03 ??= url;
                }
            }
        }

        if (v1 is null && v03 is null && Text(card, "url") is { } mainUrl)
        {
            var preferred = Text(card, "preferredTransport") ?? "JSONRPC";
            var jsonRpc = string.Equals(preferred, "JSONRPC", StringComparison.OrdinalIgnoreCase)
                ? mainUrl
                : A2AWire.Get(card, "additionalInterfaces") is { ValueKind: JsonValueKind.Array } extra
                    ? extra.EnumerateArray().Where(i => string.Equals(Text(i, "transport"), "JSONRPC", StringComparison.OrdinalIgnoreCase)).Select(i => Text(i, "url")).FirstOrDefault(u => u is not null)
                    : null;
            if (jsonRpc is not null)
            {
                var url = Endpoint(jsonRpc, cardUrl, peer);
                if (stated is not null && stated.StartsWith("1.", StringComparison.Ordinal))
                {
                    v1 = url;
                }
                else
                {
                    v03 = url;
                }
            }
        }

        if (v1 is null && v03 is null)
        {
            throw new A2AClientException(peer, operation, $"the card of '{name}' at {cardUrl} offers no JSON-RPC interface of A2A 1.0 or 0.3, the binding this client speaks.");
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
            Name = name.Trim(),
            Description = Text(card, "description"),
            CardUrl = cardUrl,
            Endpoint = v1 ?? v03!,
            Family = v1 is not null ? A2AFamily.V1 : A2AFamily.V03,
            ProtocolVersion = v1 is not null ? "1.0" : stated ?? "0.3.0",
            Streaming = capabilities is { } c && A2AWire.Get(c, "streaming") is { ValueKind: JsonValueKind.True },
            Skills = skills,
        };
    }

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
