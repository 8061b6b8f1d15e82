using Google.Protobuf;
using Onnx;

namespace McpMemory.Embeddings.Onnx;

/// <summary>
/// Dynamic int8 quantisation of an ONNX model's matrix products, done in memory at load time: every <c>MatMul</c>
/// whose right side is a float weight matrix becomes <c>DynamicQuantizeLinear</c> (activations to uint8, scale per
/// call) → <c>MatMulInteger</c> with int8 weights quantised symmetrically per output column → <c>Cast</c> → a
/// multiplication by the two scales. ONNX Runtime fuses that chain into its integer matrix kernels. This is what
/// ONNX Runtime's own (Python) dynamic quantiser does for MatMul, which cannot be installed here.
/// </summary>
internal static class OnnxDynamicQuantizer
{
    // Small matrices are not worth it (and biases, scalars, embeddings tables are not MatMul weights anyway).
    private const long MinWeights = 16 * 1024;

    /// <summary>Returns the bytes of the quantised model and how many matrix products were quantised.</summary>
    public static (byte[] Model, int Quantized) Quantize(byte[] modelBytes)
    {
        var model = ModelProto.Parser.ParseFrom(modelBytes);
        var graph = model.Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var uses = graph.Node.SelectMany(n => n.Input).GroupBy(i => i, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var nodes = new List<NodeProto>(graph.Node.Count * 2);
        var quantizedWeights = new Dictionary<string, (string Weights, string Scale, string ZeroPoint)>(StringComparer.Ordinal);
        var quantized = 0;
        foreach (var node in graph.Node)
        {
            if (node.OpType != "MatMul" || node.Domain.Length > 0 || node.Input.Count != 2 ||
                !initializers.TryGetValue(node.Input[1], out var weight) ||
                weight.DataType != (int)TensorProto.Types.DataType.Float || weight.Dims.Count != 2 ||
                weight.Dims[0] * weight.Dims[1] < MinWeights)
            {
                nodes.Add(node);
                continue;
            }

            if (!quantizedWeights.TryGetValue(weight.Name, out var q))
            {
                q = AddQuantizedWeights(graph, weight);
                quantizedWeights[weight.Name] = q;
            }

            var prefix = (node.Name.Length > 0 ? node.Name : node.Output[0]) + "_int8";
            nodes.Add(Node("DynamicQuantizeLinear", prefix + "_quantize", [node.Input[0]], [prefix + "_a", prefix + "_a_scale", prefix + "_a_zero_point"]));
            nodes.Add(Node("MatMulInteger", prefix + "_matmul", [prefix + "_a", q.Weights, prefix + "_a_zero_point", q.ZeroPoint], [prefix + "_int32"]));
            var cast = Node("Cast", prefix + "_cast", [prefix + "_int32"], [prefix + "_float"]);
            cast.Attribute.Add(new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = (long)TensorProto.Types.DataType.Float });
            nodes.Add(cast);
            nodes.Add(Node("Mul", prefix + "_scales", [prefix + "_a_scale", q.Scale], [prefix + "_scale"]));
            nodes.Add(Node("Mul", prefix + "_rescale", [prefix + "_float", prefix + "_scale"], [node.Output[0]]));
            uses[weight.Name]--;
            quantized++;
        }

        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        foreach (var (name, count) in uses)
        {
            if (count == 0 && initializers.TryGetValue(name, out var unused))
            {
                graph.Initializer.Remove(unused);
            }
        }

        // DynamicQuantizeLinear needs opset 11 of the default domain.
        foreach (var opset in model.OpsetImport)
        {
            if (opset.Domain.Length == 0 && opset.Version < 11)
            {
                throw new InvalidOperationException($"The model uses ONNX opset {opset.Version}; int8 quantisation needs 11 or later.");
            }
        }

        return (model.ToByteArray(), quantized);
    }

    private static (string Weights, string Scale, string ZeroPoint) AddQuantizedWeights(GraphProto graph, TensorProto weight)
    {
        var rows = (int)weight.Dims[0];
        var columns = (int)weight.Dims[1];
        var values = ReadFloats(weight, rows * columns);
        var scales = new float[columns];
        for (var c = 0; c < columns; c++)
        {
            var max = 0f;
            for (var r = 0; r < rows; r++)
            {
                max = Math.Max(max, Math.Abs(values[(r * columns) + c]));
            }

            scales[c] = max > 0 ? max / 127f : 1f;
        }

        var quantized = new byte[rows * columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var q = (int)MathF.Round(values[(r * columns) + c] / scales[c]);
                quantized[(r * columns) + c] = unchecked((byte)(sbyte)Math.Clamp(q, -127, 127));
            }
        }

        var names = (weight.Name + "_quantized", weight.Name + "_scale", weight.Name + "_zero_point");
        graph.Initializer.Add(new TensorProto { Name = names.Item1, DataType = (int)TensorProto.Types.DataType.Int8, Dims = { rows, columns }, RawData = ByteString.CopyFrom(quantized) });
        var scaleBytes = new byte[columns * sizeof(float)];
        Buffer.BlockCopy(scales, 0, scaleBytes, 0, scaleBytes.Length);
        graph.Initializer.Add(new TensorProto { Name = names.Item2, DataType = (int)TensorProto.Types.DataType.Float, Dims = { columns }, RawData = ByteString.CopyFrom(scaleBytes) });
        graph.Initializer.Add(new TensorProto { Name = names.Item3, DataType = (int)TensorProto.Types.DataType.Int8, Dims = { columns }, RawData = ByteString.CopyFrom(new byte[columns]) });
        return names;
    }

    private static float[] ReadFloats(TensorProto tensor, int count)
    {
        if (tensor.FloatData.Count == count)
        {
            return [.. tensor.FloatData];
        }

        if (tensor.RawData.Length != count * sizeof(float))
        {
            throw new InvalidOperationException($"The weights '{tensor.Name}' hold {tensor.RawData.Length} bytes, not {count} floats (external data is not supported).");
        }

        var values = new float[count];
        Buffer.BlockCopy(tensor.RawData.ToByteArray(), 0, values, 0, count * sizeof(float));
        return values;
    }

    private static NodeProto Node(string opType, string name, string[] inputs, string[] outputs)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        return node;
    }
}
