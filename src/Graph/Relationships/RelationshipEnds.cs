using SocialEconomy.Graph.Nodes;

namespace SocialEconomy.Graph.Relationships;

/// <summary>
/// The kinds of node each relationship type joins: what the loader accepts, and what lets a traversal read only the
/// relationship types a node can have.
/// </summary>
public static class RelationshipEnds
{
    private static readonly Dictionary<RelationshipType, (NodeKind[] From, NodeKind[] To)> Ends = new()
    {
        [RelationshipType.Runs] = ([NodeKind.Organisation], [NodeKind.Model]),
        [RelationshipType.TakesPartIn] = ([NodeKind.Organisation], [NodeKind.Model]),
        [RelationshipType.WorksIn] = ([NodeKind.Organisation], [NodeKind.ChallengeArea]),
        [RelationshipType.PartnersWith] = ([NodeKind.Organisation], [NodeKind.Organisation]),
        [RelationshipType.Funds] = ([NodeKind.Funder], [NodeKind.Organisation, NodeKind.Model]),
        [RelationshipType.Addresses] = ([NodeKind.Model], [NodeKind.ChallengeArea]),
        [RelationshipType.Targets] = ([NodeKind.Model], [NodeKind.Outcome]),
        [RelationshipType.OutcomeIn] = ([NodeKind.Outcome], [NodeKind.ChallengeArea]),
        [RelationshipType.Evaluates] = ([NodeKind.Evidence], [NodeKind.Model, NodeKind.Organisation]),
        [RelationshipType.EvidenceIn] = ([NodeKind.Evidence], [NodeKind.ChallengeArea]),
        [RelationshipType.Reports] = ([NodeKind.Evidence], [NodeKind.Outcome]),
    };

    /// <summary>The kinds a relationship of <paramref name="type"/> may start from.</summary>
    public static IReadOnlyList<NodeKind> From(RelationshipType type) => Ends[type].From;

    /// <summary>The kinds a relationship of <paramref name="type"/> may end at.</summary>
    public static IReadOnlyList<NodeKind> To(RelationshipType type) => Ends[type].To;

    /// <summary>
    /// Whether relationships of <paramref name="type"/> may end at a kind other than <paramref name="kind"/>, so that a
    /// read of those ending at <paramref name="kind"/> must ask the kind. Where they may not, leaving it out lets the store
    /// answer from the (FromId, Type, ToId) index alone, without reading each relationship's row: the loader refuses
    /// any other end.
    /// </summary>
    public static bool MayEndAtOtherThan(RelationshipType type, NodeKind kind) => To(type) is not [var only] || only != kind;

    /// <summary>Whether relationships of <paramref name="type"/> may start from a kind other than <paramref name="kind"/>; see <see cref="MayEndAtOtherThan"/>.</summary>
    public static bool MayStartFromOtherThan(RelationshipType type, NodeKind kind) => From(type) is not [var only] || only != kind;

    public static bool Allows(RelationshipType type, NodeKind from, NodeKind to) =>
        Ends[type].From.Contains(from) && Ends[type].To.Contains(to);
}
