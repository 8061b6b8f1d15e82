namespace McpMemory.Tests.Interop;

/// <summary>What a Node program run by <see cref="InteropTools"/> left: its exit code and its output.</summary>
public sealed record NodeRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
