using GraphQL.Types;
using SocialEconomy.Api.Evidence;
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
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ModelType>>>>("models").Description("Models that address this area (this area only; use descendants or the 'within' filter for sub-areas).")
            .Resolve(c => c.Reader().Related<Model>(c.Source.Id, RelationshipType.Addresses, Direction.Incoming));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrganisationType>>>>("organisations").Description("Organisations that work in this area.")
            .Resolve(c => c.Reader().Related<Organisation>(c.Source.Id, RelationshipType.WorksIn, Direction.Incoming));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OutcomeType>>>>("outcomes").Description("Outcomes that belong to this area.")
            .Resolve(c => c.Reader().Related<Outcome>(c.Source.Id, RelationshipType.OutcomeIn, Direction.Incoming));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EvidenceType>>>>("evidence").Description("Evidence about this area.")
            .Resolve(c => c.Reader().Related<EvidenceItem>(c.Source.Id, RelationshipType.EvidenceIn, Direction.Incoming));
    }
}
