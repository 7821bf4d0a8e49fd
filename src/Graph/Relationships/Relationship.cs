using System.Text.Json;
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

    /// <summary>RUNS and TAKES_PART_IN: the part played, from a fixed vocabulary (its source's wording is <see cref="Role"/>).</summary>
    public ParticipationRole? RoleKind { get; set; }

    /// <summary>The part played in its source's words, e.g. "service provider (Nonprofit/NGO)", or the nature of a partnership.</summary>
    public string? Role { get; set; }

    /// <summary>FUNDS: the amount, in <see cref="Currency"/>.</summary>
    public decimal? Amount { get; set; }

    public string? Currency { get; set; }

    public int? Year { get; set; }

    public FundingInstrument? Instrument { get; set; }

    /// <summary>REPORTS: the direction of the effect found on the outcome.</summary>
    public Effect? Effect { get; set; }

    /// <summary>REPORTS: true where the source names the outcome as the study's primary (main, pre-specified) one.</summary>
    public bool? Primary { get; set; }

    /// <summary>REPORTS: the size of the effect as the source reports it, with its measure and interval.</summary>
    public string? EffectSize { get; set; }

    /// <summary>REPORTS: whether the source reports the effect as statistically significant.</summary>
    public bool? Significant { get; set; }

    public string? Note { get; set; }

    /// <summary>
    /// For a relationship derived by a crosswalk rather than stated by a source: the rule that made it
    /// ("crosswalk-file-id/rule-id"). Null for a stated relationship.
    /// </summary>
    public string? Rule { get; set; }

    /// <summary>With <see cref="Rule"/>: the dataset's own value the rule read, e.g. the policy sector "Homelessness".</summary>
    public string? ReadValue { get; set; }
}

public enum RelationshipType
{
    /// <summary>Organisation runs a model: operates it or delivers its service.</summary>
    Runs,

    /// <summary>
    /// Organisation takes part in a model without delivering it: invests in it, pays for its outcomes, manages or
    /// evaluates it (its <see cref="Relationship.RoleKind"/> says which).
    /// </summary>
    TakesPartIn,

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

/// <summary>
/// The parts an organisation plays in a model. <see cref="Operator"/> and <see cref="ServiceProvider"/> deliver it
/// (RUNS); the others take part without delivering (TAKES_PART_IN).
/// </summary>
public enum ParticipationRole
{
    /// <summary>Is organised as the model and runs it as its own business: a worker co-operative, a community shop.</summary>
    Operator,

    /// <summary>Delivers the service under the model, alone or in a consortium.</summary>
    ServiceProvider,

    /// <summary>Puts capital at risk: social investors, funds, banks.</summary>
    Investor,

    /// <summary>Pays for outcomes achieved: a department, a local authority, an outcomes fund.</summary>
    OutcomePayer,

    /// <summary>Commissions or procures the service (without paying by outcomes).</summary>
    Commissioner,

    /// <summary>Designs, arranges or manages the partnership: performance management, fund management, advice.</summary>
    Intermediary,

    /// <summary>Evaluates the model independently.</summary>
    Evaluator,

    /// <summary>Supports or spreads the model without running it: a federation, a franchise network, an advocate.</summary>
    Network,

    /// <summary>
    /// Backs an investor (a fund) that put capital into the model: its money reached the model indirectly, through that
    /// investor, so it is not the model's own funding.
    /// </summary>
    IndirectInvestor,
}

public static class ParticipationRoles
{
    /// <summary>Whether the role delivers the model (a RUNS relationship) rather than only taking part in it.</summary>
    public static bool Delivers(this ParticipationRole role) => role is ParticipationRole.Operator or ParticipationRole.ServiceProvider;

    public static RelationshipType RelationshipType(this ParticipationRole role) =>
        role.Delivers() ? Relationships.RelationshipType.Runs : Relationships.RelationshipType.TakesPartIn;

    /// <summary>The roles as the seed data and the API write them: SERVICE_PROVIDER, INDIRECT_INVESTOR...</summary>
    public static IReadOnlyDictionary<string, ParticipationRole> ByName { get; } =
        Enum.GetValues<ParticipationRole>().ToDictionary(r => JsonNamingPolicy.SnakeCaseUpper.ConvertName(r.ToString()), StringComparer.Ordinal);
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
