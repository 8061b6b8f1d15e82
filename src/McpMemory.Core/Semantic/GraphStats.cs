namespace McpMemory.Core.Semantic;

/// <summary>Counts of one namespace's knowledge graph.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Entities">Entities.</param>
/// <param name="Relations">Relations.</param>
/// <param name="Facts">Fact versions, current and historical.</param>
/// <param name="CurrentFacts">Fact versions still believed.</param>
/// <param name="Predicates">Declared predicates.</param>
/// <param name="PendingEmbeddings">Entities not yet searchable by meaning.</param>
/// <param name="EmbeddingModel">The model of the entity vectors.</param>
public sealed record GraphStats(string Namespace, int Entities, int Relations, int Facts, int CurrentFacts, int Predicates, int PendingEmbeddings, string? EmbeddingModel);
