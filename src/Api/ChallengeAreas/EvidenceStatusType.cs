using GraphQL.Types;
using SocialEconomy.Api.GraphViews;
using SocialEconomy.Api.Loading;
using SocialEconomy.Api.Models;
using SocialEconomy.Api.Provenance;
using SocialEconomy.Api.Relay;
using SocialEconomy.Api.Schema;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Verdicts;

namespace SocialEconomy.Api.ChallengeAreas;

/// <summary>
/// What the graph holds as evidence about an area and the areas beneath it, counted by design, strength and the
/// verdicts of the area's models, with what curators know that the counts cannot say.
/// </summary>
public sealed record AreaEvidenceStatus(
    ChallengeArea Area,
    int EvidenceCount,
    IReadOnlyList<(StudyDesign Design, int Count)> ByDesign,
    IReadOnlyList<(EvidenceScale Scale, int Level, int Count)> ByRating,
    int ModelCount,
    IReadOnlyList<(Verdict Verdict, int Count)> ModelsByVerdict);

public sealed class EvidenceStatusType : ObjectGraphType<AreaEvidenceStatus>
{
    public EvidenceStatusType()
    {
        Name = "EvidenceStatus";
        Description = "What the graph holds as evidence about an area and the areas beneath it: counts by design and strength, the verdicts of its models, and a curated statement where the evidence is known to be thin or absent.";
        Field<NonNullGraphType<IntGraphType>>("evidenceCount").Description("Evidence items about the area or an area beneath it.").Resolve(c => c.Source.EvidenceCount);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DesignCountType>>>>("byDesign")
            .Description("Those items per study design, most first.").Resolve(c => c.Source.ByDesign);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RatingLevelCountType>>>>("byRating")
            .Description("Those items a curator has rated, per scale and level of the rating, strongest first on each scale; evidenceCount less their sum is the documents nobody has appraised yet.").Resolve(c => c.Source.ByRating);
        Field<NonNullGraphType<IntGraphType>>("modelCount").Description("Models that address the area or an area beneath it.").Resolve(c => c.Source.ModelCount);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<VerdictCountType>>>>("modelsByVerdict")
            .Description("Those models per verdict here: by the rule model-verdict/2 on the appraised evidence about this area or an area beneath it that evaluates each (a model no such evidence evaluates counts as INSUFFICIENT_EVIDENCE), what works first.").Resolve(c => c.Source.ModelsByVerdict);
        Field<StringGraphType>("statement")
            .Description("What curators know about the area's evidence where it is thin or absent, as its sources say; null where none is recorded.")
            .Resolve(c => c.Source.Area.EvidenceStatement);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SourceType>>>>("statementSources")
            .Description("The sources the statement rests on; empty without a statement.")
            .Resolve(c =>
            {
                var reader = c.Reader();
                return LoadedList.Of(NameList.Split(c.Source.Area.EvidenceStatementSources).Select(reader.ById<Source>)).Then(sources => sources.OfType<Source>().ToList());
            });
    }
}

public sealed class DesignCountType : ObjectGraphType<(StudyDesign Design, int Count)>
{
    public DesignCountType()
    {
        Name = "DesignCount";
        Description = "How many evidence items have a study design.";
        Field<NonNullGraphType<StudyDesignType>>("design").Description("The design.").Resolve(c => c.Source.Design);
        Field<NonNullGraphType<IntGraphType>>("count").Description("How many items.").Resolve(c => c.Source.Count);
    }
}

public sealed class RatingLevelCountType : ObjectGraphType<(EvidenceScale Scale, int Level, int Count)>
{
    public RatingLevelCountType()
    {
        Name = "RatingLevelCount";
        Description = "How many evidence items are rated at a level of a scale.";
        Field<NonNullGraphType<EvidenceScaleType>>("scale").Description("The scale.").Resolve(c => c.Source.Scale);
        Field<NonNullGraphType<IntGraphType>>("level").Description("The level on that scale.").Resolve(c => c.Source.Level);
        Field<NonNullGraphType<IntGraphType>>("count").Description("How many items.").Resolve(c => c.Source.Count);
    }
}

public sealed class VerdictCountType : ObjectGraphType<(Verdict Verdict, int Count)>
{
    public VerdictCountType()
    {
        Name = "VerdictCount";
        Description = "How many models have a verdict.";
        Field<NonNullGraphType<VerdictType>>("verdict").Description("The verdict.").Resolve(c => c.Source.Verdict);
        Field<NonNullGraphType<IntGraphType>>("count").Description("How many models.").Resolve(c => c.Source.Count);
    }
}
