namespace SocialEconomy.Graph.Nodes;

/// <summary>A way of organising or delivering a service: a co-operative form, an outcomes partnership, Housing First...</summary>
public sealed class Model : INode
{
    public static NodeKind Kind => NodeKind.Model;

    public required string Id { get; set; }

    public string Origin { get; set; } = "";

    public required string Name { get; set; }

    /// <summary>Other names it is known by, one per line (see <see cref="NameList"/>).</summary>
    public string? AlternativeNames { get; set; }

    public ModelFamily Family { get; set; }

    public string? Subtype { get; set; }

    public string? Description { get; set; }

    /// <summary>The policy sector(s) its source classifies it in, in the source's words (INDIGO: "Homelessness; Health").</summary>
    public string? Sector { get; set; }
}

public enum ModelFamily
{
    CoOperative,
    Mutual,
    SocialEnterprise,
    CommunityBusiness,
    Charity,
    OutcomesPartnership,
    EmployeeOwned,

    /// <summary>A way of delivering a service (e.g. Housing First) that organisations of any family may run.</summary>
    ServiceModel,
}
