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
using SocialEconomy.Api.Schema;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Api.Compiling;
using SocialEconomy.Graph.Compiling;

namespace SocialEconomy.Api.Organisations;

public sealed class OrganisationType : NodeGraphType<Organisation>
{
    public OrganisationType()
        : base("Organisation", "A co-operative, mutual, social enterprise, charity, public body or company.")
    {
        Field(o => o.Name).Description("Registered or common name.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("formerNames")
            .Description("Names it was known by before, e.g. before a rebranding; empty when none is recorded.")
            .Resolve(c => NameList.Split(c.Source.FormerNames)).ReadsProperties(nameof(Organisation.FormerNames));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("alternativeNames")
            .Description("Other names it is known by now: a trading name, an acronym; empty when none is recorded.")
            .Resolve(c => NameList.Split(c.Source.AlternativeNames)).ReadsProperties(nameof(Organisation.AlternativeNames));
        Field(o => o.LegalForm, nullable: true).Description("Legal form, e.g. registered society, community interest company, charitable incorporated organisation.");
        Field<OrganisationStatusType>("status").Description("Whether it still exists, as its register or another source says; null when no source says.")
            .Resolve(c => c.Source.Status).ReadsProperties(nameof(Organisation.Status));
        Field<DateOnlyGraphType>("incorporatedOn").Description("When it was incorporated or registered, when known.").Resolve(c => c.Source.IncorporatedOn).ReadsProperties(nameof(Organisation.IncorporatedOn));
        Field<DateOnlyGraphType>("dissolvedOn").Description("When it was dissolved, when it has been and the date is known.").Resolve(c => c.Source.DissolvedOn).ReadsProperties(nameof(Organisation.DissolvedOn));
        Field(o => o.Sector, nullable: true).Description("The sector its source classifies it in, in the source's words (Co-operatives UK: \"Housing\", \"Retail\"...).");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SicCodeType>>>>("sicCodes")
            .Description("UK SIC 2007 codes of its activities as its register gives them (for now its main activity's code only); empty when none is recorded.")
            .Resolve(c => c.Source.SicCode is { } code ? [new SicCode(code, c.Source.SicDescription)] : Array.Empty<SicCode>())
            .ReadsProperties(nameof(Organisation.SicCode), nameof(Organisation.SicDescription));
        Field(o => o.Region, nullable: true).Description(
            "In England the ONS region (ITL1, e.g. \"North East\", \"Yorkshire and The Humber\"); elsewhere the nation (\"Scotland\", \"Wales\", \"Northern Ireland\"). "
            + "Read from a source, or derived from the postcode (then 'regionRule' says how).");
        Field(o => o.RegionRule, nullable: true).Description(
            "Set when a rule assigned the region rather than a source stating it: which rule, e.g. for a postcode area that spans regions; null when the region was read as stated.");
        Field(o => o.Nation, nullable: true).Description("The UK nation: England, Scotland, Wales or Northern Ireland.");
        Field(o => o.Postcode, nullable: true).Description("Postcode of its registered or main address.");
        Field(o => o.Place, nullable: true).Description("Town, city or local authority.");
        Field(o => o.Website, nullable: true).Description("Web site.");
        Field(o => o.Description, nullable: true).Description("What the organisation does.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdentifierType>>>>("identifiers")
            .Description("Registered identifiers, with org-id.guide schemes (GB-COH, GB-CHC, GB-MPR, ...).")
            .Resolve(c => c.Reader().Identifiers(c.Source.Id))
            .ReadsAhead(new OrganisationIdentifiers());
        RelatedList<Model, ModelType, ModelConnectionType>("models", "Models the organisation runs: operates them or delivers their service. Models it invests in, pays outcomes of or takes part in otherwise are in participations.", RelationshipType.Runs, Direction.Outgoing);
        RelatedList<ChallengeArea, ChallengeAreaType, ConnectionType<ChallengeAreaType>>("challengeAreas", "Challenge areas the organisation works in.", RelationshipType.WorksIn, Direction.Outgoing);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ParticipationType>>>>("participations")
            .Description("The models the organisation takes part in and the role it plays in each (operator, service provider, investor, outcome payer...), with sources: those it runs and those it takes part in otherwise.")
            .Resolve(c => c.Reader().Relationships(c.Source.Id, ParticipationType.Types, Direction.Outgoing))
            .ReadsAhead(new RelationshipsOf(ParticipationType.Types, Direction.Outgoing));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FundingType>>>>("fundings")
            .Description("Money the organisation received: funder, amount, year and instrument, with sources. Money paid for a whole outcomes contract is the contract's (the model's fundings), not its providers': see participations.")
            .Resolve(c => c.Reader().Relationships(c.Source.Id, RelationshipType.Funds, Direction.Incoming))
            .ReadsAhead(new RelationshipsOf([RelationshipType.Funds], Direction.Incoming));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MoneyTotalType>>>>("totals")
            .Description("The sum of the stated amounts of its fundings, one per currency (never converted): only money paid to the organisation itself, not money paid to the outcomes contracts it takes part in.")
            .Resolve(c => c.Reader().ReceivedTotals(c.Source.Id)).ReadsProperties(nameof(Organisation.Id));
        RelatedList<Funder, FunderType, FunderConnectionType>("funders", "Funders of the organisation (see fundings for amounts).", RelationshipType.Funds, Direction.Incoming);
        RelatedList<EvidenceItem, EvidenceType, EvidenceConnectionType>("evidence", "Evidence that evaluates the organisation's work.", RelationshipType.Evaluates, Direction.Incoming);
        RelatedList<Organisation, OrganisationType, OrganisationConnectionType>("partners", "Organisations it works with.", RelationshipType.PartnersWith, Direction.Either);
        Field<FunderType>("funder")
            .Description("The funder record of the same body, for an organisation that also funds (a department that pays for outcomes and is a party to contracts): one body, seen from its work and from its money. Null when it has none.")
            .Resolve(c => c.Reader().FunderOfOrganisation(c.Source.Id)).ReadsProperties(nameof(Organisation.Id));
    }
}

/// <summary>A UK SIC 2007 code and what it stands for.</summary>
public sealed record SicCode(string Code, string? Description);

public sealed class SicCodeType : ObjectGraphType<SicCode>
{
    public SicCodeType()
    {
        Name = "SicCode";
        Description = "A UK Standard Industrial Classification (SIC 2007) code of an activity.";
        Field(s => s.Code).Description("The code, as the register gives it, e.g. \"87300\".");
        Field(s => s.Description, nullable: true).Description("What the code stands for, e.g. \"Residential care activities for the elderly and disabled\"; null when the source gives only the code.");
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
