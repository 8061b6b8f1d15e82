using McpMemory.Core.Episodic;
using McpMemory.Storage.Arrow;
using McpMemory.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpMemory.Tests.Storage;

/// <summary>Opens real stores (real ONNX model, real files) in temporary directories.</summary>
internal static class StoreFactory
{
    public static Task<ArrowEpisodeStore> OpenAsync(string directory, ArrowStoreOptions? options = null, IEmbeddingGenerator<string, Embedding<float>>? embedder = null) =>
        ArrowEpisodeStore.OpenAsync(directory, embedder ?? SharedEmbedder.ArcticXs, options ?? new ArrowStoreOptions { IdleCheckpoint = TimeSpan.FromHours(1) }, NullLogger.Instance, TimeProvider.System, TestTimeouts.Token());

    public static Episode Episode(string text, string? conversation = null, string? speaker = null, string? clientId = null, DateTimeOffset? at = null) => new()
    {
        Id = "ep_" + Guid.CreateVersion7().ToString("N"),
        Text = text,
        Speaker = speaker,
        ConversationId = conversation,
        ClientId = clientId,
        Timestamp = at ?? DateTimeOffset.UtcNow,
        RecordedAt = DateTimeOffset.UtcNow,
    };

    /// <summary>Copies a live data directory as a crash would leave it: whatever reached the files, nothing more.</summary>
    public static void CopyCrashImage(string from, string to)
    {
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        }

        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith(".lock", StringComparison.Ordinal) || file.EndsWith(".sock", StringComparison.Ordinal))
            {
                continue;
            }

            using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var target = File.Create(file.Replace(from, to, StringComparison.Ordinal));
            source.CopyTo(target);
        }
    }
}
