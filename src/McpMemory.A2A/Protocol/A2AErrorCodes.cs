namespace McpMemory.A2A.Protocol;

/// <summary>The JSON-RPC error codes of the A2A spec (the same in v1.0 and v0.3).</summary>
public static class A2AErrorCodes
{
    /// <summary>The body is not JSON.</summary>
    public const int ParseError = -32700;

    /// <summary>Not a JSON-RPC 2.0 request.</summary>
    public const int InvalidRequest = -32600;

    /// <summary>No such method.</summary>
    public const int MethodNotFound = -32601;

    /// <summary>The parameters are wrong.</summary>
    public const int InvalidParams = -32602;

    /// <summary>The server failed.</summary>
    public const int InternalError = -32603;

    /// <summary>No task with that id (for this caller).</summary>
    public const int TaskNotFound = -32001;

    /// <summary>The task is in a state that cannot be cancelled.</summary>
    public const int TaskNotCancelable = -32002;

    /// <summary>Push notifications are not supported.</summary>
    public const int PushNotificationNotSupported = -32003;

    /// <summary>The operation is not supported (on this task, or at all).</summary>
    public const int UnsupportedOperation = -32004;

    /// <summary>The content type is not supported.</summary>
    public const int ContentTypeNotSupported = -32005;

    /// <summary>No extended agent card is configured.</summary>
    public const int ExtendedAgentCardNotConfigured = -32007;

    /// <summary>The <c>A2A-Version</c> the client asked for is not spoken here.</summary>
    public const int VersionNotSupported = -32009;

    /// <summary>The domain of the <c>google.rpc.ErrorInfo</c> that carries an A2A error over REST and gRPC.</summary>
    public const string Domain = "a2a-protocol.org";

    /// <summary>The <c>google.rpc.ErrorInfo</c> reason of <paramref name="code"/> (REST and gRPC carry it; clients map it back).</summary>
    public static string Reason(int code) => code switch
    {
        TaskNotFound => "TASK_NOT_FOUND",
        MethodNotFound or UnsupportedOperation => "UNSUPPORTED_OPERATION",
        TaskNotCancelable => "TASK_NOT_CANCELABLE",
        PushNotificationNotSupported => "PUSH_NOTIFICATION_NOT_SUPPORTED",
        ContentTypeNotSupported => "CONTENT_TYPE_NOT_SUPPORTED",
        ExtendedAgentCardNotConfigured => "EXTENDED_AGENT_CARD_NOT_CONFIGURED",
        VersionNotSupported => "VERSION_NOT_SUPPORTED",
        InternalError => "INTERNAL_ERROR",
        _ => "INVALID_PARAMS",
    };
}
