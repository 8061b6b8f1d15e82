using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using McpMemory.Core.Episodic;
using McpMemory.Core.Identity;
using McpMemory.Core.Storage;
using Microsoft.Extensions.Options;

namespace McpMemory.Core.Tools;

/// <summary>
/// The tool registry: definitions (name, description, input schema, source) kept one record per tool in the
/// namespace's hidden companion (<see cref="CompanionNamespace.Tools"/>), so that they are durable, visible to the very next call,
/// searchable by meaning and keywords, shared between processes and backed up like every other record. A tool's
/// records form one conversation of that namespace named after the tool; registering a name again adds the new version
/// and deletes the others, and a definition registered already is recognised by its client id and not written again.
/// </summary>
public sealed partial class ToolRegistry
{
    /// <summary>The most characters of a tool name.</summary>
    public const int MaxNameLength = 128;

    /// <summary>The most characters of a source label.</summary>
    public const int MaxSourceLength = 128;

    /// <summary>The most characters of a title.</summary>
    public const int MaxTitleLength = 256;

    /// <summary>The most bytes of a description (UTF-8).</summary>
    public const int MaxDescriptionBytes = 16 * 1024;

    /// <summary>The most bytes of an input schema (UTF-8 JSON).</summary>
    public const int MaxSchemaBytes = 64 * 1024;

    /// <summary>The source label of definitions registered through <c>tool_register</c> without one.</summary>
    public const string DefaultSource = "registered";

    private readonly IEpisodeStore _store;
    private readonly McpMemoryOptions _options;

    /// <summary>Creates the registry.</summary>
    public ToolRegistry(IEpisodeStore store, IOptions<McpMemoryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options.Value;
    }

    /// <summary>
    /// Checks a definition and returns it cleaned (trimmed, the source defaulted); throws an
    /// <see cref="McpMemoryException"/> naming the field when it is not acceptable.
    /// </summary>
    public static ToolDefinition Check(string? name, string? description, JsonElement? inputSchema, string? source = null, string? title = null, bool? readOnly = null)
    {
        var cleanName = name?.Trim();
        if (string.IsNullOrEmpty(cleanName))
        {
            throw Invalid("'name' is empty: give the tool's name, such as 'create_issue'.");
        }

        if (cleanName.Length > MaxNameLength || !NamePattern().IsMatch(cleanName))
        {
            throw Invalid($"'name' value '{Shorten(cleanName)}' is not a valid tool name: use 1 to {MaxNameLength} characters, letters, digits, '_', '-' and '.', as MCP tool names are.");
        }

        if (string.IsNullOrWhiteSpace(description))
        {
            throw Invalid($"'description' of tool '{cleanName}' is empty: say what the tool does, so that a search by task can find it.");
        }

        var descriptionBytes = Encoding.UTF8.GetByteCount(description);
        if (descriptionBytes > MaxDescriptionBytes)
        {
            throw Invalid($"'description' of tool '{cleanName}' is {descriptionBytes} bytes; the limit is {MaxDescriptionBytes}.");
        }

        var schema = CheckSchema(cleanName, inputSchema);
        var cleanSource = string.IsNullOrWhiteSpace(source) ? DefaultSource : source.Trim();
        if (cleanSource.Length > MaxSourceLength)
        {
            throw Invalid($"'source' of tool '{cleanName}' is {cleanSource.Length} characters; the limit is {MaxSourceLength}.");
        }

        var cleanTitle = string.IsNullOrWhiteSpace(title) ? null : title.Trim();
        if (cleanTitle is { Length: > MaxTitleLength })
        {
            throw Invalid($"'title' of tool '{cleanName}' is {cleanTitle.Length} characters; the limit is {MaxTitleLength}.");
        }

        return new ToolDefinition
        {
            Name = cleanName,
            Title = cleanTitle,
            Description = description.Trim(),
            InputSchema = schema,
            Source = cleanSource,
            ReadOnly = readOnly,
        };
    }

