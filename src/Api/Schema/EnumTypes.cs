using GraphQL.Types;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;

namespace SocialEconomy.Api.Schema;

public sealed class ModelFamilyType : EnumerationGraphType<ModelFamily>
{
    public ModelFamilyType()
    {
        Name = "ModelFamily";
        Description = "The family a model belongs to. SERVICE_MODEL is a way of delivering a service (e.g. Housing First) that organisations of any family may run.";
    }
}

public sealed class FunderKindType : EnumerationGraphType<FunderKind>
{
    public FunderKindType()
    {
        Name = "FunderKind";
        Description = "What kind of body a funder is.";
    }
}

public sealed class StudyDesignType : EnumerationGraphType<StudyDesign>
{
    public StudyDesignType()
    {
        Name = "StudyDesign";
        Description = "How a piece of evidence was produced: a randomised trial, a comparison-group study, a review, a case study...";
    }
}

public sealed class EvidenceScaleType : EnumerationGraphType<EvidenceScale>
{
    public EvidenceScaleType()
    {
        Name = "EvidenceScale";
        Description = "A named scale of evidence strength: NESTA (Nesta Standards of Evidence 1-5), FOUNDATIONS (Foundations Guidebook, formerly EIF), MARYLAND_SMS (Maryland Scientific Methods Scale 1-5).";
    }
}

public sealed class FundingInstrumentType : EnumerationGraphType<FundingInstrument>
{
    public FundingInstrumentType()
    {
        Name = "FundingInstrument";
        Description = "How money was given: grant, loan, equity, outcomes payment, community shares, contract.";
    }
}

public sealed class EffectType : EnumerationGraphType<Effect>
{
    public EffectType()
    {
        Name = "Effect";
        Description = "The direction of an effect a study found on an outcome.";
    }
}

public sealed class OrganisationStatusType : EnumerationGraphType<OrganisationStatus>
{
    public OrganisationStatusType()
    {
        Name = "OrganisationStatus";
        Description = "Whether an organisation still exists, as its register or another source says.";
        var meanings = new Dictionary<OrganisationStatus, string>
        {
            [OrganisationStatus.Active] = "It exists and is registered as active.",
            [OrganisationStatus.Dissolved] = "It has been dissolved or removed from its register.",
        };
        foreach (var value in Values)
        {
            value.Description = meanings[(OrganisationStatus)value.Value!];
        }
    }
}

public sealed class ParticipationRoleType : EnumerationGraphType<ParticipationRole>
{
    public ParticipationRoleType()
    {
        Name = "ParticipationRole";
        Description = "The part an organisation plays in a model. OPERATOR and SERVICE_PROVIDER run the model (RUNS); the others take part without delivering it (TAKES_PART_IN).";
        var meanings = new Dictionary<ParticipationRole, string>
        {
            [ParticipationRole.Operator] = "Is organised as the model and runs it as its own business: a worker co-operative, a community shop.",
            [ParticipationRole.ServiceProvider] = "Delivers the service under the model, alone or in a consortium.",
            [ParticipationRole.Investor] = "Puts capital at risk: social investors, funds, banks.",
            [ParticipationRole.OutcomePayer] = "Pays for outcomes achieved: a department, a local authority, an outcomes fund.",
            [ParticipationRole.Commissioner] = "Commissions or procures the service (without paying by outcomes).",
            [ParticipationRole.Intermediary] = "Designs, arranges or manages the partnership: performance management, fund management, advice.",
            [ParticipationRole.Evaluator] = "Evaluates the model independently.",
            [ParticipationRole.Network] = "Supports or spreads the model without running it: a federation, a franchise network, an advocate.",
            [ParticipationRole.IndirectInvestor] = "Backs an investor (a fund) that put capital into the model: its money reached the model through that investor and is not counted as the model's funding.",
        };
        foreach (var value in Values)
        {
            value.Description = meanings[(ParticipationRole)value.Value!];
        }
    }
}
