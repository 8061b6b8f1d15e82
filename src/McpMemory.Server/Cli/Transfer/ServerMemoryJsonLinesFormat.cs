using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using McpMemory.Core;
using McpMemory.Core.Identity;
using McpMemory.Core.Semantic;
using Microsoft.Extensions.DependencyInjection;

namespace McpMemory.Server.Cli.Transfer;

/// <summary>
/// The knowledge graph in the file format of the official <c>@modelcontextprotocol/server-memory</c>
/// (see <see cref="ServerMemoryFile"/>), so that its memory file moves to mcp-memory and back.
/// <para>
/// Import checks the whole file first, then sends it as one <see cref="GraphOps.Import"/>: one atomic write, so either
/// the whole file is stored or nothing is. An entity whose exact name is already in the namespace (or earlier in the
/// file) is a collision: it is reported and left as it was, never merged. A relation whose end is in neither the file
/// nor the namespace (the official server stores those, ours cannot) is left out and reported. Importing the same file
/// again therefore changes nothing. A file of more than <see cref="AtomicItems"/> entities and relations, or any file
/// when <c>--batch-size</c> is given, is sent in writes of that many items (entities first): each write is atomic, and
/// an import that fails part-way is completed by running it again.
/// </para>
/// <para>
/// Export writes the official lines, entities then relations in creation order, with the official field order
/// (type, name, entityType, observations / type, from, to, relationType). Aliases, facts and times have no place in
/// that format and are not written.
/// </para>
/// </summary>
internal sealed class ServerMemoryJsonLinesFormat : ITransferFormat
{
    /// <summary>Files up to this many entities and relations are stored in one atomic write unless --batch-size is given.</summary>
    public const int AtomicItems = 200_000;

    private const int DefaultBatchSize = 5_000;
    private const int PageSize = 1_000;
    private const int LookupBatch = 500;
    private const int ShownProblems = 20;
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Name => "server-memory";

    public string Description => "the knowledge graph as the memory file of the official @modelcontextprotocol/server-memory (memory.jsonl, or its legacy memory.json): one entity or relation per line";

    public async Task<(string Namespace, long Records)> ExportAsync(IServiceProvider services, MemoryPrincipal principal, string? ns, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(output);
        var memory = services.GetRequiredService<SemanticMemory>();
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Read);
        var buffer = new MemoryStream();
        TerminalProgress? bar = null;
        long written = 0, entities = 0;

        // Entities first (relations skipped with after_relation at the end), then relations (entities skipped).
        for (var phase = 0; phase < 2; phase++)
        {
            long after = 0;
            while (true)
            {
                var request = phase == 0
                    ? new GraphRequest { Op = GraphOps.ReadGraph, AfterEntity = after, AfterRelation = long.MaxValue, Limit = PageSize }
                    : new GraphRequest { Op = GraphOps.ReadGraph, AfterEntity = long.MaxValue, AfterRelation = after, Limit = PageSize };
                var (_, page) = await memory.ExecuteAsync(principal, target, request, cancellationToken).ConfigureAwait(false);
                bar ??= new TerminalProgress("export", page.Total + page.TotalRelations);
                buffer.SetLength(0);
                if (phase == 0)
                {
                    foreach (var entity in page.Entities!)
                    {
                        WriteEntity(buffer, entity);
                        after = entity.Seq;
                        written++;
                        entities++;
                    }
                }
                else
                {
                    foreach (var relation in page.Relations!)
                    {
                        WriteRelation(buffer, relation);
                        after = relation.Seq;
                        written++;
                    }
                }

                await output.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
                bar.Report(written);
                if ((phase == 0 ? page.RemainingEntities : page.RemainingRelations) == 0)
                {
                    break;
                }
            }
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        await Console.Error.WriteLineAsync($"export: {entities} entities and {written - entities} relations; aliases, facts and times are not part of the server-memory format and were not written.").ConfigureAwait(false);
        return (target, written);
    }

