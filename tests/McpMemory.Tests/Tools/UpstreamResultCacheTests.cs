using System.Text.Json;
using McpMemory.Core.Tools;
using McpMemory.Mcp.Upstreams;
using McpMemory.Tests.Support;

namespace McpMemory.Tests.Tools;

/// <summary>The exact-key cache of upstream results: canonical argument keys, namespaces apart, time to live, least recently used out.</summary>
public sealed class UpstreamResultCacheTests
{
    [Fact]
    public void Key_SameArgumentsSpelledDifferently_IsOneKey_AndNamespacesOrValuesDiffer()
    {
        var a = UpstreamResultCache.Key("default", "everything", "get-sum", Parse("""{"a":1,"b":{"y":[1.50,"x"],"x":null}}"""));
        var b = UpstreamResultCache.Key("default", "everything", "get-sum", Parse("""{ "b" : { "x":null, "y":[1.5, "x"] }, "a" : 1.0 }"""));

        Assert.Equal(a, b);
        Assert.NotEqual(a, UpstreamResultCache.Key("team", "everything", "get-sum", Parse("""{"a":1,"b":{"y":[1.5,"x"],"x":null}}""")));
        Assert.NotEqual(a, UpstreamResultCache.Key("default", "everything", "get-sum", Parse("""{"a":2,"b":{"y":[1.5,"x"],"x":null}}""")));
        Assert.NotEqual(a, UpstreamResultCache.Key("default", "other", "get-sum", Parse("""{"a":1,"b":{"y":[1.5,"x"],"x":null}}""")));
        Assert.Equal("""{"a":"é","b":[1,100,0.001]}""", CanonicalJson.Write(Parse("""{"b":[1.0,1e2,1E-3],"a":"\u00e9"}""")));
    }

    [Fact]
    public void TryGet_AfterTheTimeToLive_Misses_AndTheLeastRecentlyUsedGoesFirst()
    {
        var time = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var cache = new UpstreamResultCache(time, capacity: 2, ttl: TimeSpan.FromMinutes(5));
        cache.Set("k1", Parse("1"));
        time.Advance(TimeSpan.FromMinutes(4));
        var fresh = cache.TryGet("k1", out var value, out var storedAt);
        time.Advance(TimeSpan.FromMinutes(1));
        var expired = cache.TryGet("k1", out _, out _);

        cache.Set("a", Parse("\"a\""));
        cache.Set("b", Parse("\"b\""));
        cache.TryGet("a", out _, out _);
        cache.Set("c", Parse("\"c\""));

        Assert.True(fresh);
        Assert.Equal(1, value.GetInt32());
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), storedAt);
        Assert.False(expired);
        Assert.True(cache.TryGet("a", out _, out _));
        Assert.False(cache.TryGet("b", out _, out _));
        Assert.True(cache.TryGet("c", out _, out _));
        Assert.Equal(2, cache.Count);
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
