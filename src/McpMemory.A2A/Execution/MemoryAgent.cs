using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpMemory.A2A.Protocol;
using McpMemory.A2A.Server;
using McpMemory.Core.Documents;
using McpMemory.Core.Episodic;
using McpMemory.Core.Semantic;
using Microsoft.Extensions.Options;

namespace McpMemory.A2A.Execution;

/// <summary>
/// The agent behind <c>mcp-memory</c>'s card: each skill is a memory operation. A message names its skill in
/// <c>metadata.skill</c> or in a data part's <c>skill</c> field; a message with no such hint is a recall query made of
/// its text. A request that lacks what its skill needs (a query, something to remember) is answered with a question
/// and the task waits in input-required; the client's reply in that task supplies it, and keeps the skill and the data
/// fields (namespace, k, ...) of the first request that the reply does not set itself.
/// </summary>
internal sealed partial class MemoryAgent(EpisodicMemory episodic, SemanticMemory semantic, DocumentMemory documents, IOptions<A2AServerOptions> options) : IA2AAgent
{
    public const string Recall = "recall";
    public const string Remember = "remember";
    public const string Ingest = "ingest";
    public const string Stats = "stats";
    public const string Documents = "documents";
    public const string Knowledge = "knowledge";

    private readonly A2AServerOptions _options = options.Value;

    public IReadOnlyList<A2ASkill> Skills { get; } =
    [
        new(Recall, "Recall", "Searches the memory by meaning and keywords. A plain text message is a recall query; the reply lists the top hits as text and as a data part ({\"hits\": [...]}). A data part may set query, k (1-100), mode (hybrid, dense, keyword), namespace and waitForEmbeddings.", ["memory", "search", "recall"], ["What did Alice say about the ferry?"]),
        new(Remember, "Remember", "Stores events: each text part is one event, or a data part {\"skill\": \"remember\", \"episodes\": [{\"text\": ..., \"speaker\": ..., \"timestamp\": ...}]}; with {\"entity\": {\"name\", \"entityType\", \"observations\"}} it also records a fact about an entity in the knowledge graph.", ["memory", "write", "remember", "facts"], ["{\"skill\": \"remember\", \"episodes\": [{\"text\": \"The ferry leaves at 09:40\", \"speaker\": \"alice\"}]}"]),
        new(Ingest, "Bulk ingest", "Stores many events in batches as a long-running task that reports progress and can be canceled between batches: a data part {\"skill\": \"ingest\", \"episodes\": [...]} or {\"skill\": \"ingest\", \"texts\": [\"...\"]}, optional batchSize (1-1000, default 50).", ["memory", "write", "bulk"], ["{\"skill\": \"ingest\", \"texts\": [\"first\", \"second\"]}"]),
        new(Documents, "Search documents", "Searches the stored documents (RAG) by meaning and keywords: a data part {\"skill\": \"documents\", \"query\": ..., \"k\": 1-50} or metadata.skill with a text part. The reply cites each passage: document, title, heading path and character offsets.", ["memory", "documents", "rag", "search"], ["{\"skill\": \"documents\", \"query\": \"How do I rotate the keys?\"}"]),
        new(Knowledge, "Search the knowledge graph", "Finds entities of the knowledge graph by meaning and keywords, with their type and observations: a data part {\"skill\": \"knowledge\", \"query\": ..., \"k\": 1-50}.", ["memory", "graph", "entities", "search"], ["{\"skill\": \"knowledge\", \"query\": \"who runs the data team\"}"]),
        new(Stats, "Memory statistics", "Counts per namespace: episodes, documents, pending embeddings. A data part {\"skill\": \"stats\"}.", ["memory", "stats"], ["{\"skill\": \"stats\"}"]),
    ];

