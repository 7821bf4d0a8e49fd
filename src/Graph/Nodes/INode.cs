namespace SocialEconomy.Graph.Nodes;

/// <summary>A node of the graph. Ids are unique across all kinds, so a relationship end or a provenance row needs only the id.</summary>
public interface INode
{
    string Id { get; }

    static abstract NodeKind Kind { get; }
}
