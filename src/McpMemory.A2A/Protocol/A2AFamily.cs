namespace McpMemory.A2A.Protocol;

/// <summary>The protocol family a request came in with; the answer takes that family's shape.</summary>
public enum A2AFamily
{
    /// <summary>A2A v1.0: ProtoJSON shapes (<c>TASK_STATE_COMPLETED</c>, <c>ROLE_AGENT</c>, parts without <c>kind</c>).</summary>
    V1,

    /// <summary>A2A v0.3: <c>kind</c>-tagged objects, lower-case states (<c>completed</c>, <c>input-required</c>).</summary>
    V03,
}