    public void Validate(A2AMessage message)
    {
        var (skill, data) = Route(message);
        if (!Skills.Any(s => s.Id == skill))
        {
            throw A2AException.InvalidParams($"Skill '{skill}' is not offered by this agent: use one of {string.Join(", ", Skills.Select(s => s.Id))} (in metadata.skill or a data part's 'skill').");
        }

        // What the skill lacks is asked for (input-required); what is there but of the wrong kind is refused now.
        foreach (var list in new[] { "texts", "episodes" })
        {
            if (A2AWire.Get(data, list) is { ValueKind: not (JsonValueKind.Array or JsonValueKind.Null) } wrong)
            {
                throw A2AException.InvalidParams($"'data.{list}' is {A2AWire.Describe(wrong)}; it must be an array, such as {(list == "texts" ? "[\"The ferry leaves at 09:40\"]" : "[{\"text\": \"The ferry leaves at 09:40\"}]")}.");
            }
        }

        var most = skill switch { Recall => 100, Documents or Knowledge => 50, _ => 0 };
        if (most > 0 && A2AWire.GetInt(data, "k", "data") is { } k && (k < 1 || k > most))
        {
            throw A2AException.InvalidParams($"'data.k' is {k}; the {skill} skill returns 1-{most} results.");
        }
    }

    public Task<A2AMessage?> ExecuteAsync(A2ATaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (skill, data) = Route(context.Message, context.Task.History);
        return skill switch
        {
            Recall => RecallAsync(context, data, cancellationToken),
            Remember => RememberAsync(context, data, cancellationToken),
            Ingest => IngestAsync(context, data, cancellationToken),
            Stats => StatsAsync(context, cancellationToken),
            Documents => DocumentsAsync(context, data, cancellationToken),
            Knowledge => KnowledgeAsync(context, data, cancellationToken),
            _ => throw A2AException.InvalidParams($"Skill '{skill}' is not offered by this agent."),
        };
    }

    /// <summary>The skill a message asks for and the data part that carries its arguments.</summary>
    internal static (string Skill, JsonElement Data) Route(A2AMessage message) => Route(message, []);

    /// <summary>
    /// The skill and data of <paramref name="message"/>, the last of <paramref name="history"/>: a reply that names no
    /// skill continues the skill of the task's first request, with that request's data fields under its own.
    /// </summary>
    internal static (string Skill, JsonElement Data) Route(A2AMessage message, IReadOnlyList<A2AMessage> history)
    {
        var data = DataOf(message);
        if (SkillOf(message, data) is { } named)
        {
            return (named, data ?? EmptyObject);
        }

        if (history.Count > 1 && history[0].Role == A2AMessage.UserRole && !ReferenceEquals(history[0], message) && history[0].MessageId != message.MessageId)
        {
            var first = DataOf(history[0]);
            return (SkillOf(history[0], first) ?? Recall, Merge(first, data) ?? EmptyObject);
        }

        return (Recall, data ?? EmptyObject);
    }

    // The first request's fields, each replaced by the reply's field of the same name.
    private static JsonElement? Merge(JsonElement? first, JsonElement? reply)
    {
        if (first is not { } earlier || reply is not { } later)
        {
            return reply ?? first;
        }

        var merged = new JsonObject();
        foreach (var property in earlier.EnumerateObject().Concat(later.EnumerateObject()))
        {
            merged[property.Name] = JsonNode.Parse(property.Value.GetRawText());
        }

        return ToElement(merged);
    }

    private static JsonElement? DataOf(A2AMessage message) =>
        message.Parts.FirstOrDefault(p => p.Kind == A2APartKind.Data && p.Data is { ValueKind: JsonValueKind.Object })?.Data;

    private static string? SkillOf(A2AMessage message, JsonElement? data)
    {
        if (message.Metadata is { } metadata && A2AWire.GetString(metadata, "skill", "message.metadata") is { Length: > 0 } fromMetadata)
        {
            return fromMetadata;
        }

        return data is { } given && A2AWire.GetString(given, "skill", "message.parts[data]") is { Length: > 0 } fromData ? fromData : null;
    }

