namespace SocialEconomy.Graph.Nodes;

/// <summary>Who pays: foundations, social investors, outcomes funds, lotteries, public bodies.</summary>
public sealed class Funder : INode
{
    public static NodeKind Kind => NodeKind.Funder;

    public required string Id { get; set; }

    public string Origin { get; set; } = "";

    public required string Name { get; set; }

    public FunderKind FunderKind { get; set; }

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
