using McpMemory.A2A;

namespace McpMemory.Tests.A2A;

/// <summary>Which URLs (of webhooks, of peer agents) an allowed prefix lets through: same scheme, host and port, and a path under it by whole segments.</summary>
public sealed class UrlPrefixTests
{
    [Theory]
    [InlineData("http://127.0.0.1:9099/hook", "http://127.0.0.1:9099/hook", true)]
    [InlineData("http://127.0.0.1:9099/hook", "http://127.0.0.1:9099/hook/task-1", true)]
    [InlineData("http://127.0.0.1:9099/hook", "http://127.0.0.1:9099/hookevil", false)]
    [InlineData("http://127.0.0.1:9099/hooks/", "http://127.0.0.1:9099/hooks/a", true)]
    [InlineData("http://127.0.0.1:9099/hooks/", "http://127.0.0.1:9099/hooks", false)]
    [InlineData("http://127.0.0.1:9099/hooks/", "http://127.0.0.1:9099/hooks/../admin", false)]
    [InlineData("http://hooks.example.com", "http://hooks.example.com.evil.test/", false)]
    [InlineData("http://hooks.example.com", "http://hooks.example.com/anything", true)]
    [InlineData("http://hooks.example.com", "https://hooks.example.com/anything", false)]
    [InlineData("http://hooks.example.com", "http://hooks.example.com:8080/anything", false)]
    public void IsUnder_ComparesSchemeHostPortAndWholePathSegments(string prefix, string url, bool allowed) =>
        Assert.Equal(allowed, UrlPrefix.IsUnder(new Uri(url), prefix));
}