    /// <summary>Registers a checked definition in the principal's namespace (or <paramref name="ns"/>, which needs write access).</summary>
    public async Task<(string Namespace, ToolRegistration Outcome)> RegisterAsync(MemoryPrincipal principal, string? ns, ToolDefinition tool, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Write);
        return (target, await RegisterInAsync(target, tool, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Registers a checked definition in <paramref name="ns"/>, which the caller has authorised.</summary>
    public async Task<ToolRegistration> RegisterInAsync(string ns, ToolDefinition tool, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var store = CompanionNamespace.Tools.For(NamespaceName.Validate(ns));
        var existing = await VersionsAsync(store, tool.Name, cancellationToken).ConfigureAwait(false);
        var now = ToMicroseconds(_options.TimeProvider.GetUtcNow());
        var record = new ToolRecord
        {
            Name = tool.Name,
            Title = tool.Title,
            Description = tool.Description,
            InputSchema = tool.InputSchema,
            Source = tool.Source,
            ReadOnly = tool.ReadOnly,
        };
        var episode = new Episode
        {
            Id = "tool_" + Guid.CreateVersion7(now).ToString("N"),
            Text = SearchText(tool),
            Timestamp = now,
            ConversationId = tool.Name,
            Metadata = JsonSerializer.Serialize(record, ToolJsonContext.Default.ToolRecord),
            ClientId = ClientKey(tool),
            RecordedAt = now,
        };
        var outcome = (await _store.AddAsync(store, [episode], null, cancellationToken).ConfigureAwait(false))[0];
        var stale = existing.Where(e => !string.Equals(e.Id, outcome.Id, StringComparison.Ordinal)).Select(e => e.Id).ToList();
        if (stale.Count > 0)
        {
            await _store.DeleteAsync(store, new EpisodeDeletion { Ids = stale }, cancellationToken).ConfigureAwait(false);
        }

        return outcome.Created ? (existing.Count == 0 ? ToolRegistration.Created : ToolRegistration.Updated) : ToolRegistration.Unchanged;
    }

    /// <summary>The definition registered under <paramref name="name"/> in <paramref name="ns"/>, or null.</summary>
    public async Task<ToolDefinition?> GetAsync(string ns, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var versions = await VersionsAsync(CompanionNamespace.Tools.For(NamespaceName.Validate(ns)), name, cancellationToken).ConfigureAwait(false);
        return versions.Count == 0 ? null : ToDefinition(versions[^1]);
    }

    /// <summary>
    /// Every tool of the namespace (optionally of one source), ordered by name. Reads the whole registry: registries
    /// hold hundreds or a few thousand tools, and callers page the result themselves.
    /// </summary>
    public async Task<(string Namespace, IReadOnlyList<ToolDefinition> Tools)> ListAsync(MemoryPrincipal principal, string? ns, string? source = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Read);
        return (target, await ListInAsync(target, source, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Every tool of <paramref name="ns"/> (optionally of one source), ordered by name.</summary>
    public async Task<IReadOnlyList<ToolDefinition>> ListInAsync(string ns, string? source = null, CancellationToken cancellationToken = default)
    {
        var store = CompanionNamespace.Tools.For(NamespaceName.Validate(ns));
        var latest = new Dictionary<string, Episode>(StringComparer.Ordinal);
        await foreach (var episode in _store.ListAllAsync(store, null, cancellationToken).ConfigureAwait(false))
        {
            // Pages run oldest first, so a later version of a name replaces an earlier one.
            if (episode.ConversationId is { } name)
            {
                latest[name] = episode;
            }
        }

        var filter = string.IsNullOrWhiteSpace(source) ? null : source.Trim();
        return latest.Values.Select(ToDefinition)
            .Where(t => filter is null || string.Equals(t.Source, filter, StringComparison.Ordinal))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Removes tools by name; returns the names removed and those that were not registered.</summary>
    public async Task<(string Namespace, IReadOnlyList<string> Removed, IReadOnlyList<string> Missing)> RemoveAsync(MemoryPrincipal principal, string? ns, IReadOnlyList<string> names, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var target = principal.ResolveNamespace(ns, NamespaceAccess.Write);
        if (names is null || names.Count == 0)
        {
            throw Invalid("'names' is empty: give the names of the tools to remove (tool_list shows them).");
        }

        if (names.Count > _options.Limits.MaxBatchSize)
        {
            throw Invalid($"'names' holds {names.Count} names; the limit is {_options.Limits.MaxBatchSize} per call.");
        }

        var (removed, missing) = await RemoveInAsync(target, names, cancellationToken).ConfigureAwait(false);
        return (target, removed, missing);
    }

    /// <summary>Removes tools of <paramref name="ns"/> by name.</summary>
    public async Task<(IReadOnlyList<string> Removed, IReadOnlyList<string> Missing)> RemoveInAsync(string ns, IReadOnlyList<string> names, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        var store = CompanionNamespace.Tools.For(NamespaceName.Validate(ns));
        var removed = new List<string>();
        var missing = new List<string>();
        foreach (var name in names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).Distinct(StringComparer.Ordinal))
        {
            var deleted = await _store.DeleteAsync(store, new EpisodeDeletion { ConversationId = name }, cancellationToken).ConfigureAwait(false);
            (deleted.Count > 0 ? removed : missing).Add(name);
        }

        return (removed, missing);
    }

    /// <summary>
    /// Makes the tools of <paramref name="source"/> in <paramref name="ns"/> exactly <paramref name="tools"/>: new and
    /// changed ones are registered, unchanged ones left alone, and those the source no longer offers removed.
    /// </summary>
    public async Task<(int Written, int Removed)> SyncSourceAsync(string ns, string source, IReadOnlyList<ToolDefinition> tools, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var written = 0;
        foreach (var tool in tools)
        {
            if (await RegisterInAsync(ns, tool, cancellationToken).ConfigureAwait(false) != ToolRegistration.Unchanged)
            {
                written++;
            }
        }

        var offered = tools.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var gone = (await ListInAsync(ns, source, cancellationToken).ConfigureAwait(false)).Select(t => t.Name).Where(n => !offered.Contains(n)).ToList();
        if (gone.Count > 0)
        {
            await RemoveInAsync(ns, gone, cancellationToken).ConfigureAwait(false);
        }

        return (written, gone.Count);
    }

    /// <summary>The text a tool is found by: its name in words, title, description and its parameters with their descriptions.</summary>
    public static string SearchText(ToolDefinition tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var text = new StringBuilder();
        text.Append(NameWords(tool.Name));
        if (tool.Title is { Length: > 0 } title)
        {
            text.Append(" (").Append(title).Append(')');
        }

        text.Append(". ").Append(tool.Description);
        if (tool.InputSchema.ValueKind == JsonValueKind.Object && tool.InputSchema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            var first = true;
            foreach (var property in properties.EnumerateObject())
            {
                text.Append(first ? "\nParameters: " : "; ").Append(NameWords(property.Name));
                if (property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("description", out var about) && about.ValueKind == JsonValueKind.String)
                {
                    text.Append(": ").Append(about.GetString());
                }

                first = false;
            }
        }

        return text.ToString();
    }

    /// <summary>A name as words: separators become spaces and camelCase is split ('get_fileInfo' reads 'get file Info').</summary>
    public static string NameWords(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c is '_' or '-' or '.' or '/')
            {
                words.Append(' ');
            }
            else
            {
                if (i > 0 && char.IsUpper(c) && char.IsLower(name[i - 1]))
                {
                    words.Append(' ');
                }

                words.Append(c);
            }
        }

        return words.ToString();
    }

    private async Task<List<Episode>> VersionsAsync(string store, string name, CancellationToken cancellationToken)
    {
        var versions = new List<Episode>();
        await foreach (var episode in _store.ListAllAsync(store, new EpisodeFilter { ConversationId = name }, cancellationToken).ConfigureAwait(false))
        {
            versions.Add(episode);
        }

        return versions;
    }

    private static JsonElement CheckSchema(string name, JsonElement? inputSchema)
    {
        if (inputSchema is not { } schema || schema.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone();
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"'input_schema' of tool '{name}' is a JSON {schema.ValueKind.ToString().ToLowerInvariant()}; it must be a JSON schema object such as {{\"type\":\"object\",\"properties\":{{...}}}}.");
        }

        if (schema.TryGetProperty("type", out var type) && !(type.ValueKind == JsonValueKind.String && type.GetString() == "object"))
        {
            throw Invalid($"'input_schema' of tool '{name}' has type {type.GetRawText()}; MCP tool arguments are an object, so its type must be \"object\".");
        }

        var bytes = Encoding.UTF8.GetByteCount(schema.GetRawText());
        if (bytes > MaxSchemaBytes)
        {
            throw Invalid($"'input_schema' of tool '{name}' is {bytes} bytes; the limit is {MaxSchemaBytes}.");
        }

        return schema.Clone();
    }

    private static ToolDefinition ToDefinition(Episode episode)
    {
        ToolRecord? record = null;
        if (episode.Metadata is not null)
        {
            try
            {
                record = JsonSerializer.Deserialize(episode.Metadata, ToolJsonContext.Default.ToolRecord);
            }
            catch (JsonException)
            {
            }
        }

        return new ToolDefinition
        {
            Name = record?.Name is { Length: > 0 } name ? name : episode.ConversationId ?? episode.Id,
            Title = record?.Title,
            Description = record?.Description ?? episode.Text,
            InputSchema = record is { InputSchema.ValueKind: JsonValueKind.Object } ? record.InputSchema : JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone(),
            Source = record?.Source ?? DefaultSource,
            ReadOnly = record?.ReadOnly,
            RegisteredAt = episode.RecordedAt,
        };
    }

    // Equal definitions have equal keys, so registering one again writes nothing; a removed one frees its key.
    private static string ClientKey(ToolDefinition tool)
    {
        var identity = string.Join('\n', tool.Name, tool.Title ?? "", tool.Description, CanonicalJson.Write(tool.InputSchema), tool.Source, tool.ReadOnly?.ToString() ?? "");
        return "tool:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..32];
    }

    private static string Shorten(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 80), "…");

    // Segments keep microseconds (Arrow timestamp[us]); dropping finer ticks up front keeps every copy of a record equal.
    private static DateTimeOffset ToMicroseconds(DateTimeOffset value) => new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);

    private static McpMemoryException Invalid(string message) => new(McpMemoryErrorCodes.InvalidArgument, message);

    [GeneratedRegex(@"\A[A-Za-z0-9_.\-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
