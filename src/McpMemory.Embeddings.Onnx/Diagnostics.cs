using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace McpMemory.Embeddings.Onnx;

/// <summary>The activity source and meter of this assembly, named <c>McpMemory.Embeddings.Onnx</c>.</summary>
internal static class Diagnostics
{
    public const string Name = "McpMemory.Embeddings.Onnx";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Texts embedded (each window of a long text counts once).</summary>
    public static readonly Counter<long> TextsEmbedded = Meter.CreateCounter<long>(
        "mcpmemory.embeddings.texts", unit: "{text}", description: "Texts embedded by the local ONNX model.");

    /// <summary>Tokens fed to the model, padding excluded.</summary>
    public static readonly Counter<long> TokensEmbedded = Meter.CreateCounter<long>(
        "mcpmemory.embeddings.tokens", unit: "{token}", description: "Tokens fed to the local ONNX model.");

    /// <summary>Time one GenerateAsync call spent in tokenisation and inference.</summary>
    public static readonly Histogram<double> GenerateDuration = Meter.CreateHistogram<double>(
        "mcpmemory.embeddings.duration", unit: "s", description: "Duration of one embedding request.");
}
