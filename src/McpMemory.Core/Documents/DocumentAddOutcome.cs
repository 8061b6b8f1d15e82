namespace McpMemory.Core.Documents;

/// <summary>What <c>document_add</c> did.</summary>
/// <param name="Document">The stored document: the new one, or the one already there.</param>
/// <param name="Created">False when the same text from the same source was there already; nothing changed.</param>
public sealed record DocumentAddOutcome(DocumentInfo Document, bool Created);
