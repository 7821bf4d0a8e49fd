using GraphQL;
using GraphQL.Types;
using SocialEconomy.Api.ChallengeAreas;
using SocialEconomy.Api.Facets;
using SocialEconomy.Api.Filtering;
using SocialEconomy.Api.GraphViews;
using SocialEconomy.Api.Provenance;
using SocialEconomy.Api.Loading;
using SocialEconomy.Api.Models;
using SocialEconomy.Api.Organisations;
using SocialEconomy.Api.Outcomes;
using SocialEconomy.Api.Relationships;
using SocialEconomy.Api.Relay;
using SocialEconomy.Api.Schema;
using SocialEconomy.Api.Sorting;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Api.Compiling;
using SocialEconomy.Graph.Compiling;

namespace SocialEconomy.Api.Evidence;

public sealed class EvidenceType : NodeGraphType<EvidenceItem>
{
    public EvidenceType()
        : base("Evidence", "A publication about what works: an evaluation, trial, review or case study, with its strength on a named scale.")
    {
        Field(e => e.Title).Description("The publication's title.");
        Field(e => e.Authors, nullable: true).Description("Authors, as credited.");
        Field(e => e.Publisher, nullable: true).Description("Who published it.");
        Field(e => e.Year, nullable: true).Description("Year of publication, when shown.");
        Field(e => e.Url).Description("Where to read it.");
        Field<NonNullGraphType<StudyDesignType>>("design").Description("How the evidence was produced.").Resolve(c => c.Source.Design).ReadsProperties(nameof(EvidenceItem.Design));
        Field(e => e.Summary, nullable: true).Description("What it covers, in a sentence or two.");
        Field(e => e.StudiesPooled, nullable: true).Description("For a review: how many studies it pools or includes, as the review counts them.");
        Field<EvidenceRatingType>("rating")
            .Description("Its strength as the curator appraised it, on a named scale with the reason. Null for a document a dataset lists that nobody has appraised yet: it counts among the studies found, never toward strength or verdicts.")
            .Resolve(c => c.Source.Rating)
            .ReadsProperties(nameof(EvidenceItem.Rating));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EvidenceRatingType>>>>("ratings")
            .Description("Its strength on every named scale it is rated on, each scale's own levels and wording kept: the curator's rating first, then the others (e.g. the Foundations Guidebook's rating of the programme it evaluates) with their sources. Empty when nobody has appraised it.")
            .Resolve(c => c.Source.Rating is { } rating ? [rating, .. c.Source.OtherRatings] : c.Source.OtherRatings)
            .ReadsProperties(nameof(EvidenceItem.Rating), nameof(EvidenceItem.OtherRatings));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FindingType>>>>("findings").Description("What it found, outcome by outcome.")
            .Resolve(c => c.Reader().Relationships(c.Source.Id, RelationshipType.Reports, Direction.Outgoing))
            .ReadsAhead(new RelationshipsOf([RelationshipType.Reports], Direction.Outgoing));
        RelatedList<Model, ModelType, ModelConnectionType>("models", "Models it evaluates.", RelationshipType.Evaluates, Direction.Outgoing);
        RelatedList<Organisation, OrganisationType, OrganisationConnectionType>("organisations", "Organisations whose work it evaluates.", RelationshipType.Evaluates, Direction.Outgoing);
        RelatedList<ChallengeArea, ChallengeAreaType, ConnectionType<ChallengeAreaType>>("challengeAreas", "Challenge areas it is about.", RelationshipType.EvidenceIn, Direction.Outgoing);
        RelatedList<Outcome, OutcomeType, OutcomeConnectionType>("outcomes", "Outcomes it reports on.", RelationshipType.Reports, Direction.Outgoing);
    }
}