    private async Task<A2AMessage?> RecallAsync(A2ATaskContext context, JsonElement data, CancellationToken cancellationToken)
    {
        var query = A2AWire.GetString(data, "query", "data") ?? TextOf(context.Message);
        if (string.IsNullOrWhiteSpace(query))
        {
            return context.AskForInput(AskFor("What should I recall? Reply with the query as text (or as 'query' in a data part).", context));
        }

        var search = new EpisodeSearchQuery
        {
            Text = query,
            K = A2AWire.GetInt(data, "k", "data") ?? _options.RecallResults,
            Mode = EpisodicMemory.ParseMode(A2AWire.GetString(data, "mode", "data")),
            WaitForEmbeddings = A2AWire.GetBool(data, "waitForEmbeddings", "data") ?? false,
        };
        var (ns, hits) = await episodic.SearchAsync(context.Principal, A2AWire.GetString(data, "namespace", "data"), search, cancellationToken).ConfigureAwait(false);

        var text = new StringBuilder(hits.Count == 0 ? $"No memories in '{ns}' match \"{query}\"." : $"Top {hits.Count} {(hits.Count == 1 ? "memory" : "memories")} in '{ns}' for \"{query}\":");
        var rows = new JsonArray();
        for (var i = 0; i < hits.Count; i++)
        {
            var episode = hits[i].Episode;
            text.Append(CultureInfo.InvariantCulture, $"\n{i + 1}. ");
            if (episode.Speaker is { } speaker)
            {
                text.Append(speaker).Append(": ");
            }

            text.Append(episode.Text).Append(CultureInfo.InvariantCulture, $" ({episode.Timestamp:yyyy-MM-dd HH:mm})");
            var row = new JsonObject
            {
                ["id"] = episode.Id,
                ["text"] = episode.Text,
                ["timestamp"] = A2AWire.FormatTimestamp(episode.Timestamp),
                ["score"] = hits[i].Score,
            };
            AddIfSet(row, "speaker", episode.Speaker);
            AddIfSet(row, "role", episode.Role);
            AddIfSet(row, "conversationId", episode.ConversationId);
            AddIfSet(row, "sessionId", episode.SessionId);
            AddIfSet(row, "denseRank", hits[i].DenseRank);
            AddIfSet(row, "keywordRank", hits[i].KeywordRank);
            rows.Add(row);
        }

        var result = new JsonObject { ["skill"] = Recall, ["query"] = query, ["namespace"] = ns, ["hits"] = rows };
        await context.AddArtifactAsync(new A2AArtifact
        {
            ArtifactId = "recall",
            Name = "recall",
            Description = "The memories that match the query, best first.",
            Parts = [A2APart.FromText(text.ToString()), A2APart.FromData(ToElement(result))],
        }).ConfigureAwait(false);
        return context.AgentMessage(A2APart.FromText(text.ToString()));
    }

    private async Task<A2AMessage?> DocumentsAsync(A2ATaskContext context, JsonElement data, CancellationToken cancellationToken)
    {
        if (QueryOf(context, data) is not { } query)
        {
            return context.AskForInput(AskFor("What should I look up in the documents? Reply with the question as text (or as 'query' in a data part).", context));
        }

        var search = new DocumentSearchQuery
        {
            Text = query,
            K = Math.Clamp(A2AWire.GetInt(data, "k", "data") ?? 5, 1, 50),
            WaitForEmbeddings = A2AWire.GetBool(data, "waitForEmbeddings", "data") ?? false,
        };
        var (ns, hits) = await documents.SearchAsync(context.Principal, A2AWire.GetString(data, "namespace", "data"), search, cancellationToken).ConfigureAwait(false);
        var text = new StringBuilder(hits.Count == 0 ? $"No document passages in '{ns}' match \"{query}\"." : $"Top {hits.Count} document passage(s) in '{ns}' for \"{query}\":");
        var rows = new JsonArray();
        for (var i = 0; i < hits.Count; i++)
        {
            var chunk = hits[i].Chunk;
            var heading = chunk.HeadingPath.Count > 0 ? " > " + string.Join(" > ", chunk.HeadingPath) : "";
            text.Append(CultureInfo.InvariantCulture, $"\n{i + 1}. [{chunk.Title}{heading}, characters {chunk.Start}-{chunk.End}] {chunk.Text}");
            var row = new JsonObject { ["chunkId"] = chunk.Id, ["documentId"] = chunk.DocumentId, ["title"] = chunk.Title, ["start"] = chunk.Start, ["end"] = chunk.End, ["text"] = chunk.Text, ["score"] = hits[i].Score };
            AddIfSet(row, "source", chunk.Source);
            rows.Add(row);
        }

        return await AnswerAsync(context, Documents, "The document passages that match the query, best first.", text.ToString(), new JsonObject { ["skill"] = Documents, ["query"] = query, ["namespace"] = ns, ["hits"] = rows }).ConfigureAwait(false);
    }

