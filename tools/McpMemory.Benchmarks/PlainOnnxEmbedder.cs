using System.Numerics.Tensors;
using McpMemory.Embeddings.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace McpMemory.Benchmarks;

/// <summary>
/// The peer of the embedding benchmark: what a plain ONNX Runtime user writes. The same model.onnx and tokenizer as ours,
/// an <see cref="InferenceSession"/> with default <see cref="SessionOptions"/>, each batch padded to its longest input in
/// the order given, CLS pooling and L2 normalisation (arctic-xs).
/// </summary>
internal sealed class PlainOnnxEmbedder : IDisposable
{
    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly string _modelId;
    private readonly int _dimensions;

    public PlainOnnxEmbedder(OnnxEmbeddingModelInfo model)
    {
        var assembly = Path.Combine(OnnxEmbeddingModels.DefaultModelsDirectory, model.AssemblyFileName);
        using var options = new SessionOptions();
        _session = new InferenceSession(OnnxModelPackageReader.ReadResource(assembly, model.ModelResourceName), options);
        using var vocabulary = new MemoryStream(OnnxModelPackageReader.ReadResource(assembly, model.VocabularyResourceName));
        _tokenizer = BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true });
        _modelId = model.ModelId;
        _dimensions = model.Dimensions;
    }

    public float[][] Embed(IReadOnlyList<string> texts)
    {
        var ids = texts.Select(t => _tokenizer.EncodeToIds(t, OnnxEmbeddingModels.MaxSequenceLength, out _, out _)).ToArray();
        var rows = ids.Length;
        var length = ids.Max(s => s.Count);
        var inputIds = new long[rows * length];
        var mask = new long[rows * length];
        var types = new long[rows * length];
        for (var r = 0; r < rows; r++)
        {
            for (var t = 0; t < ids[r].Count; t++)
            {
                inputIds[(r * length) + t] = ids[r][t];
                mask[(r * length) + t] = 1;
            }
        }

        long[] shape = [rows, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(inputIds, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(types, shape);
        var inputs = new Dictionary<string, OrtValue>
        {
            ["input_ids"] = idsValue,
            ["attention_mask"] = maskValue,
        };
        if (_session.InputMetadata.ContainsKey("token_type_ids"))
        {
            inputs["token_type_ids"] = typesValue;
        }

        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, inputs, ["last_hidden_state"]);
        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        var vectors = new float[rows][];
        for (var r = 0; r < rows; r++)
        {
            var vector = hidden.Slice(r * length * _dimensions, _dimensions).ToArray();
            TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
            vectors[r] = vector;
        }

        return vectors;
    }

    public override string ToString() => $"plain InferenceSession ({_modelId}, default SessionOptions)";

    public void Dispose() => _session.Dispose();
}
