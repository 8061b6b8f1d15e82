using System.Buffers;
using System.Diagnostics;
using System.Numerics.Tensors;
using McpMemory.Core;
using McpMemory.Core.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace McpMemory.Embeddings.Onnx;

/// <summary>
/// Embeds text locally with a BERT-style sentence model run by ONNX Runtime (snowflake-arctic-embed-xs or
/// all-MiniLM-L6-v2), read from the model package's assembly without executing it.
/// </summary>
/// <remarks>
/// <para>Construction is cheap: the tokenizer and the ONNX session load on first use, once, on a background thread, or
/// earlier through <see cref="WarmUpAsync"/>.</para>
/// <para>Each input runs in a window of <see cref="OnnxEmbeddingModels.MaxSequenceLength"/> tokens, <c>[CLS]</c> and
/// <c>[SEP]</c> included. Longer inputs are <b>truncated</b> to their first tokens; callers that must not lose text split
/// it first with <see cref="SplitIntoWindows"/> (offered through <see cref="GetService"/> as <see cref="ITextWindowing"/>,
/// with the model's token count as <see cref="ITokenCounter"/>).
/// Queries marked with <see cref="EmbeddingInputType.ForQuery"/> get the model's query instruction, if it has one,
/// which also counts against the window.</para>
/// <para>Vectors are unit length, so cosine similarity is a dot product.</para>
/// </remarks>
internal sealed partial class OnnxEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>, ITextWindowing, ITokenCounter
{
    /// <summary>The provider name in <see cref="EmbeddingGeneratorMetadata"/>.</summary>
    public const string ProviderName = "onnx";

    private static readonly SearchValues<char> LineBreaks = SearchValues.Create("\t\n\r");

    private readonly OnnxEmbeddingModelInfo _model;
    private readonly string _assemblyPath;
    private readonly int _intraOpThreads;
    private readonly int _batchSize;
    private readonly ILogger _logger;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly Lazy<BertTokenizer> _tokenizer;
    private readonly Lock _gate = new();
    private Task<LoadedOnnxModel>? _loading;
    private volatile bool _disposed;

