using GraphQL.Types;
using SocialEconomy.Api.Evidence;
using SocialEconomy.Api.Facets;
using SocialEconomy.Api.Filtering;
using SocialEconomy.Api.Loading;
using SocialEconomy.Api.Models;
using SocialEconomy.Api.Organisations;
using SocialEconomy.Api.Outcomes;
using SocialEconomy.Api.Relay;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;

namespace SocialEconomy.Api.ChallengeAreas;

public sealed class ChallengeAreaType : NodeGraphType<ChallengeArea>
{
    public ChallengeAreaType()
        : base("ChallengeArea", "A public-service challenge. Areas form a tree under eight top-level areas.")
    {
        Field(a => a.Name).Description("The area's name.");
        Field(a => a.Description, nullable: true).Description("What the area covers.");
        Field(a => a.Depth).Description("0 for the eight top-level areas, 1 for their sub-areas, and so on.");
        Field<ChallengeAreaType>("parent").Description("The broader area this one belongs to; null at the top.")
            .Resolve(c => c.Source.ParentId is { } parent ? c.Reader().ById<ChallengeArea>(parent) : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ChallengeAreaType>>>>("children").Description("Its direct sub-areas.")
            .Resolve(c => c.Reader().Children(c.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ChallengeAreaType>>>>("ancestors").Description("The areas above it, from the top-level area down to its parent.")
            .Resolve(c => c.Reader().Ancestors(c.Source));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ChallengeAreaType>>>>("descendants").Description("Every area beneath it, at any depth, nearest first.")
            .Resolve(c => c.Reader().Descendants(c.Source));
        RelatedList<Model, ModelType, ModelConnectionType>("models", "Models that address this area (this area only; use descendants or the 'within' filter for sub-areas).", RelationshipType.Addresses, Direction.Incoming);
        RelatedList<Organisation, OrganisationType, OrganisationConnectionType>("organisations", "Organisations that work in this area.", RelationshipType.WorksIn, Direction.Incoming);
        RelatedList<Outcome, OutcomeType, OutcomeConnectionType>("outcomes", "Outcomes that belong to this area.", RelationshipType.OutcomeIn, Direction.Incoming);
        RelatedList<EvidenceItem, EvidenceType, EvidenceConnectionType>("evidence", "Evidence about this area.", RelationshipType.EvidenceIn, Direction.Incoming);
        Field<NonNullGraphType<EvidenceStatusType>>("evidenceStatus")
            .Description("What the graph holds as evidence about this area and the areas beneath it, by design, strength and the verdicts of its models, with a curated statement where the evidence is known to be thin or absent.")
            .Resolve(c => c.Reader().EvidenceStatus(c.Source));
    }
}
