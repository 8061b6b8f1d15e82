using System.Diagnostics;

namespace McpMemory.Benchmarks;

/// <summary>Where the repository, the server and the outside tools of <c>tools/interop</c> are.</summary>
internal static class RepositoryPaths
{
    /// <summary>The server assembly, copied next to this benchmark by the project reference.</summary>
    public static string ServerDll => Path.Combine(AppContext.BaseDirectory, "mcp-memory.dll");

    /// <summary>The repository root: the first folder above the current one, or above this program, with McpMemory.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Interop => Path.Combine(Root, "tools", "interop");

    /// <summary>
    /// Runs <c>tools/interop/install.sh</c> (a no-op when node_modules matches the lock file) and returns the Node 22
    /// binary it prints.
    /// </summary>
    public static string InstallInterop()
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Interop, "install.sh")])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot run bash");
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        if (process.ExitCode != 0 || !File.Exists(output))
        {
            throw new InvalidOperationException($"tools/interop/install.sh failed (exit {process.ExitCode}); run it by hand to see why");
        }

        return output;
    }

    /// <summary>The LoCoMo file: <c>--locomo FILE</c>, else <c>../shared/data/locomo/locomo8.json</c> from the root.</summary>
    public static string Locomo(BenchmarkArguments arguments)
    {
        var path = arguments.Text("--locomo") ?? Path.Combine(Root, "..", "shared", "data", "locomo", "locomo8.json");
        if (!File.Exists(path))
        {
            path = "/work/shared/data/locomo/locomo8.json";
        }

        return File.Exists(path)
            ? path
            : throw new InvalidOperationException("LoCoMo file not found: pass --locomo FILE (locomo8.json)");
    }

    private static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "McpMemory.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("run the benchmarks from inside the McpMemory repository (McpMemory.sln not found above here)");
    }
}
