using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;

namespace SocialEconomy.Graph.Compiling;

/// <summary>
/// What a statement reads beside each row of the read that holds it: a list, a count or a record of the row's, each
/// with reads of its own beside its rows (<see cref="Children"/>). A tree of them is a document's selection compiled
/// into one statement (see <see cref="PageStatement"/>).
/// </summary>
public abstract record NestedRead
{
    public IReadOnlyList<NestedRead> Children { get; init; } = [];

    /// <summary>What the read reads, children aside: two reads with the same key read the same rows.</summary>
    public abstract string Key { get; }
}

/// <summary>The records at the far end of the row's relationships of one type: a node's related list.</summary>
public sealed record RelatedNodes(RelationshipType Type, Direction Direction, NodeKind Kind) : NestedRead
{
    public override string Key => $"related:{Type}:{Direction}:{Kind}";
}

/// <summary>How many records <see cref="RelatedNodes"/> of the same type, direction and kind would list.</summary>
public sealed record RelatedCount(RelationshipType Type, Direction Direction, NodeKind Kind) : NestedRead
{
    public override string Key => $"related-count:{Type}:{Direction}:{Kind}";
}

/// <summary>The row's relationships of some types themselves (fundings, findings, participations), in the order they were stored.</summary>
public sealed record RelationshipsOf(IReadOnlyList<RelationshipType> Types, Direction Direction) : NestedRead
{
    public override string Key => $"relationships:{string.Join(",", Types)}:{Direction}";
}

/// <summary>
/// The record of <paramref name="Kind"/> whose id the row holds in <paramref name="Property"/>: a relationship's end
/// (FromId, ToId), an area's parent (ParentId), a funder's organisation (OrganisationId).
/// </summary>
public sealed record RecordByProperty(string Property, NodeKind Kind) : NestedRead
{
    public override string Key => $"by-property:{Property}:{Kind}";
}

/// <summary>The sources of the row, a node.</summary>
public sealed record NodeSources : NestedRead
{
    public override string Key => "node-sources";
}

/// <summary>The sources of the row, a relationship.</summary>
public sealed record RelationshipSources : NestedRead
{
    public override string Key => "relationship-sources";
}

/// <summary>The registered identifiers of the row, an organisation, by scheme then value.</summary>
public sealed record OrganisationIdentifiers : NestedRead
{
    public override string Key => "identifiers";
}
