using System.Text.Json;
using McpMemory.Core.Episodic;

namespace McpMemory.Server.Eval;

/// <summary>How a LoCoMo turn becomes a memory record: one record per turn, in its own conversation.</summary>
internal static class LocomoRecords
{
    public static string ClientId(string conversation, string diaId) => $"{conversation}/{diaId}";

    public static EpisodeInput ToInput(string conversation, LocomoTurn turn) => new()
    {
        Text = turn.StoredText,
        Speaker = turn.Speaker,
        Timestamp = turn.Timestamp.ToString("O"),
        ConversationId = conversation,
        SessionId = $"session_{turn.Session}",
        ClientId = ClientId(conversation, turn.DiaId),
        Metadata = JsonSerializer.SerializeToElement(new Dictionary<string, string?> { ["dia_id"] = turn.DiaId, ["image_caption"] = turn.ImageCaption }),
    };
}
