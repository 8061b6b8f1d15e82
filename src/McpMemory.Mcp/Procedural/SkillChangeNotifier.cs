using McpMemory.Mcp.Notifications;
using ModelContextProtocol.Protocol;

namespace McpMemory.Mcp.Procedural;

/// <summary>
/// Announces changes of skills made through this process: a save or a delete changes the prompt list and the resource
/// list (<c>notifications/prompts/list_changed</c>, <c>notifications/resources/list_changed</c>) and the skill's
/// resource (<c>notifications/resources/updated</c> to its subscribers); a recorded outcome changes the resource only.
/// Announcing is best effort: the write is done, so a client that went away never turns it into an error.
/// </summary>
public sealed class SkillChangeNotifier(ChangeNotifier changes)
{
    /// <summary>A skill was saved (a new name or a new version) or deleted.</summary>
    public async Task SkillChangedAsync(string ns, string name, CancellationToken cancellationToken)
    {
        await QuietlyAsync(() => changes.ListChangedAsync(NotificationMethods.PromptListChangedNotification, cancellationToken)).ConfigureAwait(false);
        await QuietlyAsync(() => changes.ListChangedAsync(NotificationMethods.ResourceListChangedNotification, cancellationToken)).ConfigureAwait(false);
        await OutcomeRecordedAsync(ns, name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An outcome of a skill was recorded: its resource (which shows its statistics) changed.</summary>
    public Task OutcomeRecordedAsync(string ns, string name, CancellationToken cancellationToken) =>
        changes.HasNoSubscribers
            ? Task.CompletedTask
            : QuietlyAsync(() => changes.ResourcesUpdatedAsync(new HashSet<string>(StringComparer.Ordinal) { SkillResourceUri.For(ns, name) }, cancellationToken));

    private static async Task QuietlyAsync(Func<Task> send)
    {
        try
        {
            await send().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            _ = ex;
        }
    }
}
