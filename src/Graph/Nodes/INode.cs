namespace SocialEconomy.Graph.Nodes;

/// <summary>A node of the graph. Ids are unique across all kinds, so a relationship end or a provenance row needs only the id.</summary>
public interface INode
{
    string Id { get; }

    /// <summary>The dataset that created the node (see <see cref="Loading.GraphOrigins"/>); it owns the node's values.</summary>
    string Origin { get; set; }

    static abstract NodeKind Kind { get; }
}
