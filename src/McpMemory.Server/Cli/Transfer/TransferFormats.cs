namespace McpMemory.Server.Cli.Transfer;

/// <summary>The formats <c>export</c> and <c>import</c> know, by <c>--format</c> name.</summary>
internal static class TransferFormats
{
    public static IReadOnlyList<ITransferFormat> All { get; } = [new EpisodeJsonLinesFormat(), new ServerMemoryJsonLinesFormat()];

    public static string[] Names => All.Select(f => f.Name).ToArray();

    /// <summary>The <c>--format</c> help text: every format with its description.</summary>
    public static string Help => string.Join("; ", All.Select(f => $"{f.Name}: {f.Description}"));

    public static ITransferFormat Find(string name) => All.Single(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}
