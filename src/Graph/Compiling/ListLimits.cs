using System.Globalization;

namespace SocialEconomy.Graph.Compiling;

/// <summary>
/// How many records each nested list of a statement may give per parent, by how many rows its page turned out to hold
/// and by how deep the list lies: depth 1 is a list of a page row's, depth 2 a list of such a list's records, and so
/// on (a record by property adds no depth). A list reads one more than its limit, to know whether it is longer.
/// </summary>
/// <param name="ByRows">At [n][d - 1], the limit of lists at depth d when the page holds n rows, for every n it can hold.</param>
public sealed record ListLimits(IReadOnlyList<IReadOnlyList<int>> ByRows)
{
    /// <summary>How deep the deepest list lies; 0 when the statement reads no list.</summary>
    public int Depths => ByRows.Count == 0 ? 0 : ByRows[0].Count;

    /// <summary>The limits as text, equal for equal limits: part of a statement's cache key.</summary>
    public string Key => string.Join(",", ByRows.Select(depths => string.Join(".", depths.Select(l => l.ToString(CultureInfo.InvariantCulture)))));
}
