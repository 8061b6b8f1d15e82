namespace McpMemory.Benchmarks;

/// <summary>
/// The official MCP reference servers of the npm scope @modelcontextprotocol that the tool-retrieval benchmark tries
/// to start offline over stdio, with dummy keys where one is demanded (see reference-servers/package.json).
/// </summary>
internal static class ReferenceServers
{
    public static string Folder => Path.Combine(RepositoryPaths.Root, "tools", "McpMemory.Benchmarks", "reference-servers");

    /// <summary>Short name (the registry's source label), package, arguments after the script, environment.</summary>
    public static IReadOnlyList<(string Name, string Package, string[] Arguments, Dictionary<string, string?> Environment)> All(string scratch) =>
    [
        ("everything", "@modelcontextprotocol/server-everything", ["stdio"], []),
        ("filesystem", "@modelcontextprotocol/server-filesystem", [scratch], []),
        ("memory", "@modelcontextprotocol/server-memory", [], new() { ["MEMORY_FILE_PATH"] = Path.Combine(scratch, "memory.jsonl") }),
        ("sequential-thinking", "@modelcontextprotocol/server-sequential-thinking", [], []),
        ("github", "@modelcontextprotocol/server-github", [], new() { ["GITHUB_PERSONAL_ACCESS_TOKEN"] = "dummy-token" }),
        ("gitlab", "@modelcontextprotocol/server-gitlab", [], new() { ["GITLAB_PERSONAL_ACCESS_TOKEN"] = "dummy-token" }),
        ("slack", "@modelcontextprotocol/server-slack", [], new() { ["SLACK_BOT_TOKEN"] = "xoxb-dummy", ["SLACK_TEAM_ID"] = "T00000000" }),
        ("brave-search", "@modelcontextprotocol/server-brave-search", [], new() { ["BRAVE_API_KEY"] = "dummy-key" }),
        ("google-maps", "@modelcontextprotocol/server-google-maps", [], new() { ["GOOGLE_MAPS_API_KEY"] = "dummy-key" }),
        ("puppeteer", "@modelcontextprotocol/server-puppeteer", [], []),
        ("postgres", "@modelcontextprotocol/server-postgres", ["postgresql://127.0.0.1:1/none"], []),
        ("redis", "@modelcontextprotocol/server-redis", ["redis://127.0.0.1:1"], []),
        ("everart", "@modelcontextprotocol/server-everart", [], new() { ["EVERART_API_KEY"] = "dummy-key" }),
        ("aws-kb-retrieval", "@modelcontextprotocol/server-aws-kb-retrieval", [], new() { ["AWS_ACCESS_KEY_ID"] = "dummy", ["AWS_SECRET_ACCESS_KEY"] = "dummy", ["AWS_REGION"] = "us-east-1" }),
        ("gdrive", "@modelcontextprotocol/server-gdrive", [], new() { ["GDRIVE_CREDENTIALS_PATH"] = Path.Combine(scratch, "missing-credentials.json") }),
    ];
}
