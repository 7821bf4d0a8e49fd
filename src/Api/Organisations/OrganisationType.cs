using GraphQL.Types;
using SocialEconomy.Api.ChallengeAreas;
using SocialEconomy.Api.Evidence;
using SocialEconomy.Api.Facets;
using SocialEconomy.Api.Filtering;
using SocialEconomy.Api.Funders;
using SocialEconomy.Api.Loading;
using SocialEconomy.Api.Models;
using SocialEconomy.Api.Relationships;
using SocialEconomy.Api.Relay;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;

namespace SocialEconomy.Api.Organisations;

public sealed class OrganisationType : NodeGraphType<Organisation>
{
    public OrganisationType()
        : base("Organisation", "A co-operative, mutual, social enterprise, charity, public body or company.")
    {
        Field(o => o.Name).Description("Registered or common name.");
        Field(o => o.LegalForm, nullable: true).Description("Legal form, e.g. registered society, community interest company, charitable incorporated organisation.");
        Field(o => o.Region, nullable: true).Description("UK nation or English region.");
        Field(o => o.Place, nullable: true).Description("Town, city or local authority.");
        Field(o => o.Website, nullable: true).Description("Web site.");
        Field(o => o.Description, nullable: true).Description("What the organisation does.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdentifierType>>>>("identifiers")
            .Description("Registered identifiers, with org-id.guide schemes (GB-COH, GB-CHC, GB-MPR, ...).")
            .Resolve(c => c.Reader().Identifiers(c.Source.Id));
        RelatedList<Model, ModelType, ModelConnectionType>("models", "Models the organisation runs or takes part in.", RelationshipType.Runs, Direction.Outgoing);
        RelatedList<ChallengeArea, ChallengeAreaType, ConnectionType<ChallengeAreaType>>("challengeAreas", "Challenge areas the organisation works in.", RelationshipType.WorksIn, Direction.Outgoing);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ParticipationType>>>>("participations")
            .Description("The models the organisation takes part in and the role it plays in each, with sources.")
            .Resolve(c => c.Reader().Relationships(c.Source.Id, RelationshipType.Runs, Direction.Outgoing));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FundingType>>>>("fundings")
            .Description("Money the organisation received: funder, amount, year and instrument, with sources.")
            .Resolve(c => c.Reader().Relationships(c.Source.Id, RelationshipType.Funds, Direction.Incoming));
        RelatedList<Funder, FunderType, FunderConnectionType>("funders", "Funders of the organisation (see fundings for amounts).", RelationshipType.Funds, Direction.Incoming);
        RelatedList<EvidenceItem, EvidenceType, EvidenceConnectionType>("evidence", "Evidence that evaluates the organisation's work.", RelationshipType.Evaluates, Direction.Incoming);
        RelatedList<Organisation, OrganisationType, OrganisationConnectionType>("partners", "Organisations it works with.", RelationshipType.PartnersWith, Direction.Either);
    }
}

public sealed class IdentifierType : ObjectGraphType<OrganisationIdentifier>
{
    public IdentifierType()
    {
        Name = "Identifier";
        Description = "A registered identifier of an organisation.";
        Field(i => i.Scheme).Description("org-id.guide scheme: GB-COH (Companies House), GB-CHC (Charity Commission), GB-MPR (FCA Mutuals Public Register)...");
        Field(i => i.Value).Description("The number within the scheme.");
    }
}
