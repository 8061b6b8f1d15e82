namespace McpMemory.Tests.Interop;

/// <summary>What a call of the compatibility script must do on each server.</summary>
public enum GraphOutcome
{
    /// <summary>Both succeed with equal results.</summary>
    Same,

    /// <summary>Both fail with a tool error.</summary>
    Error,

    /// <summary>A deliberate difference: ours fails with a tool error, server-memory succeeds.</summary>
    OursRejects,

    /// <summary>A difference found and reported, not (yet) agreed on: the results must differ.</summary>
    KnownDifference,
}
