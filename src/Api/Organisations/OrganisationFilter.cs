using SocialEconomy.Api.ChallengeAreas;
using SocialEconomy.Api.Evidence;
using SocialEconomy.Api.Filtering;
using SocialEconomy.Api.Relationships;
using SocialEconomy.Api.Provenance;
using SocialEconomy.Api.Funders;
using SocialEconomy.Api.Models;
using SocialEconomy.Api.Schema;
using SocialEconomy.Api.Sorting;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;

namespace SocialEconomy.Api.Organisations;

public static class OrganisationFilter
{
    public static readonly FilterDefinition<Organisation> Definition = new FilterDefinition<Organisation>()
        .String("key", o => o.Id, "The readable key, e.g. \"housing-first\".")
        .String("name", o => o.Name, "The organisation's name.")
        .Names("formerNames", o => o.FormerNames, "Its former names.")
        .Names("alternativeNames", o => o.AlternativeNames, "The other names it is known by.")
        .String("legalForm", o => o.LegalForm, "Its legal form.")
        .Enum<OrganisationStatus, OrganisationStatusType>("status", o => o.Status, "Whether it still exists; organisations whose status no source gives match only neq and nin.")
        .Date("incorporatedOn", o => o.IncorporatedOn, "When it was incorporated or registered.")
        .Date("dissolvedOn", o => o.DissolvedOn, "When it was dissolved.")
        .String("sector", o => o.Sector, "The sector its source classifies it in, in the source's words.")
        .String("sicCode", o => o.SicCode, "A UK SIC 2007 code of its activity, e.g. eq: \"87300\" or startsWith: \"87\".")
        .String("region", o => o.Region, "In England the ONS region (ITL1), elsewhere the nation.")
        .String("nation", o => o.Nation, "England, Scotland, Wales or Northern Ireland.")
        .String("postcode", o => o.Postcode, "Postcode of its address, e.g. startsWith: \"LS\".")
        .String("place", o => o.Place, "Town, city or local authority.")
        .String("description", o => o.Description, "What it does.")
        .Related<Model, ModelFilterInputType>("models", RelationshipType.Runs, Direction.Outgoing, () => ModelFilter.Definition, "Models it runs (operates or delivers); see participations for the other parts it plays.")
        .Related<ChallengeArea, ChallengeAreaFilterInputType>("challengeAreas", RelationshipType.WorksIn, Direction.Outgoing, () => ChallengeAreaFilter.Definition, "Challenge areas it works in.")
        .Related<Funder, FunderFilterInputType>("funders", RelationshipType.Funds, Direction.Incoming, () => FunderFilter.Definition, "Its funders.")
        .Related<EvidenceItem, EvidenceFilterInputType>("evidence", RelationshipType.Evaluates, Direction.Incoming, () => EvidenceFilter.Definition, "Evidence that evaluates it.")
        .Related<Organisation, OrganisationFilterInputType>("partners", RelationshipType.PartnersWith, Direction.Either, () => Definition!, "Organisations it works with.")
        .Relationships<FundingFilterInputType>("fundings", RelationshipType.Funds, Direction.Incoming, () => FundingFilter.Definition, "Money it received: amount, year, instrument, funder.")
        .Relationships<ParticipationFilterInputType>("participations", ParticipationType.Types, Direction.Outgoing, () => ParticipationFilter.Definition, "The models it takes part in and its role in each, whether it runs them or not.")
        .String("origin", o => o.Origin, "The dataset that created the record: seed, indigo or coops-uk.")
        .Provenance(typeof(SourceFilterInputType), () => SourceFilter.Definition);
}

public sealed class OrganisationFilterInputType()
    : FilterInputType<Organisation>("OrganisationFilterInput", "Conditions on organisations.", OrganisationFilter.Definition);

public static class OrganisationSort
{
    public static readonly SortDefinition<Organisation> Definition = new SortDefinition<Organisation>()
        .By("name", o => o.Name, "By name.")
        .By("region", o => o.Region, "By region (organisations without one last).")
        .By("nation", o => o.Nation, "By nation (organisations without one last).")
        .By("status", o => o.Status, "By status: ACTIVE, then DISSOLVED (organisations without one last).")
        .By("incorporatedOn", o => o.IncorporatedOn, "By date of incorporation (organisations without one last).")
        .By("dissolvedOn", o => o.DissolvedOn, "By date of dissolution (organisations without one last).")
        .By("sector", o => o.Sector, "By sector (organisations without one last).")
        .By<int>("evidenceCount", db => o => db.Relationships.Count(r => r.Type == RelationshipType.Evaluates && r.ToId == o.Id), "By the number of evidence items that evaluate it.")
        .By<int>("fundingCount", db => o => db.Relationships.Count(r => r.Type == RelationshipType.Funds && r.ToId == o.Id), "By the number of fundings it received.");
}

public sealed class OrganisationSortInputType()
    : SortInputType<Organisation>("OrganisationSortInput", "Orders organisations.", OrganisationSort.Definition);
