namespace McpMemory.Tests.Support;

/// <summary>The shared default timeout for anything a test waits on.</summary>
public static class TestTimeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(90);

    public static CancellationToken Token() => CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken, new CancellationTokenSource(Default).Token).Token;
}
