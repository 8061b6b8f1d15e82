namespace McpMemory.A2A.Client;

/// <summary>The protocol binding the client calls a peer over; the card names it (<c>JSONRPC</c>, <c>HTTP+JSON</c>).</summary>
public enum A2ABinding
{
    /// <summary>JSON-RPC 2.0 over HTTP (<c>JSONRPC</c>): one endpoint, methods named in the body. Preferred when offered.</summary>
    JsonRpc,

    /// <summary>
    /// HTTP+JSON, the REST binding (<c>HTTP+JSON</c>): routes under a base URL. v1.0 has <c>POST {base}/message:send</c>
    /// and friends; v0.3 has the same under <c>{base}/v1/</c>, in the ProtoJSON shapes of its proto.
    /// </summary>
    HttpJson,
}