    private async Task<A2AMessage?> KnowledgeAsync(A2ATaskContext context, JsonElement data, CancellationToken cancellationToken)
    {
        if (QueryOf(context, data) is not { } query)
        {
            return context.AskForInput(AskFor("Which entities should I look for in the knowledge graph? Reply with the query as text (or as 'query' in a data part).", context));
        }

        var request = new GraphRequest { Op = GraphOps.EntitySearch, Query = query, K = Math.Clamp(A2AWire.GetInt(data, "k", "data") ?? 5, 1, 50), WaitForEmbeddings = A2AWire.GetBool(data, "waitForEmbeddings", "data") ?? false };
        var (ns, response) = await semantic.ExecuteAsync(context.Principal, A2AWire.GetString(data, "namespace", "data"), request, cancellationToken).ConfigureAwait(false);
        var hits = response.Hits ?? [];
        var text = new StringBuilder(hits.Count == 0 ? $"No entities in '{ns}' match \"{query}\"." : $"Top {hits.Count} entit{(hits.Count == 1 ? "y" : "ies")} in '{ns}' for \"{query}\":");
        var rows = new JsonArray();
        for (var i = 0; i < hits.Count; i++)
        {
            var entity = hits[i].Entity;
            text.Append(CultureInfo.InvariantCulture, $"\n{i + 1}. {entity.Name} ({entity.EntityType}){(entity.Observations.Count > 0 ? ": " + string.Join(" ", entity.Observations) : "")}");
            rows.Add(new JsonObject { ["name"] = entity.Name, ["entityType"] = entity.EntityType, ["observations"] = new JsonArray([.. entity.Observations.Select(o => (JsonNode)o)]), ["match"] = hits[i].Match });
        }

        return await AnswerAsync(context, Knowledge, "The entities that match the query, best first.", text.ToString(), new JsonObject { ["skill"] = Knowledge, ["query"] = query, ["namespace"] = ns, ["hits"] = rows }).ConfigureAwait(false);
    }

    private static string? QueryOf(A2ATaskContext context, JsonElement data)
    {
        var query = A2AWire.GetString(data, "query", "data") ?? TextOf(context.Message);
        return string.IsNullOrWhiteSpace(query) ? null : query;
    }

    // The question that ends a turn in input-required, saying how to answer it.
    private static string AskFor(string question, A2ATaskContext context) =>
        $"{question} Send it in this task: a message with taskId '{context.Task.Id}'. Or cancel the task.";

    private static async Task<A2AMessage?> AnswerAsync(A2ATaskContext context, string skill, string description, string text, JsonObject result)
    {
        await context.AddArtifactAsync(new A2AArtifact { ArtifactId = skill, Name = skill, Description = description, Parts = [A2APart.FromText(text), A2APart.FromData(ToElement(result))] }).ConfigureAwait(false);
        return context.AgentMessage(A2APart.FromText(text));
    }

