using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace McpMemory.Tests.A2A;

/// <summary>A raw JSON-RPC client for the A2A endpoint of a test server: plain calls and server-sent-event streams.</summary>
public sealed class A2AHttp(Uri baseUri, string? token = null) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseUri, Timeout = Timeout.InfiniteTimeSpan };
    private int _nextId;

    public Uri Endpoint { get; } = new(baseUri, "/a2a");

    /// <summary>Calls <paramref name="method"/> and returns the whole JSON-RPC response.</summary>
    public async Task<JsonElement> CallAsync(string method, string paramsJson, CancellationToken cancellationToken, string? version = null)
    {
        using var request = Request(method, paramsJson, version, "application/json");
        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{method} answered HTTP {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Calls a method that must succeed and returns its <c>result</c>.</summary>
    public async Task<JsonElement> ResultAsync(string method, string paramsJson, CancellationToken cancellationToken, string? version = null)
    {
        var response = await CallAsync(method, paramsJson, cancellationToken, version);
        Assert.True(response.TryGetProperty("result", out var result), $"{method} failed: {response}");
        return result;
    }

    /// <summary>Calls a method that must fail and returns its error code and message.</summary>
    public async Task<(int Code, string Message)> ErrorAsync(string method, string paramsJson, CancellationToken cancellationToken, string? version = null)
    {
        var response = await CallAsync(method, paramsJson, cancellationToken, version);
        Assert.True(response.TryGetProperty("error", out var error), $"{method} should have failed but returned {response}");
        return (error.GetProperty("code").GetInt32(), error.GetProperty("message").GetString()!);
    }

    /// <summary>Posts a raw body and returns the HTTP status and body.</summary>
    public async Task<(int Status, string Body)> PostRawAsync(string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>Calls a streaming method and yields the <c>result</c> of each event as it arrives.</summary>
    public async IAsyncEnumerable<JsonElement> StreamAsync(string method, string paramsJson, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = Request(method, paramsJson, null, "text/event-stream");
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
            {
                continue;
            }

            var envelope = JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
            Assert.True(envelope.TryGetProperty("result", out var result), $"{method} streamed an error: {envelope}");
            yield return result;
        }
    }

    private HttpRequestMessage Request(string method, string paramsJson, string? version, string accept)
    {
        var id = Interlocked.Increment(ref _nextId);
        var body = $$"""{"jsonrpc":"2.0","id":{{id}},"method":"{{method}}","params":{{paramsJson}}}""";
        var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd(accept);
        if (version is not null)
        {
            request.Headers.Add("A2A-Version", version);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    public void Dispose() => _http.Dispose();
}
