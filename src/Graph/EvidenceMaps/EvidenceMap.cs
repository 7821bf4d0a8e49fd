using SocialEconomy.Graph.Nodes;

namespace SocialEconomy.Graph.EvidenceMaps;

/// <summary>Challenge areas (rows) by outcomes (columns), with a cell for every pair, row by row.</summary>
public sealed record EvidenceMap(ChallengeArea? Within, IReadOnlyList<ChallengeArea> Rows, IReadOnlyList<Outcome> Columns, IReadOnlyList<EvidenceMapCell> Cells)
{
    /// <summary>The cells to list, in the map's order: all of them (the same list), those with evidence, or the gaps.</summary>
    public IReadOnlyList<EvidenceMapCell> CellsOf(EvidenceMapCells include) => include switch
    {
        EvidenceMapCells.Evidenced => Cells.Where(cell => cell.EvidenceCount > 0).ToList(),
        EvidenceMapCells.Gaps => Cells.Where(cell => cell.IsGap).ToList(),
        _ => Cells,
    };

    public int GapCount => Cells.Count(cell => cell.IsGap);
}

/// <param name="WithoutFinding">The evidence about the row's area (rolled up, beneath it too) that records no finding on any outcome; shared by the row's cells.</param>
public sealed record EvidenceMapCell(
    ChallengeArea Area, Outcome Outcome, bool RolledUp, int EvidenceCount, BestRating? BestRating, EffectCounts Effects, MapModels Models,
    IReadOnlySet<string> WithoutFinding)
{
    public int EvidenceWithoutFindingCount => WithoutFinding.Count;

    /// <summary>No evidence reports a finding on the outcome, whatever the area's evidence without finding may hold.</summary>
    public bool IsGap => EvidenceCount == 0;
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
