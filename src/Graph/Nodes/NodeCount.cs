namespace SocialEconomy.Graph.Nodes;

/// <summary>How many nodes of a kind the store holds, kept in step by every load (<see cref="NodeCounts"/>).</summary>
public sealed class NodeCount
{
    public NodeKind Kind { get; set; }

    public int Count { get; set; }
}
