using System.Reflection;

namespace McpMemory.Server.Clients;

/// <summary>How to start this same program as a child process (the apphost, or <c>dotnet mcp-memory.dll</c>).</summary>
internal static class SelfProcess
{
    public static (string Command, List<string> Arguments) Command(params string[] arguments)
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this process is unknown.");
        var entry = Assembly.GetEntryAssembly()?.Location;
        var host = Path.GetFileNameWithoutExtension(processPath);
        if (string.Equals(host, "dotnet", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(entry))
        {
            return (processPath, [entry, .. arguments]);
        }

        return (processPath, [.. arguments]);
    }
}
