namespace McpMemory.Tests.Support;

/// <summary>The checkout this test run was built from (the folder holding McpMemory.sln).</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "McpMemory.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("McpMemory.sln was not found above " + AppContext.BaseDirectory);
    }
}
