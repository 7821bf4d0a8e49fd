namespace SocialEconomy.Graph.Nodes;

/// <summary>A co-operative, mutual, social enterprise, charity, public body or company.</summary>
public sealed class Organisation : INode
{
    public static NodeKind Kind => NodeKind.Organisation;

    public required string Id { get; set; }

    public string Origin { get; set; } = "";

    public required string Name { get; set; }

    /// <summary>Former names, one per line (see <see cref="NameList"/>), e.g. before a rebranding.</summary>
    public string? FormerNames { get; set; }

    /// <summary>Other names it is known by, one per line: a trading name, an acronym.</summary>
    public string? AlternativeNames { get; set; }

    public string? LegalForm { get; set; }

    /// <summary>Whether it still exists, as its register or another source says; null when no source says.</summary>
    public OrganisationStatus? Status { get; set; }

    public DateOnly? IncorporatedOn { get; set; }

    public DateOnly? DissolvedOn { get; set; }

    /// <summary>The sector its source classifies it in, in the source's words (Co-operatives UK: "Housing", "Retail"...).</summary>
    public string? Sector { get; set; }

    /// <summary>UK SIC 2007 code of its main activity, as the register gives it, e.g. "87300".</summary>
    public string? SicCode { get; set; }

    public string? SicDescription { get; set; }

    /// <summary>
    /// In England the ONS region (ITL1, e.g. "North East"); elsewhere the nation ("Scotland", "Wales", "Northern
    /// Ireland"). Derived from the postcode where a source gives one (see <see cref="RegionRule"/>).
    /// </summary>
    public string? Region { get; set; }

    /// <summary>Set when the region was assigned by a rule rather than read: says which rule, e.g. for a postcode area spanning regions.</summary>
    public string? RegionRule { get; set; }

    /// <summary>England, Scotland, Wales or Northern Ireland.</summary>
    public string? Nation { get; set; }

    public string? Postcode { get; set; }

    public string? Place { get; set; }

    public string? Website { get; set; }

    public string? Description { get; set; }

    public List<OrganisationIdentifier> Identifiers { get; set; } = [];
}

public enum OrganisationStatus
{
    Active,
    Dissolved,
}

/// <summary>A registered identifier, with an org-id.guide scheme such as GB-COH, GB-CHC or GB-MPR.</summary>
public sealed class OrganisationIdentifier
{
    public required string OrganisationId { get; set; }

    public required string Scheme { get; set; }

    public required string Value { get; set; }
}
