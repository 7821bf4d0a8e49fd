namespace SocialEconomy.Graph.Similarity;

/// <summary>A model similar to the one compared with, its score, and what they share.</summary>
public sealed record ComparableModel(string ModelId, double Score, SimilarityReasons Reasons);

/// <summary>The terms of a similarity score: the keys shared in each dimension, and how the compared model's evidence counts.</summary>
public sealed record SimilarityReasons(
    IReadOnlyList<string> ChallengeAreaIds, IReadOnlyList<string> OutcomeIds, IReadOnlyList<string> FunderIds,
    bool SameFamily, int? BestEvidenceLevel, double ChallengeAreaOverlap, double OutcomeOverlap, double FunderOverlap);
