using GraphQL.Types;
using SocialEconomy.Api.ChallengeAreas;
using SocialEconomy.Api.Evidence;
using SocialEconomy.Api.Facets;
using SocialEconomy.Api.Filtering;
using SocialEconomy.Api.Provenance;
using SocialEconomy.Api.Loading;
using SocialEconomy.Api.Models;
using SocialEconomy.Api.Relationships;
using SocialEconomy.Api.Relay;
using SocialEconomy.Api.Sorting;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Api.Compiling;
using SocialEconomy.Graph.Compiling;

namespace SocialEconomy.Api.Outcomes;

public sealed class OutcomeType : NodeGraphType<Outcome>
{
    public OutcomeType()
        : base("Outcome", "What changes for people: a sustained tenancy, placement stability, fewer A&E attendances...")
    {
        Field(o => o.Name).Description("The outcome's name.");
        Field(o => o.Description, nullable: true).Description("How it is defined or measured.");
        RelatedList<ChallengeArea, ChallengeAreaType, ConnectionType<ChallengeAreaType>>("challengeAreas", "Challenge areas it belongs to.", RelationshipType.OutcomeIn, Direction.Outgoing);
        RelatedList<Model, ModelType, ModelConnectionType>("models", "Models that aim to change it.", RelationshipType.Targets, Direction.Incoming);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FindingType>>>>("findings").Description("What evidence found on this outcome.")
            .Resolve(c => c.Reader().Relationships(c.Source.Id, RelationshipType.Reports, Direction.Incoming))
            .ReadsAhead(new RelationshipsOf([RelationshipType.Reports], Direction.Incoming));
        RelatedList<EvidenceItem, EvidenceType, EvidenceConnectionType>("evidence", "Evidence that reports on this outcome.", RelationshipType.Reports, Direction.Incoming);
    }
}

public static class OutcomeFilter
{
    public static readonly FilterDefinition<Outcome> Definition = new FilterDefinition<Outcome>()
        .String("key", o => o.Id, "The readable key, e.g. \"housing-first\".")
        .String("name", o => o.Name, "The outcome's name.")
        .String("description", o => o.Description, "Its description.")
        .Related<ChallengeArea, ChallengeAreaFilterInputType>("challengeAreas", RelationshipType.OutcomeIn, Direction.Outgoing, () => ChallengeAreaFilter.Definition, "Challenge areas it belongs to.")
        .Related<Model, ModelFilterInputType>("models", RelationshipType.Targets, Direction.Incoming, () => ModelFilter.Definition, "Models that aim to change it.")
        .Related<EvidenceItem, EvidenceFilterInputType>("evidence", RelationshipType.Reports, Direction.Incoming, () => EvidenceFilter.Definition, "Evidence that reports on it.")
        .Relationships<FindingFilterInputType>("findings", RelationshipType.Reports, Direction.Incoming, () => FindingFilter.Definition, "What evidence found on it.")
        .String("origin", o => o.Origin, "The dataset that created the record: seed, indigo or coops-uk.")
        .Provenance(typeof(SourceFilterInputType), () => SourceFilter.Definition);
}

public sealed class OutcomeFilterInputType() : FilterInputType<Outcome>("OutcomeFilterInput", "Conditions on outcomes.", OutcomeFilter.Definition);

public static class OutcomeSort
{
    public static readonly SortDefinition<Outcome> Definition = new SortDefinition<Outcome>()
        .By("name", o => o.Name, "By name.")
        .By<int>("evidenceCount", db => o => db.Relationships.Count(r => r.Type == RelationshipType.Reports && r.ToId == o.Id), "By the number of findings on it.");
}

public sealed class OutcomeSortInputType() : SortInputType<Outcome>("OutcomeSortInput", "Orders outcomes.", OutcomeSort.Definition);
