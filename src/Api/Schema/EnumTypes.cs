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
