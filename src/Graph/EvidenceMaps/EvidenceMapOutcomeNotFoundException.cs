namespace SocialEconomy.Graph.EvidenceMaps;

/// <summary>An outcome named as a column of a map is not in the graph (it may have been removed).</summary>
/// <param name="position">Where the outcome is in the columns asked for, from 0.</param>
public sealed class EvidenceMapOutcomeNotFoundException(int position)
    : Exception($"The outcome at position {position} of the map's columns is not in the graph.")
{
    public int Position { get; } = position;
}
