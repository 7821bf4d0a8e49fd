namespace SocialEconomy.Graph.Nodes;

/// <summary>A co-operative, mutual, social enterprise, charity, public body or company.</summary>
public sealed class Organisation : INode
{
    public static NodeKind Kind => NodeKind.Organisation;

    public required string Id { get; set; }

    public string Origin { get; set; } = "";

    public required string Name { get; set; }

    public string? LegalForm { get; set; }

    public string? Region { get; set; }

    public string? Place { get; set; }

    public string? Website { get; set; }

    public string? Description { get; set; }

    public List<OrganisationIdentifier> Identifiers { get; set; } = [];
}

/// <summary>A registered identifier, with an org-id.guide scheme such as GB-COH, GB-CHC or GB-MPR.</summary>
public sealed class OrganisationIdentifier
{
    public required string OrganisationId { get; set; }

    public required string Scheme { get; set; }

    public required string Value { get; set; }
}
