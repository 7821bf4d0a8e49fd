using GraphQL.Types;
using SocialEconomy.Api.ChallengeAreas;
using SocialEconomy.Api.Evidence;
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
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ModelType>>>>("models")
            .Description("Models the organisation runs or takes part in.")
            .Resolve(c => c.Reader().Related<Model>(c.Source.Id, RelationshipType.Runs, Direction.Outgoing));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ChallengeAreaType>>>>("challengeAreas")
            .Description("Challenge areas the organisation works in.")
            .Resolve(c => c.Reader().Related<ChallengeArea>(c.Source.Id, RelationshipType.WorksIn, Direction.Outgoing));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FundingType>>>>("fundings")
            .Description("Money the organisation received: funder, amount, year and instrument, with sources.")
            .Resolve(c => c.Reader().Relationships(c.Source.Id, RelationshipType.Funds, Direction.Incoming));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FunderType>>>>("funders")
            .Description("Funders of the organisation (see fundings for amounts).")
            .Resolve(c => c.Reader().Related<Funder>(c.Source.Id, RelationshipType.Funds, Direction.Incoming));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EvidenceType>>>>("evidence")
            .Description("Evidence that evaluates the organisation's work.")
            .Resolve(c => c.Reader().Related<EvidenceItem>(c.Source.Id, RelationshipType.Evaluates, Direction.Incoming));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrganisationType>>>>("partners")
            .Description("Organisations it works with.")
            .Resolve(c => c.Reader().Related<Organisation>(c.Source.Id, RelationshipType.PartnersWith, Direction.Either));
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