    public async Task<ImportSummary> ImportAsync(IServiceProvider services, MemoryPrincipal principal, TransferImport request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(request);
        if (request.BatchSize is < 1)
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"--batch-size is {request.BatchSize}; it must be at least 1 (or left out, to store the file in one atomic write).");
        }

        var clock = Stopwatch.StartNew();
        var file = ServerMemoryFile.Read(request.Path);
        var memory = services.GetRequiredService<SemanticMemory>();
        var target = principal.ResolveNamespace(request.Namespace, NamespaceAccess.Write);
        await ReportIgnoredAsync(file).ConfigureAwait(false);

        var (relations, dangling) = await DropDanglingAsync(memory, principal, target, file, cancellationToken).ConfigureAwait(false);
        var items = file.Entities.Count + relations.Count;
        var batch = request.BatchSize ?? (items <= AtomicItems ? Math.Max(1, items) : DefaultBatchSize);
        var bar = new TerminalProgress("import", items);
        var collided = new List<string>();
        long createdEntities = 0, createdRelations = 0;
        var writes = 0;
        if (items == 0)
        {
            bar.Report(0);
        }

        // Entities first, then relations; in one write when the batch holds everything.
        for (var start = 0; start < items; start += batch)
        {
            var end = Math.Min(items, start + batch);
            var entityEnd = Math.Min(end, file.Entities.Count);
            var entityChunk = start < file.Entities.Count ? file.Entities.GetRange(start, entityEnd - start) : [];
            var relationStart = Math.Max(start, file.Entities.Count) - file.Entities.Count;
            var relationChunk = end > file.Entities.Count ? relations.GetRange(relationStart, end - file.Entities.Count - relationStart) : [];
            var (_, response) = await memory.ExecuteAsync(
                principal,
                target,
                new GraphRequest { Op = GraphOps.Import, Entities = entityChunk, Relations = relationChunk },
                cancellationToken).ConfigureAwait(false);
            createdEntities += response.Total;
            createdRelations += response.TotalRelations;
            collided.AddRange(response.Collisions ?? []);
            writes++;
            bar.Report(end);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var collisions = CollisionLines(file, collided);
        await ReportCollisionsAsync(collisions, target).ConfigureAwait(false);
        await ReportDanglingAsync(dangling, target).ConfigureAwait(false);
        long? pending = null;
        double? waited = null;
        if (request.WaitForEmbeddings)
        {
            clock.Restart();
            pending = await EmbeddingWait.WaitAsync(
                async ct =>
                {
                    var (_, stats) = await memory.ExecuteAsync(principal, target, new GraphRequest { Op = GraphOps.Stats }, ct).ConfigureAwait(false);
                    return stats.Stats!.PendingEmbeddings;
                },
                cancellationToken).ConfigureAwait(false);
            waited = clock.Elapsed.TotalSeconds;
        }

        return new ImportSummary
        {
            Namespace = target,
            Format = Name,
            Created = createdEntities,
            Unchanged = collisions.Count,
            RelationsCreated = createdRelations,
            RelationsUnchanged = relations.Count - createdRelations,
            Collisions = collisions.Count,
            CollisionNames = [.. collisions.Select(c => c.Name)],
            DanglingRelations = dangling.Count,
            Writes = writes,
            PendingEmbeddings = pending,
            Seconds = Math.Round(seconds, 3),
            EmbeddingSeconds = waited is { } w ? Math.Round(w, 3) : null,
        };
    }

    /// <summary>
    /// Leaves out relations with an end that is neither an entity of the file nor one of the namespace (asked for by
    /// exact name before anything is written), so that the import itself cannot fail on them.
    /// </summary>
    private static async Task<(List<GraphRelation> Relations, List<(GraphRelation Relation, int Line, string Missing)> Dangling)> DropDanglingAsync(
        SemanticMemory memory, MemoryPrincipal principal, string target, ServerMemoryFile file, CancellationToken cancellationToken)
    {
        var inFile = new HashSet<string>(file.Entities.Select(e => e.Name), StringComparer.Ordinal);
        var unknown = file.Relations.SelectMany(r => new[] { r.From, r.To }).Where(n => !inFile.Contains(n)).Distinct(StringComparer.Ordinal).ToList();
        var existing = new HashSet<string>(StringComparer.Ordinal);
        for (var start = 0; start < unknown.Count; start += LookupBatch)
        {
            var names = unknown.GetRange(start, Math.Min(LookupBatch, unknown.Count - start));
            var (_, found) = await memory.ExecuteAsync(principal, target, new GraphRequest { Op = GraphOps.OpenNodes, Names = names, Limit = LookupBatch }, cancellationToken).ConfigureAwait(false);
            existing.UnionWith(found.Hits!.Select(h => h.Entity.Name));
        }

        var kept = new List<GraphRelation>(file.Relations.Count);
        var dangling = new List<(GraphRelation, int, string)>();
        for (var i = 0; i < file.Relations.Count; i++)
        {
            var relation = file.Relations[i];
            var missing = new[] { relation.From, relation.To }.FirstOrDefault(n => !inFile.Contains(n) && !existing.Contains(n));
            if (missing is null)
            {
                kept.Add(relation);
            }
            else
            {
                dangling.Add((relation, file.RelationLines[i], missing));
            }
        }

        return (kept, dangling);
    }

    /// <summary>
    /// Which entities of the file collided, with their lines. The store reports colliding names in file order; a name
    /// given n times in the file collides n - 1 times with itself, and once more when the namespace already had it.
    /// </summary>
    private static List<(string Name, int Line, int? FirstLine)> CollisionLines(ServerMemoryFile file, List<string> collided)
    {
        var reported = collided.GroupBy(n => n, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var occurrences = file.Entities.GroupBy(e => e.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<(string, int, int?)>();
        for (var i = 0; i < file.Entities.Count; i++)
        {
            var name = file.Entities[i].Name;
            if (!reported.TryGetValue(name, out var count))
            {
                continue;
            }

            if (firstLine.TryGetValue(name, out var first))
            {
                result.Add((name, file.EntityLines[i], first));
            }
            else
            {
                firstLine[name] = file.EntityLines[i];
                if (count > occurrences[name] - 1)
                {
                    result.Add((name, file.EntityLines[i], null));
                }
            }
        }

        return result;
    }

    private static async Task ReportCollisionsAsync(List<(string Name, int Line, int? FirstLine)> collisions, string target)
    {
        foreach (var (name, line, first) in collisions.Take(ShownProblems))
        {
            var why = first is { } earlier
                ? $"is given again (first on line {earlier}); a name is imported once"
                : $"is already an entity in namespace '{target}', which was left as it was (not merged)";
            await Console.Error.WriteLineAsync($"import: name collision on line {line}: '{name}' {why}.").ConfigureAwait(false);
        }

        if (collisions.Count > ShownProblems)
        {
            await Console.Error.WriteLineAsync($"import: ... and {collisions.Count - ShownProblems} more name collisions ('mcp-memory import --json' lists every name).").ConfigureAwait(false);
        }
    }

    private static async Task ReportDanglingAsync(List<(GraphRelation Relation, int Line, string Missing)> dangling, string target)
    {
        foreach (var (relation, line, missing) in dangling.Take(ShownProblems))
        {
            await Console.Error.WriteLineAsync($"import: relation on line {line} ('{relation.From}' {relation.RelationType} '{relation.To}') left out: '{missing}' is an entity neither of the file nor of namespace '{target}'.").ConfigureAwait(false);
        }

        if (dangling.Count > ShownProblems)
        {
            await Console.Error.WriteLineAsync($"import: ... and {dangling.Count - ShownProblems} more relations left out for the same reason.").ConfigureAwait(false);
        }
    }

    private static async Task ReportIgnoredAsync(ServerMemoryFile file)
    {
        if (file.IgnoredFields.Count > 0)
        {
            var fields = string.Join(", ", file.IgnoredFields.Select(f => $"'{f.Key}' ({f.Value} lines)"));
            await Console.Error.WriteLineAsync($"import: fields that server-memory files do not have were ignored: {fields}.").ConfigureAwait(false);
        }
    }

    private static void WriteEntity(Stream stream, GraphEntity entity)
    {
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "entity");
            writer.WriteString("name", entity.Name);
            writer.WriteString("entityType", entity.EntityType);
            writer.WriteStartArray("observations");
            foreach (var observation in entity.Observations)
            {
                writer.WriteStringValue(observation);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        stream.Write(NewLine);
    }

    private static void WriteRelation(Stream stream, GraphRelation relation)
    {
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "relation");
            writer.WriteString("from", relation.From);
            writer.WriteString("to", relation.To);
            writer.WriteString("relationType", relation.RelationType);
            writer.WriteEndObject();
        }

        stream.Write(NewLine);
    }
}
