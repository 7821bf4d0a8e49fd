using SocialEconomy.Graph.Nodes;

namespace SocialEconomy.Graph.Relationships;

/// <summary>
/// How many different nodes of <see cref="FarKind"/> one node reaches along relationships of <see cref="Type"/> read
/// in <see cref="Direction"/>: the length of that related list, kept by every load (<see cref="RelationshipCounts"/>).
/// A node with none has no row.
/// </summary>
public sealed class RelationshipCount
{
    public required string NodeId { get; set; }

    public RelationshipType Type { get; set; }

    /// <summary>Outgoing and Incoming for every type; Either only for types that may join two nodes of one kind.</summary>
    public Direction Direction { get; set; }

    public NodeKind FarKind { get; set; }

    public int Count { get; set; }
}