    private async Task<A2AMessage?> RememberAsync(A2ATaskContext context, JsonElement data, CancellationToken cancellationToken)
    {
        var ns = A2AWire.GetString(data, "namespace", "data");
        var inputs = ReadEpisodes(data);
        if (inputs.Count == 0)
        {
            inputs = [.. context.Message.Parts.Where(p => p.Kind == A2APartKind.Text && !string.IsNullOrWhiteSpace(p.Text)).Select(p => new EpisodeInput { Text = p.Text, Speaker = A2AWire.GetString(data, "speaker", "data"), ConversationId = A2AWire.GetString(data, "conversationId", "data") })];
        }

        var entity = A2AWire.Get(data, "entity");
        if (inputs.Count == 0 && entity is null)
        {
            return context.AskForInput(AskFor("What should I remember? Reply with text parts (one event each), a data part with 'episodes': [{\"text\": ...}], or 'entity': {\"name\", \"entityType\", \"observations\"}.", context));
        }

        var result = new JsonObject { ["skill"] = Remember };
        var summary = new List<string>();
        if (inputs.Count > 0)
        {
            var (target, outcomes) = await episodic.AddAsync(context.Principal, ns, inputs, null, cancellationToken).ConfigureAwait(false);
            result["namespace"] = target;
            result["episodes"] = new JsonArray([.. outcomes.Select(o => (JsonNode)new JsonObject { ["id"] = o.Id, ["created"] = o.Created })]);
            summary.Add($"Remembered {outcomes.Count(o => o.Created)} new event(s) in '{target}'" + (outcomes.Any(o => !o.Created) ? $" ({outcomes.Count(o => !o.Created)} already there)" : "") + ".");
        }

        if (entity is { } given)
        {
            var name = A2AWire.GetString(given, "name", "data.entity") ?? throw A2AException.InvalidParams("'data.entity.name' is missing: name the entity the fact is about.");
            var type = A2AWire.GetString(given, "entityType", "data.entity") ?? "thing";
            var observations = A2AWire.Get(given, "observations") is { ValueKind: JsonValueKind.Array } list
                ? list.EnumerateArray().Where(o => o.ValueKind == JsonValueKind.String).Select(o => o.GetString()!).ToList()
                : [];
            var (target, _) = await semantic.ExecuteAsync(context.Principal, ns, new GraphRequest { Op = GraphOps.CreateEntities, Entities = [new GraphEntity { Name = name, EntityType = type }] }, cancellationToken).ConfigureAwait(false);
            if (observations.Count > 0)
            {
                await semantic.ExecuteAsync(context.Principal, ns, new GraphRequest { Op = GraphOps.AddObservations, Observations = [new ObservationSet(name, observations)] }, cancellationToken).ConfigureAwait(false);
            }

            result["namespace"] = target;
            result["entity"] = new JsonObject { ["name"] = name, ["entityType"] = type, ["observations"] = new JsonArray([.. observations.Select(o => (JsonNode)o)]) };
            summary.Add($"Recorded {observations.Count} observation(s) about '{name}' in '{target}'.");
        }

        var text = string.Join(' ', summary);
        await context.AddArtifactAsync(new A2AArtifact { ArtifactId = "remembered", Name = "remembered", Parts = [A2APart.FromText(text), A2APart.FromData(ToElement(result))] }).ConfigureAwait(false);
        return context.AgentMessage(A2APart.FromText(text));
    }

    private async Task<A2AMessage?> IngestAsync(A2ATaskContext context, JsonElement data, CancellationToken cancellationToken)
    {
        var ns = A2AWire.GetString(data, "namespace", "data");
        var inputs = ReadEpisodes(data);
        if (inputs.Count == 0)
        {
            return context.AskForInput(AskFor("Which events should I ingest? Reply with a data part holding 'episodes': [{\"text\": ...}] or 'texts': [\"...\"].", context));
        }

        var batchSize = A2AWire.GetInt(data, "batchSize", "data") ?? 50;
        if (batchSize is < 1 or > 1000)
        {
            throw A2AException.InvalidParams($"'data.batchSize' is {batchSize}; it must be between 1 and 1000.");
        }

        episodic.Validate(inputs, i => $"data.episodes[{i}]");
        var stored = 0;
        var created = 0;
        var target = "";
        for (var offset = 0; offset < inputs.Count; offset += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = inputs.Skip(offset).Take(batchSize).ToList();
            (target, var outcomes) = await episodic.AddAsync(context.Principal, ns, batch, null, cancellationToken).ConfigureAwait(false);
            stored += batch.Count;
            created += outcomes.Count(o => o.Created);
            await context.ReportAsync($"stored {stored} of {inputs.Count} events in '{target}'").ConfigureAwait(false);
        }

        var text = $"Ingested {inputs.Count} events into '{target}' ({created} new).";
        var result = new JsonObject { ["skill"] = Ingest, ["namespace"] = target, ["stored"] = stored, ["created"] = created };
        await context.AddArtifactAsync(new A2AArtifact { ArtifactId = "ingested", Name = "ingested", Parts = [A2APart.FromText(text), A2APart.FromData(ToElement(result))] }).ConfigureAwait(false);
        return context.AgentMessage(A2APart.FromText(text));
    }

