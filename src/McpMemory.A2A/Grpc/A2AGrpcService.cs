using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Google.Protobuf;
using Grpc.Core;
using McpMemory.A2A.Execution;
using McpMemory.A2A.Grpc.V1;
using McpMemory.A2A.Protocol;
using McpMemory.A2A.Server;
using McpMemory.A2A.Tasks;
using McpMemory.Core;
using McpMemory.Core.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using GrpcTask = McpMemory.A2A.Grpc.V1.Task;

namespace McpMemory.A2A.Grpc;

/// <summary>
/// A2A v1.0 over gRPC (<c>lf.a2a.v1.A2AService</c>). Each request is turned into its ProtoJSON form and served by the
/// same code as the JSON-RPC and REST bindings, whose v1.0 answers are ProtoJSON too; so the three bindings cannot
/// drift apart. Errors are gRPC statuses: NOT_FOUND for a missing task, FAILED_PRECONDITION for a task that cannot be
/// canceled or subscribed to, INVALID_ARGUMENT for bad parameters.
/// </summary>
internal sealed partial class A2AGrpcService(
    TaskManager tasks,
    PushNotifier push,
    IA2AAgent agent,
    PrincipalDirectory principals,
    IOptions<A2AServerOptions> options,
    ILogger<A2AGrpcService> logger) : A2AService.A2AServiceBase
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public override System.Threading.Tasks.Task<SendMessageResponse> SendMessage(SendMessageRequest request, ServerCallContext context) =>
        CallAsync(context, async (principal, cancellationToken) =>
        {
            var (message, returnImmediately, historyLength, pushConfig) = A2AOperations.ReadSend(ToJson(request), A2AFamily.V1, push);
            var task = await tasks.SendAsync(principal, message, returnImmediately, pushConfig, cancellationToken).ConfigureAwait(false);
            return Parse<SendMessageResponse>(new JsonObject { ["task"] = A2AWire.WriteTask(task, A2AFamily.V1, historyLength) });
        });

    public override System.Threading.Tasks.Task SendStreamingMessage(SendMessageRequest request, IServerStreamWriter<StreamResponse> responseStream, ServerCallContext context) =>
        CallAsync(context, async (principal, cancellationToken) =>
        {
            var (message, _, _, pushConfig) = A2AOperations.ReadSend(ToJson(request), A2AFamily.V1, push);
            var (snapshot, events) = await tasks.StartAsync(principal, message, cancellationToken, pushConfig).ConfigureAwait(false);
            await StreamAsync(responseStream, snapshot, events, cancellationToken).ConfigureAwait(false);
            return true;
        });

    public override System.Threading.Tasks.Task<GrpcTask> GetTask(GetTaskRequest request, ServerCallContext context) =>
        CallAsync(context, async (principal, cancellationToken) =>
        {
            var task = await tasks.GetAsync(principal.Name, Required(request.Id, "id"), cancellationToken).ConfigureAwait(false);
            return Parse<GrpcTask>(A2AWire.WriteTask(task, A2AFamily.V1, A2AOperations.ReadHistoryLength(ToJson(request))));
        });

    public override System.Threading.Tasks.Task<ListTasksResponse> ListTasks(ListTasksRequest request, ServerCallContext context) =>
        CallAsync(context, async (principal, cancellationToken) =>
            Parse<ListTasksResponse>(await A2AOperations.ListAsync(tasks, ToJson(request), principal, cancellationToken).ConfigureAwait(false)));

    public override System.Threading.Tasks.Task<GrpcTask> CancelTask(CancelTaskRequest request, ServerCallContext context) =>
        CallAsync(context, async (principal, cancellationToken) =>
            Parse<GrpcTask>(A2AWire.WriteTask(await tasks.CancelAsync(principal.Name, Required(request.Id, "id"), cancellationToken).ConfigureAwait(false), A2AFamily.V1)));

    public override System.Threading.Tasks.Task SubscribeToTask(SubscribeToTaskRequest request, IServerStreamWriter<StreamResponse> responseStream, ServerCallContext context) =>
        CallAsync(context, async (principal, cancellationToken) =>
        {
            var (snapshot, events) = await tasks.SubscribeAsync(principal.Name, Required(request.Id, "id"), cancellationToken).ConfigureAwait(false);
            await StreamAsync(responseStream, snapshot, events, cancellationToken).ConfigureAwait(false);
            return true;
        });

    public override System.Threading.Tasks.Task<AgentCard> GetExtendedAgentCard(GetExtendedAgentCardRequest request, ServerCallContext context) =>
        CallAsync(context, (_, _) =>
        {
            var http = context.GetHttpContext();
            return System.Threading.Tasks.Task.FromResult(Parse<AgentCard>(AgentCardWriter.Write(options.Value, agent, options.Value.HttpBaseUrl ?? AgentCardEndpoint.BaseUrl(http.Request), v1: true)));
        });

    public override System.Threading.Tasks.Task<TaskPushNotificationConfig> CreateTaskPushNotificationConfig(TaskPushNotificationConfig request, ServerCallContext context) =>
        CallAsync(context, async (principal, cancellationToken) =>
        {
            if (!push.Enabled)
            {
                throw A2AOperations.PushNotSupported();
            }

            var taskId = Required(request.TaskId, "task_id");
            var config = A2AOperations.ReadPushConfig(ToJson(request), A2AFamily.V1, push, "request");
            var stored = await tasks.SetPushConfigAsync(principal.Name, taskId, config, cancellationToken).ConfigureAwait(false);
            return Parse<TaskPushNotificationConfig>(A2AOperations.WritePushConfig(taskId, stored, A2AFamily.V1));
        });

    public override System.Threading.Tasks.Task<TaskPushNotificationConfig> GetTaskPushNotificationConfig(GetTaskPushNotificationConfigRequest request, ServerCallContext context) =>
        CallAsync(context, async (principal, cancellationToken) =>
        {
            var taskId = Required(request.TaskId, "task_id");
            var config = await tasks.GetPushConfigAsync(principal.Name, taskId, Required(request.Id, "id"), cancellationToken).ConfigureAwait(false);
            return Parse<TaskPushNotificationConfig>(A2AOperations.WritePushConfig(taskId, config, A2AFamily.V1));
        });

    public override System.Threading.Tasks.Task<ListTaskPushNotificationConfigsResponse> ListTaskPushNotificationConfigs(ListTaskPushNotificationConfigsRequest request, ServerCallContext context) =>
        CallAsync(context, async (principal, cancellationToken) =>
        {
            var taskId = Required(request.TaskId, "task_id");
            var configs = await tasks.ListPushConfigsAsync(principal.Name, taskId, cancellationToken).ConfigureAwait(false);
            return Parse<ListTaskPushNotificationConfigsResponse>(A2AOperations.PagePushConfigs(taskId, configs, ToJson(request), "request"));
        });

    public override System.Threading.Tasks.Task<Google.Protobuf.WellKnownTypes.Empty> DeleteTaskPushNotificationConfig(DeleteTaskPushNotificationConfigRequest request, ServerCallContext context) =>
        CallAsync(context, async (principal, cancellationToken) =>
        {
            await tasks.DeletePushConfigAsync(principal.Name, Required(request.TaskId, "task_id"), Required(request.Id, "id"), cancellationToken).ConfigureAwait(false);
            return new Google.Protobuf.WellKnownTypes.Empty();
        });

    private static async System.Threading.Tasks.Task StreamAsync(IServerStreamWriter<StreamResponse> stream, A2ATask snapshot, ChannelReader<A2ATaskEvent> events, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Parse<StreamResponse>(A2AWire.WriteEvent(new A2ATaskEvent.Snapshot(snapshot), A2AFamily.V1)), cancellationToken).ConfigureAwait(false);
        await foreach (var taskEvent in events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await stream.WriteAsync(Parse<StreamResponse>(A2AWire.WriteEvent(taskEvent, A2AFamily.V1)), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<T> CallAsync<T>(ServerCallContext context, Func<MemoryPrincipal, CancellationToken, Task<T>> call)
    {
        var user = context.GetHttpContext().User;
        var principal = user.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? principals.Get(name) : principals.Local;
        try
        {
            // gRPC is the v1.0 binding: a client asking for another version it knows we do not speak is told so.
            var version = context.RequestHeaders.GetValue("a2a-version");
            if (!string.IsNullOrWhiteSpace(version) && A2AVersions.Parse(version) != A2AFamily.V1)
            {
                throw new A2AException(A2AErrorCodes.VersionNotSupported, $"A2A-Version '{version}' is not supported by the gRPC binding, which speaks 1.0 only: send a2a-version: 1.0 (or use JSON-RPC for 0.3).");
            }

            return await call(principal, context.CancellationToken).ConfigureAwait(false);
        }
        catch (A2AException e)
        {
            throw Failure(StatusFor(e.Code), e.Message, A2AErrorCodes.Reason(e.Code));
        }
        catch (McpMemoryException e)
        {
            var code = e.Code is McpMemoryErrorCodes.InvalidArgument or McpMemoryErrorCodes.NamespaceDenied or McpMemoryErrorCodes.NotFound ? StatusCode.InvalidArgument : StatusCode.Internal;
            throw Failure(code, e.Message, A2AErrorCodes.Reason(code == StatusCode.Internal ? A2AErrorCodes.InternalError : A2AErrorCodes.InvalidParams));
        }
        catch (Exception e) when (e is not (RpcException or OperationCanceledException))
        {
            LogFailed(logger, context.Method, e);
            throw new RpcException(new Status(StatusCode.Internal, $"{context.Method} failed with an internal error ({e.GetType().Name}); the server log has the details."));
        }
    }

    // The status with a google.rpc.ErrorInfo of the A2A reason in grpc-status-details-bin, as the spec's gRPC binding
    // carries errors (the reference JavaScript client maps the reason back to its TaskNotFoundError and the like).
    private static RpcException Failure(StatusCode code, string message, string reason) =>
        new Google.Rpc.Status
        {
            Code = (int)code,
            Message = message,
            Details = { Google.Protobuf.WellKnownTypes.Any.Pack(new Google.Rpc.ErrorInfo { Reason = reason, Domain = A2AErrorCodes.Domain }) },
        }.ToRpcException();

    private static StatusCode StatusFor(int code) => code switch
    {
        A2AErrorCodes.TaskNotFound => StatusCode.NotFound,
        A2AErrorCodes.TaskNotCancelable or A2AErrorCodes.UnsupportedOperation or A2AErrorCodes.PushNotificationNotSupported or A2AErrorCodes.VersionNotSupported => StatusCode.FailedPrecondition,
        A2AErrorCodes.MethodNotFound => StatusCode.Unimplemented,
        A2AErrorCodes.InternalError => StatusCode.Internal,
        _ => StatusCode.InvalidArgument,
    };

    private static string Required(string value, string field) =>
        string.IsNullOrEmpty(value) ? throw A2AException.InvalidParams($"'{field}' is missing: give the id of the task.") : value;

    private static JsonElement ToJson(IMessage message)
    {
        using var document = JsonDocument.Parse(Formatter.Format(message));
        return document.RootElement.Clone();
    }

    private static T Parse<T>(JsonNode json)
        where T : IMessage<T>, new() =>
        Parser.Parse<T>(json.ToJsonString());

    [LoggerMessage(Level = LogLevel.Error, Message = "A2A gRPC method {Method} failed")]
    private static partial void LogFailed(ILogger logger, string method, Exception exception);
}
