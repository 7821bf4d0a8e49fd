using SocialEconomy.Graph.Nodes;

namespace SocialEconomy.Graph.EvidenceMaps;

/// <summary>Challenge areas (rows) by outcomes (columns), with a cell for every pair, row by row.</summary>
public sealed record EvidenceMap(ChallengeArea? Within, IReadOnlyList<ChallengeArea> Rows, IReadOnlyList<Outcome> Columns, IReadOnlyList<EvidenceMapCell> Cells);

/// <param name="WithoutFinding">The evidence about the row's area (rolled up, beneath it too) that records no finding on any outcome; shared by the row's cells.</param>
public sealed record EvidenceMapCell(
    ChallengeArea Area, Outcome Outcome, bool RolledUp, int EvidenceCount, BestRating? BestRating, EffectCounts Effects, MapModels Models,
    IReadOnlySet<string> WithoutFinding)
{
    public int EvidenceWithoutFindingCount => WithoutFinding.Count;
}

public sealed record BestRating(EvidenceScale Scale, int Level);

public sealed record EffectCounts(int Positive, int NoEffect, int Negative, int Mixed, int Unstated);

/// <summary>Which cells of a map to list.</summary>
public enum EvidenceMapCells
{
    All,
    Evidenced,
    Gaps,
}
