using SocialEconomy.Graph.Nodes;

namespace SocialEconomy.Graph.Relationships;

/// <summary>
/// A directed, typed edge between two nodes, with the properties its type uses. All edges share one table
/// so that neighbourhoods and paths are one recursive query over one index, whatever the types involved.
/// </summary>
public sealed class Relationship
{
    public long Id { get; set; }

    /// <summary>Natural key (type, ends and distinguishing properties): what makes loading idempotent.</summary>
    public required string Key { get; set; }

    /// <summary>The dataset that first stated the relationship; it owns the relationship's properties.</summary>
    public string Origin { get; set; } = "";

    public RelationshipType Type { get; set; }

    public NodeKind FromKind { get; set; }

    public required string FromId { get; set; }

    public NodeKind ToKind { get; set; }

    public required string ToId { get; set; }

    /// <summary>The part played, e.g. "service provider" on RUNS or the nature of a partnership.</summary>
    public string? Role { get; set; }

    /// <summary>FUNDS: the amount, in <see cref="Currency"/>.</summary>
    public decimal? Amount { get; set; }

    public string? Currency { get; set; }

    public int? Year { get; set; }

    public FundingInstrument? Instrument { get; set; }

    /// <summary>REPORTS: the direction of the effect found on the outcome.</summary>
    public Effect? Effect { get; set; }

    public string? Note { get; set; }
}

public enum RelationshipType
{
    /// <summary>Organisation runs or takes part in a model.</summary>
    Runs,

    /// <summary>Organisation works in a challenge area.</summary>
    WorksIn,

    /// <summary>Organisation works with another organisation.</summary>
    PartnersWith,

    /// <summary>Funder funds an organisation or a model.</summary>
    Funds,

    /// <summary>Model addresses a challenge area.</summary>
    Addresses,

    /// <summary>Model aims to change an outcome.</summary>
    Targets,

    /// <summary>Outcome belongs to a challenge area.</summary>
    OutcomeIn,

    /// <summary>Evidence evaluates a model or an organisation.</summary>
    Evaluates,

    /// <summary>Evidence is about a challenge area.</summary>
    EvidenceIn,

    /// <summary>Evidence reports an effect on an outcome.</summary>
    Reports,
}

public enum FundingInstrument
{
    Grant,
    Loan,
    Equity,
    OutcomesPayment,
    CommunityShares,
    Contract,
    Other,
}

public enum Effect
{
    Positive,
    NoEffect,
    Negative,
    Mixed,
}
