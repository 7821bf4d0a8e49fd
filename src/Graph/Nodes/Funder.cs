namespace SocialEconomy.Graph.Nodes;

/// <summary>Who pays: foundations, social investors, outcomes funds, lotteries, public bodies.</summary>
public sealed class Funder : INode
{
    public static NodeKind Kind => NodeKind.Funder;

    public required string Id { get; set; }

    public string Origin { get; set; } = "";

    public required string Name { get; set; }

    /// <summary>Former names, one per line (see <see cref="NameList"/>).</summary>
    public string? FormerNames { get; set; }

    /// <summary>Other names it is known by, one per line.</summary>
    public string? AlternativeNames { get; set; }

    public FunderKind FunderKind { get; set; }

    /// <summary>
    /// The organisation record of the same body, for a funder that also acts (a department that pays for outcomes and
    /// is a party to contracts): one body, seen from its money and from its work.
    /// </summary>
    public string? OrganisationId { get; set; }

    public string? Website { get; set; }

    public string? Description { get; set; }
}

public enum FunderKind
{
    Foundation,
    SocialInvestor,
    OutcomesFund,
    Lottery,
    DormantAssets,
    LocalAuthority,
    Nhs,
    Government,
    Bank,
    Other,
}