    private async Task<A2AMessage?> StatsAsync(A2ATaskContext context, CancellationToken cancellationToken)
    {
        var stats = await episodic.GetStatsAsync(context.Principal, cancellationToken).ConfigureAwait(false);
        var namespaces = new JsonArray();
        foreach (var ns in stats.Namespaces)
        {
            namespaces.Add(new JsonObject { ["namespace"] = ns.Namespace, ["kind"] = ns.Kind, ["records"] = ns.Episodes, ["pendingEmbeddings"] = ns.PendingEmbeddings });
        }

        var result = new JsonObject { ["skill"] = Stats, ["embeddingModel"] = stats.EmbeddingModel, ["namespaces"] = namespaces };
        var text = $"{stats.Namespaces.Count} namespace(s): " + string.Join(", ", stats.Namespaces.Select(n => $"{n.Namespace} ({n.Kind}) {n.Episodes} records"));
        await context.AddArtifactAsync(new A2AArtifact { ArtifactId = "stats", Name = "stats", Parts = [A2APart.FromText(text), A2APart.FromData(ToElement(result))] }).ConfigureAwait(false);
        return context.AgentMessage(A2APart.FromText(text));
    }

    private static List<EpisodeInput> ReadEpisodes(JsonElement data)
    {
        if (A2AWire.Get(data, "texts") is { ValueKind: JsonValueKind.Array } texts)
        {
            return [.. texts.EnumerateArray().Select((t, i) => new EpisodeInput { Text = t.ValueKind == JsonValueKind.String ? t.GetString() : throw A2AException.InvalidParams($"'data.texts[{i}]' must be a string.") })];
        }

        if (A2AWire.Get(data, "episodes") is not { } episodes)
        {
            return [];
        }

        if (episodes.ValueKind != JsonValueKind.Array)
        {
            throw A2AException.InvalidParams("'data.episodes' must be an array of {\"text\": ...} objects.");
        }

        var result = new List<EpisodeInput>();
        var index = 0;
        foreach (var episode in episodes.EnumerateArray())
        {
            var path = $"data.episodes[{index++}]";
            if (episode.ValueKind != JsonValueKind.Object)
            {
                throw A2AException.InvalidParams($"'{path}' must be an object with at least 'text'.");
            }

            result.Add(new EpisodeInput
            {
                Text = A2AWire.GetString(episode, "text", path),
                Speaker = A2AWire.GetString(episode, "speaker", path),
                Role = A2AWire.GetString(episode, "role", path),
                Timestamp = A2AWire.GetString(episode, "timestamp", path),
                ConversationId = A2AWire.GetString(episode, "conversationId", path),
                SessionId = A2AWire.GetString(episode, "sessionId", path),
                ClientId = A2AWire.GetString(episode, "clientId", path),
                Metadata = A2AWire.Get(episode, "metadata")?.Clone(),
            });
        }

        return result;
    }

    private static void AddIfSet(JsonObject row, string name, JsonNode? value)
    {
        if (value is not null)
        {
            row[name] = value;
        }
    }

    private static string TextOf(A2AMessage message) =>
        string.Join('\n', message.Parts.Where(p => p.Kind == A2APartKind.Text && !string.IsNullOrWhiteSpace(p.Text)).Select(p => p.Text));

    private static JsonElement ToElement(JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();
}
