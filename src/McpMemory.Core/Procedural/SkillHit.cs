namespace McpMemory.Core.Procedural;

/// <summary>One skill found by a search, and why it ranks where it does.</summary>
/// <param name="Skill">The skill (its latest version).</param>
/// <param name="Score">The final score: relevance mixed with the success rate.</param>
/// <param name="Relevance">The search score relative to the best candidate's (0 to 1).</param>
/// <param name="Stats">Its outcomes and success rate.</param>
/// <param name="DenseRank">1-based rank by meaning, or null.</param>
/// <param name="KeywordRank">1-based rank by keywords, or null.</param>
public sealed record SkillHit(Skill Skill, double Score, double Relevance, SkillStats Stats, int? DenseRank, int? KeywordRank);
