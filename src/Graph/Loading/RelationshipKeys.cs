using SocialEconomy.Graph.Relationships;

namespace SocialEconomy.Graph.Loading;

/// <summary>Natural keys of relationships: the same fact read twice gets the same key, so loading it twice changes nothing.</summary>
public static class RelationshipKeys
{
    public static string For(Relationship relationship) => relationship.Type switch
    {
        // A funder may fund the same recipient several times: the year and instrument tell the fundings apart.
        RelationshipType.Funds => $"{relationship.Type}:{relationship.FromId}->{relationship.ToId}:{relationship.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}:{relationship.Instrument}",
        // One organisation may play several parts in one model (provider and investor): one relationship each.
        RelationshipType.Runs or RelationshipType.TakesPartIn when relationship.RoleKind is { } role => $"{relationship.Type}:{relationship.FromId}->{relationship.ToId}:{role}",
        _ => $"{relationship.Type}:{relationship.FromId}->{relationship.ToId}",
    };
}