    public OnnxEmbeddingGenerator(OnnxEmbeddingModelInfo model, string assemblyPath, int intraOpThreads, int batchSize, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(assemblyPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(intraOpThreads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentNullException.ThrowIfNull(logger);

        _model = model;
        _assemblyPath = assemblyPath;
        _intraOpThreads = intraOpThreads;
        _batchSize = batchSize;
        _logger = logger;
        _metadata = new EmbeddingGeneratorMetadata(ProviderName, providerUri: null, model.ModelId, model.Dimensions);
        _tokenizer = new Lazy<BertTokenizer>(LoadTokenizer, LazyThreadSafetyMode.PublicationOnly);
    }

    /// <summary>The model this generator runs.</summary>
    public OnnxEmbeddingModelInfo Model => _model;

    /// <summary>Whether the ONNX session has finished loading.</summary>
    public bool IsLoaded => _loading is { IsCompletedSuccessfully: true };

    /// <inheritdoc />
    public int MaxTokensPerWindow => OnnxEmbeddingModels.MaxSequenceLength - 2;

    /// <summary>
    /// Starts loading the tokenizer and the model in the background, if that has not happened yet, and returns a task that
    /// completes when they are ready. Cancelling <paramref name="cancellationToken"/> stops the wait, not the load.
    /// </summary>
    public Task WarmUpAsync(CancellationToken cancellationToken = default) => GetModelAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (options?.Dimensions is int dimensions && dimensions != _model.Dimensions)
        {
            throw new McpMemoryException(
                McpMemoryErrorCodes.InvalidArgument,
                $"The embedding model {_model.ModelId} produces {_model.Dimensions}-dimensional vectors; {dimensions} dimensions were asked for.");
        }

        var texts = values as IReadOnlyList<string> ?? values.ToArray();
        if (texts.Count == 0)
        {
            return [];
        }

        var loaded = await GetModelAsync(cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        using var activity = Diagnostics.ActivitySource.StartActivity("embeddings " + _model.ModelId, ActivityKind.Internal);
        activity?.SetTag("gen_ai.operation.name", "embeddings");
        activity?.SetTag("gen_ai.request.model", _model.ModelId);
        var started = Stopwatch.GetTimestamp();

        var isQuery = _model.QueryPrefix is not null && EmbeddingInputType.IsQuery(options);
        var count = texts.Count;
        var tokens = new IReadOnlyList<int>[count];
        var lengths = new int[count];
        var order = new int[count];
        long totalTokens = 0;
        for (var i = 0; i < count; i++)
        {
            var text = texts[i] ?? throw new ArgumentException($"The text at index {i} is null.", nameof(values));
            tokens[i] = Tokenize(text, isQuery);
            lengths[i] = tokens[i].Count;
            order[i] = i;
            totalTokens += lengths[i];
        }

        // Runs of similar length waste little on padding: sort by length, then cut into the runs that cost least, each
        // padded only to its own longest input (a batch of short and long texts becomes a few runs, not one).
        Array.Sort(lengths, order);
        var vectors = new float[count][];
        foreach (var (offset, rows) in EmbeddingBatchPlanner.Plan(lengths, _batchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            RunBatch(loaded, tokens, order, offset, rows, sequenceLength: lengths[offset + rows - 1], vectors, cancellationToken);
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(count)
        {
            Usage = new UsageDetails { InputTokenCount = totalTokens, TotalTokenCount = totalTokens },
        };
        for (var i = 0; i < count; i++)
        {
            result.Add(new Embedding<float>(vectors[i]) { ModelId = _model.ModelId });
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        Diagnostics.TextsEmbedded.Add(count);
        Diagnostics.TokensEmbedded.Add(totalTokens);
        Diagnostics.GenerateDuration.Record(elapsed.TotalSeconds);
        activity?.SetTag("gen_ai.usage.input_tokens", totalTokens);
        LogEmbedded(_logger, count, totalTokens, elapsed.TotalMilliseconds);
        return result;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType == typeof(OnnxEmbeddingModelInfo) ? _model
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Task<LoadedOnnxModel>? loading;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            loading = _loading;
            _loading = null;
        }

        // A load still in flight finishes on its own thread; its session is released when it does.
        loading?.ContinueWith(
            static task =>
            {
                if (task.IsCompletedSuccessfully)
                {
                    task.Result.Dispose();
                }
                else
                {
                    _ = task.Exception;
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>
    /// Token ids of <paramref name="text"/> as the model sees it: <c>[CLS]</c>, the tokens (with the query instruction
    /// first when <paramref name="isQuery"/> and the model has one), <c>[SEP]</c>, cut to the window.
    /// </summary>
    internal IReadOnlyList<int> Tokenize(string text, bool isQuery)
    {
        var input = isQuery && _model.QueryPrefix is { } prefix ? string.Concat(prefix, text) : text;
        return _tokenizer.Value.EncodeToIds(ReplaceLineBreaks(input), OnnxEmbeddingModels.MaxSequenceLength, out _, out _);
    }

    /// <inheritdoc />
    public int CountTokens(ReadOnlySpan<char> text)
    {
        if (!text.ContainsAny(LineBreaks))
        {
            return _tokenizer.Value.EncodeToIds(text, addSpecialTokens: false).Count;
        }

        var buffer = ArrayPool<char>.Shared.Rent(text.Length);
        try
        {
            var copy = buffer.AsSpan(0, text.Length);
            text.CopyTo(copy);
            ReplaceLineBreaks(copy);
            return _tokenizer.Value.EncodeToIds(copy, addSpecialTokens: false).Count;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Replaces tabs and line breaks with spaces. The BERT normaliser of Microsoft.ML.Tokenizers drops them as control
    /// characters, gluing the words on either side into one ("hello\nworld" becomes "helloworld"); the models were
    /// trained with the original BERT tokenizer, which reads them as spaces.
    /// </summary>
    internal static string ReplaceLineBreaks(string text) =>
        text.AsSpan().ContainsAny(LineBreaks)
            ? string.Create(text.Length, text, static (span, source) =>
            {
                source.CopyTo(span);
                ReplaceLineBreaks(span);
            })
            : text;

    private static void ReplaceLineBreaks(Span<char> text)
    {
        text.Replace('\n', ' ');
        text.Replace('\r', ' ');
        text.Replace('\t', ' ');
    }

    private Task<LoadedOnnxModel> GetModelAsync(CancellationToken cancellationToken)
    {
        var loading = Volatile.Read(ref _loading);
        if (loading is null || loading.IsFaulted || loading.IsCanceled)
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                loading = _loading;
                if (loading is null || loading.IsFaulted || loading.IsCanceled)
                {
                    // A failed load (a file being replaced, say) is retried by the next caller.
                    loading = Task.Run(LoadModel, CancellationToken.None);
                    _loading = loading;
                }
            }
        }

        return loading.IsCompleted || !cancellationToken.CanBeCanceled ? loading : loading.WaitAsync(cancellationToken);
    }

    private LoadedOnnxModel LoadModel()
    {
        var started = Stopwatch.GetTimestamp();
        LogModelLoading(_logger, _model.ModelId, _assemblyPath, _intraOpThreads);
        try
        {
            _ = _tokenizer.Value;
            var modelBytes = OnnxModelPackageReader.ReadResource(_assemblyPath, _model.ModelResourceName);
            if (_model.Quantized)
            {
                (modelBytes, var products) = OnnxDynamicQuantizer.Quantize(modelBytes);
                LogModelQuantized(_logger, _model.ModelId, products);
            }

            var loaded = LoadedOnnxModel.Create(modelBytes, _intraOpThreads, _model, _assemblyPath);
            LogModelLoaded(_logger, _model.ModelId, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return loaded;
        }
        catch (Exception ex) when (_disposed)
        {
            // The host stopped while the model was loading (a client that connects and leaves at once): not a bad
            // model file, so say nothing that would send the user to replace it.
            LogModelLoadAbandoned(_logger, _model.ModelId, ex.Message);
            throw new ObjectDisposedException(nameof(OnnxEmbeddingGenerator), ex);
        }
        catch (Exception ex)
        {
            LogModelLoadFailed(_logger, _model.ModelId, _assemblyPath, ex);
            throw;
        }
    }

    private BertTokenizer LoadTokenizer()
    {
        var vocabulary = OnnxModelPackageReader.ReadResource(_assemblyPath, _model.VocabularyResourceName);
        using var stream = new MemoryStream(vocabulary, writable: false);

        // Both models are uncased: lower-case and strip accents, as the Hugging Face tokenizers of these models do.
        return BertTokenizer.Create(stream, new BertOptions
        {
            LowerCaseBeforeTokenization = true,
            RemoveNonSpacingMarks = true,
        });
    }

    private void RunBatch(
        LoadedOnnxModel loaded,
        IReadOnlyList<int>[] tokens,
        int[] order,
        int offset,
        int rows,
        int sequenceLength,
        float[][] vectors,
        CancellationToken cancellationToken)
    {
        var size = rows * sequenceLength;
        var padId = _tokenizer.Value.PaddingTokenId;
        var inputIds = ArrayPool<long>.Shared.Rent(size);
        var attentionMask = ArrayPool<long>.Shared.Rent(size);
        var tokenTypeIds = loaded.HasTokenTypeIds ? ArrayPool<long>.Shared.Rent(size) : null;
        try
        {
            inputIds.AsSpan(0, size).Fill(padId);
            attentionMask.AsSpan(0, size).Clear();
            tokenTypeIds?.AsSpan(0, size).Clear();
            for (var row = 0; row < rows; row++)
            {
                var sequence = tokens[order[offset + row]];
                var rowIds = inputIds.AsSpan(row * sequenceLength, sequenceLength);
                var rowMask = attentionMask.AsSpan(row * sequenceLength, sequenceLength);
                for (var t = 0; t < sequence.Count; t++)
                {
                    rowIds[t] = sequence[t];
                }

                rowMask[..sequence.Count].Fill(1);
            }

            long[] shape = [rows, sequenceLength];
            using var idsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, inputIds.AsMemory(0, size), shape);
            using var maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, attentionMask.AsMemory(0, size), shape);
            using var typesValue = tokenTypeIds is null
                ? null
                : OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, tokenTypeIds.AsMemory(0, size), shape);
            OrtValue[] inputs = typesValue is null ? [idsValue, maskValue] : [idsValue, maskValue, typesValue];

            using var runOptions = new RunOptions();
            using var registration = cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, runOptions);
            IDisposableReadOnlyCollection<OrtValue> outputs;
            try
            {
                outputs = loaded.Session.Run(runOptions, loaded.InputNames, inputs, loaded.OutputNames);
            }
            catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            using (outputs)
            {
                Pool(outputs[0].GetTensorDataAsSpan<float>(), tokens, order, offset, rows, sequenceLength, vectors);
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(inputIds);
            ArrayPool<long>.Shared.Return(attentionMask);
            if (tokenTypeIds is not null)
            {
                ArrayPool<long>.Shared.Return(tokenTypeIds);
            }
        }
    }

    private void Pool(
        ReadOnlySpan<float> hiddenStates,
        IReadOnlyList<int>[] tokens,
        int[] order,
        int offset,
        int rows,
        int sequenceLength,
        float[][] vectors)
    {
        var dimensions = _model.Dimensions;
        var rowStride = sequenceLength * dimensions;
        if (hiddenStates.Length != rows * rowStride)
        {
            throw new InvalidOperationException(
                $"The embedding model returned {hiddenStates.Length} values for a batch of shape [{rows}, {sequenceLength}, {dimensions}].");
        }

        for (var row = 0; row < rows; row++)
        {
            var index = order[offset + row];
            var states = hiddenStates.Slice(row * rowStride, rowStride);
            var vector = new float[dimensions];
            if (_model.Pooling == OnnxPooling.Cls)
            {
                states[..dimensions].CopyTo(vector);
            }
            else
            {
                // Masked mean: padding sits after the real tokens, so the real ones are the first Count rows.
                var tokenCount = tokens[index].Count;
                for (var t = 0; t < tokenCount; t++)
                {
                    TensorPrimitives.Add(vector, states.Slice(t * dimensions, dimensions), vector);
                }

                TensorPrimitives.Divide(vector, tokenCount, vector);
            }

            var norm = TensorPrimitives.Norm(vector);
            if (norm > 0f)
            {
                TensorPrimitives.Divide(vector, norm, vector);
            }

            vectors[index] = vector;
        }
    }
}