public sealed class EvidenceRatingType : ObjectGraphType<EvidenceRating>
{
    public EvidenceRatingType()
    {
        Name = "EvidenceRating";
        Description = "The strength of a piece of evidence on a named scale.";
        Field<NonNullGraphType<EvidenceScaleType>>("scale").Description("The scale the level is on.").Resolve(c => c.Source.Scale);
        Field(r => r.Level).Description("The level on that scale; higher is stronger (NESTA 1-5, FOUNDATIONS 2-4, MARYLAND_SMS 1-5).");
        Field(r => r.Label, nullable: true).Description("The scale's own name for the level, e.g. \"3+\" or \"causation\".");
        Field(r => r.Reason).Description("Why the evidence has this level, in one line.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SourceType>>>>("sources")
            .Description("Where a rating on another scale than the curator's comes from, e.g. the Guidebook's page on the programme; empty for the curator's rating, which rests on the evidence's own sources.")
            .Resolve(c =>
            {
                var reader = c.Reader();
                return LoadedList.Of(c.Source.Sources.Select(reader.ById<Source>)).Then(sources => sources.OfType<Source>().ToList());
            });
    }
}

public static class EvidenceFilter
{
    public static readonly FilterDefinition<EvidenceItem> Rating = new FilterDefinition<EvidenceItem>()
        .Enum<EvidenceScale, EvidenceScaleType>("scale", e => (EvidenceScale?)e.Rating!.Scale, "The scale of the rating.")
        .Int("level", e => (int?)e.Rating!.Level, "The level on that scale.")
        .String("label", e => e.Rating!.Label, "The scale's own name for the level.");

    public static readonly FilterDefinition<EvidenceItem> Definition = new FilterDefinition<EvidenceItem>()
        .String("key", e => e.Id, "The readable key, e.g. \"housing-first\".")
        .String("title", e => e.Title, "The publication's title.")
        .String("authors", e => e.Authors, "Its authors.")
        .String("publisher", e => e.Publisher, "Its publisher.")
        .Int("year", e => e.Year, "Year of publication.")
        .String("url", e => e.Url, "Its address.")
        .Enum<StudyDesign, StudyDesignType>("design", e => e.Design, "How it was produced.")
        .Custom("rating", typeof(EvidenceRatingFilterInputType), "Conditions on the curator's rating, e.g. rating: { level: { gte: 3 } }; evidence nobody has appraised matches no condition on a level.",
            (value, db) => Rating.Build((IDictionary<string, object?>)value, db))
        .Related<Model, ModelFilterInputType>("models", RelationshipType.Evaluates, Direction.Outgoing, () => ModelFilter.Definition, "Models it evaluates.")
        .Related<Organisation, OrganisationFilterInputType>("organisations", RelationshipType.Evaluates, Direction.Outgoing, () => OrganisationFilter.Definition, "Organisations it evaluates.")
        .Related<ChallengeArea, ChallengeAreaFilterInputType>("challengeAreas", RelationshipType.EvidenceIn, Direction.Outgoing, () => ChallengeAreaFilter.Definition, "Challenge areas it is about.")
        .Related<Outcome, OutcomeFilterInputType>("outcomes", RelationshipType.Reports, Direction.Outgoing, () => OutcomeFilter.Definition, "Outcomes it reports on.")
        .Relationships<FindingFilterInputType>("findings", RelationshipType.Reports, Direction.Outgoing, () => FindingFilter.Definition, "What it found, outcome by outcome.")
        .String("origin", e => e.Origin, "The dataset that created the record: seed, indigo or coops-uk.")
        .Provenance(typeof(SourceFilterInputType), () => SourceFilter.Definition);
}

public sealed class EvidenceFilterInputType() : FilterInputType<EvidenceItem>("EvidenceFilterInput", "Conditions on evidence.", EvidenceFilter.Definition);

public sealed class EvidenceRatingFilterInputType()
    : FilterInputType<EvidenceItem>("EvidenceRatingFilterInput", "Conditions on an evidence rating.", EvidenceFilter.Rating);

public static class EvidenceSort
{
    public static readonly SortDefinition<EvidenceItem> Definition = new SortDefinition<EvidenceItem>()
        .By("title", e => e.Title, "By title.")
        .By("year", e => e.Year, "By year of publication (undated last).")
        .By("ratingLevel", e => (int?)e.Rating!.Level, "By the curator's rating level (unappraised last).")
        .By("publisher", e => e.Publisher, "By publisher (unknown last).");
}

public sealed class EvidenceSortInputType() : SortInputType<EvidenceItem>("EvidenceSortInput", "Orders evidence.", EvidenceSort.Definition);
