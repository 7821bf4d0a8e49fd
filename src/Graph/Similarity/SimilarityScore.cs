namespace SocialEconomy.Graph.Similarity;

/// <summary>How similar two models are: the published formula, its weights, and the score of one comparison.</summary>
public static class SimilarityScore
{
    public const string Formula =
        "score = 0.35 × J(challenge areas) + 0.25 × J(outcomes) + 0.15 × J(funders) + 0.10 × (same family ? 1 : 0) + 0.15 × (best evidence level ÷ 5), "
        + "where J(X) = |shared| ÷ |in either model| (0 when neither has any), the funders of a model are those that fund it or an organisation that runs it, "
        + "and the best evidence level is the highest rating level (capped at 5, 0 without evidence) among the evidence that evaluates the compared model";

    private const double AreaWeight = 0.35;
    private const double OutcomeWeight = 0.25;
    private const double FunderWeight = 0.15;
    private const double FamilyWeight = 0.10;
    private const double EvidenceWeight = 0.15;

    /// <summary>
    /// The score of one comparison as <see cref="Formula"/> states it, term by term in the order (and so with the
    /// rounding) of the SQL statement that computed it before; the best evidence level as stored, capped here.
    /// </summary>
    public static double Of(double areaOverlap, double outcomeOverlap, double funderOverlap, bool sameFamily, int? bestEvidenceLevel) =>
        AreaWeight * areaOverlap + OutcomeWeight * outcomeOverlap + FunderWeight * funderOverlap + FamilyWeight * (sameFamily ? 1.0 : 0.0)
        + EvidenceWeight * (bestEvidenceLevel is not { } level ? 0.0 : level > 5 ? 5.0 : level) / 5;
}
