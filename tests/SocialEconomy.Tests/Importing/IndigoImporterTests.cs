using System.Text.RegularExpressions;
using System.Text.Json;
using SocialEconomy.Graph.Crosswalks;
using SocialEconomy.Graph.Importing;
using SocialEconomy.Graph.Importing.Indigo;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Importing;

/// <summary>
/// The INDIGO importer on the real export of 20 May 2025 (facts checked by hand against the CSV files), and on
/// damaged copies of it: every bad row is reported with file, line and column, and --skip-invalid keeps the rest.
/// </summary>
public sealed partial class IndigoImporterTests
{
    private static readonly string Export = Path.Combine(Repository.OpenData, "indigo-2025-05");

    // The real export has rows that cannot be imported as they stand (ids of organisations missing from
    // original_organisations.csv, amounts written as spreadsheet formulas...), so reading it whole needs SkipInvalid.
    // The seed data's crosswalks link the projects and their metrics to the graph's own challenge areas and outcomes.
    private static readonly CrosswalkSet Crosswalks = CrosswalkSet.Load(Repository.SeedData);
    private static readonly Lazy<ImportResult> Full = new(() => new IndigoImporter().Read(Export, new ImportOptions(SkipInvalid: true, Crosswalks: Crosswalks)));
    private static readonly Lazy<ImportResult> Britain = new(() => new IndigoImporter().Read(Export, new ImportOptions(Country: "GB", SkipInvalid: true, Crosswalks: Crosswalks)));

    // The sub-areas of 'homelessness' in seed-data/challenge-areas.json, and the area of support to live independently.
    private static readonly string[] HomelessnessAreas =
        ["homelessness", "rough-sleeping", "youth-homelessness", "homelessness-prevention", "sustaining-tenancies", "independent-living-support"];

    [Fact]
    public void FullExport_HasEveryProject_AsAnOutcomesPartnership()
    {
        var batch = Full.Value.Batch;

        // original_projects.csv has 319 rows, INDIGO-POJ-0001 to INDIGO-POJ-0340 with gaps, none invalid.
        Assert.Equal(319, batch.Models.Count);
        Assert.All(batch.Models, m => Assert.Equal(ModelFamily.OutcomesPartnership, m.Family));
        var greaterManchester = Assert.Single(batch.Models, m => m.Id == "indigo-poj-0154");
        Assert.Equal("Entrenched Rough Sleeping Social Impact Bond- Greater Manchester", greaterManchester.Name);
        Assert.Equal("social impact bond", greaterManchester.Subtype);
        Assert.StartsWith("A programme to assist the most entrenched rough sleepers", greaterManchester.Description);

        // The policy sector is kept in INDIGO's words; the areas are the graph's own, reached by the crosswalk.
        Assert.Equal("Homelessness", greaterManchester.Sector);
        Assert.Empty(batch.ChallengeAreas);
        var addresses = Assert.Single(batch.Relationships, r => r.Type == RelationshipType.Addresses && r.FromId == "indigo-poj-0154");
        Assert.Equal("rough-sleeping", addresses.ToId);
        Assert.StartsWith("indigo-projects-to-areas/", addresses.Rule);
        Assert.Contains("policySector: Homelessness", addresses.ReadValue);

        // 1,549 organisations, all imported without a country filter.
        Assert.Equal(1549, batch.Organisations.Count);
    }

    [Fact]
    public void GreaterManchesterRoughSleeping_HasItsProviders_Investors_Payers_AndFund()
    {
        var batch = Full.Value.Batch;
        var roles = batch.Relationships.Where(r => r.Type is RelationshipType.Runs or RelationshipType.TakesPartIn && r.ToId == "indigo-poj-0154")
            .ToDictionary(r => (r.FromId, r.RoleKind), r => (r.Type, r.Role));

        // original_projects_service_provisions.csv lines 294-297: GM Homes Partnership, Great Places, Shelter, The Brick.
        foreach (var provider in new[] { "indigo-org-0254", "indigo-org-0255", "indigo-org-1196", "indigo-org-1197" })
        {
            Assert.Equal((RelationshipType.Runs, "service provider"), roles[(provider, ParticipationRole.ServiceProvider)]);
        }

        Assert.Equal("Shelter", batch.Organisations.Single(o => o.Id == "indigo-org-1196").Name);
        // One Manchester and Trafford Housing Trust invested in the project; Big Society Capital backs the Bridges fund
        // that did (the fund manager is Bridges Outcomes Partnerships): a part in it, but not the project's funding.
        Assert.Equal((RelationshipType.TakesPartIn, "investor"), roles[("indigo-org-0257", ParticipationRole.Investor)]);
        Assert.Equal((RelationshipType.TakesPartIn, "investor"), roles[("indigo-org-0258", ParticipationRole.Investor)]);
        Assert.Equal((RelationshipType.TakesPartIn, "investor"), roles[("indigo-org-0049", ParticipationRole.IndirectInvestor)]); // Big Society Capital
        Assert.False(roles.ContainsKey(("indigo-org-0049", ParticipationRole.Investor)));
        var backed = batch.Relationships.Single(r => r.FromId == "indigo-org-0049" && r.ToId == "indigo-poj-0154");
        Assert.Equal("indigo-investment-routes/bridges-fund-backers", backed.Rule);
        Assert.Contains("Bridges Outcomes Partnerships (Fund Management)", backed.ReadValue, StringComparison.Ordinal);
        Assert.DoesNotContain(batch.Relationships, r => r.Type == RelationshipType.Funds && r.FromId == "indigo-funder-org-0049" && r.ToId == "indigo-poj-0154");
        Assert.Equal((RelationshipType.TakesPartIn, "intermediary (Fund Management)"), roles[("indigo-org-0121", ParticipationRole.Intermediary)]); // Bridges Outcomes Partnerships
        Assert.Equal((RelationshipType.TakesPartIn, "outcome payer"), roles[("indigo-org-0088", ParticipationRole.OutcomePayer)]); // MHCLG

        // MHCLG's maximum potential outcome payment: GBP 2629000.
        var payment = Assert.Single(batch.Relationships, r => r.Type == RelationshipType.Funds && r.FromId == "indigo-funder-org-0088" && r.ToId == "indigo-poj-0154");
        Assert.Equal((2_629_000m, "GBP", FundingInstrument.OutcomesPayment), (payment.Amount!.Value, payment.Currency, payment.Instrument));
        Assert.Contains("maximum potential", payment.Note);
        Assert.Equal(FunderKind.Government, batch.Funders.Single(f => f.Id == "indigo-funder-org-0088").FunderKind);
        Assert.Equal(FunderKind.LocalAuthority, batch.Funders.Single(f => f.Id == "indigo-funder-org-0256").FunderKind); // Greater Manchester Combined Authority

        // original_projects_outcome_funds.csv: Rough Sleeping Programme (DCLG 2016), INDIGO-FUND-0016.
        Assert.Contains(batch.Relationships, r => r.Type == RelationshipType.Funds && r.FromId == "indigo-fund-0016" && r.ToId == "indigo-poj-0154" && r.Instrument == FundingInstrument.OutcomesPayment);
        Assert.Equal(FunderKind.OutcomesFund, batch.Funders.Single(f => f.Id == "indigo-fund-0016").FunderKind);

        // Its evaluation report is evidence with its design and no rating: nobody has appraised it.
        var report = Assert.Single(batch.Evidence, e => e.Url == "https://golab.bsg.ox.ac.uk/documents/gmca-rough-sleeping-sib-evaluation.pdf");
        Assert.Equal(StudyDesign.Evaluation, report.Design);
        Assert.Null(report.Rating);
        Assert.Contains(batch.Relationships, r => r.Type == RelationshipType.Evaluates && r.FromId == report.Id && r.ToId == "indigo-poj-0154");
        Assert.Contains(batch.Relationships, r => r.Type == RelationshipType.EvidenceIn && r.FromId == report.Id && r.ToId == "rough-sleeping");
    }

    [Fact]
    public void Investment_CarriesTheExactAmountOfTheCsv()
    {
        var batch = Full.Value.Batch;

        // original_projects_investments.csv line 566: INDIGO-POJ-0155, Big Issue Invest (INDIGO-ORG-0008), GBP 400000.
        var investment = Assert.Single(batch.Relationships, r => r.Type == RelationshipType.Funds && r.FromId == "indigo-funder-org-0008" && r.ToId == "indigo-poj-0155");
        Assert.Equal((400_000m, "GBP"), (investment.Amount!.Value, investment.Currency));
        Assert.Equal(FunderKind.SocialInvestor, batch.Funders.Single(f => f.Id == "indigo-funder-org-0008").FunderKind);
        Assert.Equal("Big Issue Invest", batch.Funders.Single(f => f.Id == "indigo-funder-org-0008").Name);
        Assert.Contains(batch.Relationships, r => r.Type == RelationshipType.TakesPartIn && r.RoleKind == ParticipationRole.Investor && r.FromId == "indigo-org-0008" && r.ToId == "indigo-poj-0155" && r.Role == "investor");

        // The funder is the same body as the organisation, and says so.
        Assert.Equal("indigo-org-0008", batch.Funders.Single(f => f.Id == "indigo-funder-org-0008").OrganisationId);
        Assert.All(batch.Funders.Where(f => f.Id.StartsWith("indigo-funder-org-", StringComparison.Ordinal)),
            f => Assert.Contains(batch.Organisations, o => o.Id == f.OrganisationId));
        Assert.All(batch.Funders.Where(f => f.Id.StartsWith("indigo-fund-", StringComparison.Ordinal)), f => Assert.Null(f.OrganisationId));
    }

    [Fact]
    public void Organisations_CarryTheirOrgIds_AndSources()
    {
        var batch = Full.Value.Batch;

        // INDIGO-ORG-0001 (Sheffield Futures): primary GB-CHC-1044940, secondary GB-COH-02963378 and GB-CHC-1044940.
        var sheffield = batch.Organisations.Single(o => o.Id == "indigo-org-0001");
        Assert.Equal([("GB-CHC", "1044940"), ("GB-COH", "02963378")], sheffield.Identifiers.Select(i => (i.Scheme, i.Value)));
        var triodos = batch.Organisations.Single(o => o.Id == "indigo-org-0002");
        Assert.Contains(triodos.Identifiers, i => i.Scheme == "GB-COH" && i.Value == "11379025");

        // Its three sources in original_organisations_sources.csv (Companies House, own website, Charity Commission).
        Assert.Equal(
            [IndigoImporter.DatasetSourceId, "indigo-src-org-0001-source1", "indigo-src-org-0001-source2", "indigo-src-org-0001-source3"],
            batch.NodeSources["indigo-org-0001"]);
        var companiesHouse = batch.Sources.Single(s => s.Id == "indigo-src-org-0001-source1");
        Assert.Equal(("Companies House", "https://find-and-update.company-information.service.gov.uk/company/02963378", new DateOnly(2023, 3, 8)),
            (companiesHouse.Title, companiesHouse.Url, companiesHouse.Retrieved!.Value));
    }

    [Fact]
    public void OutcomeMetrics_MapToTheGraphsOutcomes_TargetedByTheModel()
    {
        var batch = Full.Value.Batch;

        // No outcome of INDIGO's own: the metrics of INDIGO-POJ-0154 (Greater Manchester rough sleeping) map to the graph's outcomes.
        Assert.Empty(batch.Outcomes);
        Assert.DoesNotContain(batch.Relationships, r => r.Type == RelationshipType.OutcomeIn);
        var housed = Assert.Single(batch.Relationships, r => r.Type == RelationshipType.Targets && r.FromId == "indigo-poj-0154" && r.ToId == "settled-accommodation");
        Assert.StartsWith("indigo-metrics-to-outcomes/", housed.Rule);
        Assert.StartsWith("metric: ", housed.ReadValue);
        Assert.All(batch.Relationships.Where(r => r.Type is RelationshipType.Targets or RelationshipType.Reports),
            r => Assert.True(r.Rule is not null && r.ReadValue is { Length: > 0 and <= 4000 }, r.Key));

        // INDIGO-POJ-0001 outcomemetric2, "Job placement (vulnerable person)", is a value no rule covers: listed, not guessed.
        Assert.Contains(Full.Value.Crosswalked!.Unmapped["indigo-metrics-to-outcomes"].Keys, v => v.StartsWith("Job placement (vulnerable person)", StringComparison.Ordinal));

        // The metrics of INDIGO-POJ-0123 repeat their ids (outcomemetric1 twice, ...): the repeats are skipped, and say so.
        Assert.Contains(Full.Value.Skipped, e => e.File.EndsWith("original_projects_outcome_metrics.csv", StringComparison.Ordinal) && e.Message.Contains("repeats the outcome metric of INDIGO-POJ-0123", StringComparison.Ordinal));
    }

    [Fact]
    public void Provenance_CoversEveryNodeAndRelationship_AndTheDataset()
    {
        var batch = Full.Value.Batch;
        var sourceIds = batch.Sources.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var dataset = batch.Sources.Single(s => s.Id == IndigoImporter.DatasetSourceId);
        Assert.Equal(("INDIGO impact bond data (export of 20 May 2025)", "Government Outcomes Lab, University of Oxford", "https://golab.bsg.ox.ac.uk/knowledge-bank/indigo/"),
            (dataset.Title, dataset.Publisher, dataset.Url));

        var nodeIds = batch.Models.Select(n => n.Id).Concat(batch.Organisations.Select(n => n.Id)).Concat(batch.Funders.Select(n => n.Id))
            .Concat(batch.ChallengeAreas.Select(n => n.Id)).Concat(batch.Outcomes.Select(n => n.Id)).Concat(batch.Evidence.Select(n => n.Id)).ToList();
        Assert.Equal(nodeIds.Count, nodeIds.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(nodeIds.Order(StringComparer.Ordinal), batch.NodeSources.Keys.Order(StringComparer.Ordinal));
        Assert.All(nodeIds, id => Assert.Contains(IndigoImporter.DatasetSourceId, batch.NodeSources[id]));
        Assert.All(batch.NodeSources.Values.SelectMany(s => s), id => Assert.Contains(id, sourceIds));

        Assert.Equal(batch.Relationships.Count, batch.Relationships.Select(r => r.Key).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(batch.Relationships.Select(r => r.Key).Order(StringComparer.Ordinal), batch.RelationshipSources.Keys.Order(StringComparer.Ordinal));
        Assert.All(batch.Relationships, r => Assert.Equal(RelationshipKeys.For(r), r.Key));
        // A derived link also cites the crosswalk's sources, which are seed records (in the store once the seed is loaded).
        var seedSources = Crosswalks.All.SelectMany(c => c.Sources).ToHashSet(StringComparer.Ordinal);
        Assert.All(batch.RelationshipSources.Values.SelectMany(s => s), id => Assert.True(sourceIds.Contains(id) || seedSources.Contains(id), id));

        // Every end is a node of the batch, or (for a derived link) a challenge area or outcome of the seed data.
        var allIds = nodeIds.ToHashSet(StringComparer.Ordinal);
        var seedIds = SeedIds("challenge-areas.json", "challengeAreas").Concat(SeedIds("outcomes.json", "outcomes")).ToHashSet(StringComparer.Ordinal);
        Assert.All(batch.Relationships, r => Assert.True(allIds.Contains(r.FromId) && (allIds.Contains(r.ToId) || (r.Rule is not null && seedIds.Contains(r.ToId))), r.Key));

        // "Purpose and classifications - (Source ID's)" of INDIGO-POJ-0154 is "source8,source3".
        var addresses = batch.Relationships.Single(r => r.Type == RelationshipType.Addresses && r.FromId == "indigo-poj-0154");
        Assert.Equal([IndigoImporter.DatasetSourceId, "indigo-src-poj-0154-source3", "indigo-src-poj-0154-source8", .. Crosswalks.Find("indigo-projects-to-areas")!.Sources],
            batch.RelationshipSources[addresses.Key].Order(StringComparer.Ordinal));
    }

    [Fact]
    public void IdsAndTexts_FitTheStore()
    {
        var batch = Full.Value.Batch;
        var ids = batch.Sources.Select(n => n.Id).Concat(batch.Models.Select(n => n.Id)).Concat(batch.Organisations.Select(n => n.Id))
            .Concat(batch.Funders.Select(n => n.Id)).Concat(batch.ChallengeAreas.Select(n => n.Id)).Concat(batch.Outcomes.Select(n => n.Id))
            .Concat(batch.Evidence.Select(n => n.Id));
        Assert.All(ids, id => Assert.True(IdPattern().IsMatch(id) && id.Length <= 120, id));
        Assert.All(batch.Models, m => Assert.True(m.Name.Length <= 300 && (m.Description?.Length ?? 0) <= 4000, m.Id));
        Assert.All(batch.Outcomes, o => Assert.True(o.Name.Length <= 300 && (o.Description?.Length ?? 0) <= 4000, o.Id));
        Assert.All(batch.Sources, s => Assert.True(s.Title.Length <= 300, s.Id));
        Assert.All(batch.Evidence, e => Assert.True(e.Title.Length <= 300, e.Id));
        Assert.All(batch.Relationships, r => Assert.True(r.Currency is null || r.Currency.Length == 3, r.Key));
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    [Fact]
    public void CountryFilter_KeepsUkProjects_AndWhatTheyInvolve_Only()
    {
        var batch = Britain.Value.Batch;

        // 100 projects have a delivery location in GB (original_projects_delivery_locations.csv).
        Assert.Equal(100, batch.Models.Count);
        Assert.Contains(batch.Models, m => m.Id == "indigo-poj-0154");
        Assert.DoesNotContain(batch.Models, m => m.Id == "indigo-poj-0001"); // Buenos Aires
        Assert.DoesNotContain(batch.Models, m => m.Id == "indigo-poj-0003"); // New South Wales

        // Only the organisations, funds and sectors those projects involve.
        var involved = batch.Relationships.Where(r => r.Type is RelationshipType.Runs or RelationshipType.TakesPartIn).Select(r => r.FromId).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(involved.Order(StringComparer.Ordinal), batch.Organisations.Select(o => o.Id));
        Assert.Contains(batch.Organisations, o => o.Id == "indigo-org-1196"); // Shelter
        Assert.DoesNotContain(batch.Funders, f => f.Id == "indigo-fund-0007"); // Portugal Inovação Social
        Assert.Contains(batch.Funders, f => f.Id == "indigo-fund-0016");
        Assert.Empty(batch.ChallengeAreas);
        Assert.True(batch.Organisations.Count < Full.Value.Batch.Organisations.Count);
    }

    [Fact]
    public void SameFiles_GiveTheSameBatch()
    {
        var again = new IndigoImporter().Read(Export, new ImportOptions(Country: "GB", SkipInvalid: true, Crosswalks: Crosswalks)).Batch;
        var first = Britain.Value.Batch;
        Assert.Equal(first.Models.Select(m => m.Id), again.Models.Select(m => m.Id));
        Assert.Equal(first.Relationships.Select(r => (r.Key, r.Role, r.Amount, r.Note, r.ReadValue)), again.Relationships.Select(r => (r.Key, r.Role, r.Amount, r.Note, r.ReadValue)));
        Assert.Equal(first.Sources.Select(s => s.Id), again.Sources.Select(s => s.Id));
        Assert.Equal(first.Relationships.Select(r => r.Key).Order(StringComparer.Ordinal), first.Relationships.Select(r => r.Key));
    }

    [Fact]
    public void RealExport_WithoutSkipInvalid_Throws_NamingItsBadRows()
    {
        var error = Assert.Throws<ImportException>(() => new IndigoImporter().Read(Export, new ImportOptions()));

        // original_projects_service_provisions.csv line 412 names INDIGO-ORG-1552, which original_organisations.csv lacks.
        Assert.Contains(error.Errors, e => e.File.EndsWith("original_projects_service_provisions.csv", StringComparison.Ordinal)
            && e.Line == 412 && e.Column == 3 && e.Field == "Organisation ID - (Value)" && e.Message.Contains("INDIGO-ORG-1552", StringComparison.Ordinal));

        // Line 7 of the payment commitments holds a spreadsheet formula, "=D41-D36", instead of an amount.
        Assert.Contains(error.Errors, e => e.File.EndsWith("original_projects_outcome_payment_commitments.csv", StringComparison.Ordinal)
            && e.Line == 7 && e.Column == 5 && e.Message.Contains("=D41-D36", StringComparison.Ordinal));
        Assert.Equal(error.Errors.Count, Full.Value.Skipped.Count);
    }

    [Fact]
    public void AmountsWrittenForPeople_AreRead_WithTheirSign()
    {
        // Line 25 of the payment commitments: "C$4,000,000" with an empty currency column (INDIGO-POJ-0018).
        var payment = Full.Value.Batch.Relationships.Single(r => r.Type == RelationshipType.Funds && r.ToId == "indigo-poj-0018" && r.Instrument == FundingInstrument.OutcomesPayment && r.FromId.StartsWith("indigo-funder-", StringComparison.Ordinal));
        Assert.Equal((4_000_000m, "CAD"), (payment.Amount!.Value, payment.Currency));
        Assert.Contains("C$4,000,000", payment.Note);
    }

    [Fact]
    public void Progress_ReportsALinePerFile()
    {
        var lines = new List<string>();
        new IndigoImporter().Read(Export, new ImportOptions(Country: "GB", SkipInvalid: true, Progress: new ListProgress(lines)));
        Assert.Contains("original_projects.csv: 319 projects; 100 imported", lines);
        Assert.Contains(lines, l => l.StartsWith("original_organisations.csv: 1549 organisations", StringComparison.Ordinal));
    }

    [Fact]
    public void BritishHomelessnessProjects_AllAddressHomelessnessOrASubArea()
    {
        var batch = Britain.Value.Batch;

        // Counted from the CSV files, independently of the importer: projects delivered in GB whose policy sector is Homelessness.
        var inBritain = Csv("original_projects_delivery_locations.csv")
            .Where(r => r["Location - Country - (Value)"].Trim().Equals("GB", StringComparison.OrdinalIgnoreCase)).Select(r => r["Project ID"]).ToHashSet(StringComparer.Ordinal);
        var homelessness = Csv("original_projects.csv")
            .Where(r => inBritain.Contains(r["ID"]) && r["Purpose and classifications - Policy sector - (Value)"].Split([',', ';'], StringSplitOptions.TrimEntries).Contains("Homelessness"))
            .Select(r => r["ID"].ToLowerInvariant()).ToList();
        Assert.Equal(23, homelessness.Count);

        Assert.All(homelessness, id => Assert.Contains(batch.Relationships, r => r.Type == RelationshipType.Addresses && r.FromId == id && HomelessnessAreas.Contains(r.ToId)));
        Assert.All(batch.Relationships.Where(r => r.Type == RelationshipType.Addresses), r => Assert.True(r.Rule is not null && r.ReadValue is not null, r.Key));
        Assert.Empty(batch.ChallengeAreas);

        // Every project is tallied: linked, or listed as unmapped with its sector and id.
        var tally = Britain.Value.Crosswalked!;
        Assert.True(tally.LinksByRule.ContainsKey("indigo-projects-to-areas/rough-sleeping"));
        Assert.All(tally.Unmapped.GetValueOrDefault("indigo-projects-to-areas")?.Keys.ToList() ?? [], v => Assert.Matches(@"\(INDIGO-POJ-\d{4}\)$", v));
    }

    [Fact]
    public void TargetedOutcomes_AreAllOutcomesOfTheSeedData()
    {
        var batch = Britain.Value.Batch;
        var seedOutcomes = SeedIds("outcomes.json", "outcomes").ToHashSet(StringComparer.Ordinal);

        var targeted = batch.Relationships.Where(r => r.Type is RelationshipType.Targets or RelationshipType.Reports).Select(r => r.ToId).ToList();
        Assert.NotEmpty(targeted);
        Assert.All(targeted, id => Assert.Contains(id, seedOutcomes));
        Assert.Empty(batch.Outcomes);
        Assert.Contains(Britain.Value.Crosswalked!.LinksByRule.Keys, k => k.StartsWith("indigo-metrics-to-outcomes/", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryParticipation_HasARoleKind_AndOnlyServiceProvidersRun()
    {
        var participations = Full.Value.Batch.Relationships.Where(r => r.Type is RelationshipType.Runs or RelationshipType.TakesPartIn).ToList();

        Assert.All(participations, r => Assert.NotNull(r.RoleKind));
        Assert.All(participations, r => Assert.Equal(r.RoleKind == ParticipationRole.ServiceProvider, r.Type == RelationshipType.Runs));
        // INDIGO's wording is kept per part: a provider that also invests has two relationships, neither "investor; service provider".
        var wording = new Dictionary<ParticipationRole, string>
        {
            [ParticipationRole.ServiceProvider] = "service provider", [ParticipationRole.Investor] = "investor", [ParticipationRole.IndirectInvestor] = "investor",
            [ParticipationRole.OutcomePayer] = "outcome payer", [ParticipationRole.Intermediary] = "intermediary",
        };
        Assert.All(participations, r => Assert.StartsWith(wording[r.RoleKind!.Value], r.Role, StringComparison.Ordinal));
        Assert.DoesNotContain(participations, r => r.Role!.Contains("investor", StringComparison.Ordinal) && r.Role.Contains("service provider", StringComparison.Ordinal));
    }

    [Fact]
    public void BritishProjects_HaveAsInvestorsExactlyTheOrganisationsOfTheInvestmentsTable_DirectOrThroughAFund()
    {
        var result = Britain.Value;
        var inBritain = result.Batch.Models.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var skippedLines = result.Skipped.Where(e => e.File.EndsWith("original_projects_investments.csv", StringComparison.Ordinal)).Select(e => e.Line).ToHashSet();

        // The investments table, read apart from the importer: every row not reported as skipped names an investor.
        var expected = Csv("original_projects_investments.csv")
            .Where(r => inBritain.Contains(r["Project ID"].ToLowerInvariant()) && !skippedLines.Contains(r.Line))
            .Select(r => (Project: r["Project ID"].ToLowerInvariant(), Investor: r["Organisation ID - (Value)"].ToLowerInvariant()))
            .Distinct().Order().ToList();
        var investments = result.Batch.Relationships
            .Where(r => r.Type == RelationshipType.TakesPartIn && r.RoleKind is ParticipationRole.Investor or ParticipationRole.IndirectInvestor).ToList();
        var actual = investments.Select(r => (Project: r.ToId, Investor: r.FromId)).Order().ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);

        // Each investment is either the project's funding or, through a fund, a part with no FUNDS relationship.
        var funded = result.Batch.Relationships.Where(r => r.Type == RelationshipType.Funds).Select(r => (r.FromId, r.ToId)).ToHashSet();
        var indirect = investments.Where(r => r.RoleKind == ParticipationRole.IndirectInvestor).ToList();
        Assert.True(indirect.Count > 100, $"only {indirect.Count} investments came through a fund");
        Assert.All(indirect, r => Assert.DoesNotContain(("indigo-funder-" + r.FromId["indigo-".Length..], r.ToId), funded));
        Assert.All(investments.Where(r => r.RoleKind == ParticipationRole.Investor), r => Assert.Contains(("indigo-funder-" + r.FromId["indigo-".Length..], r.ToId), funded));
    }

    [Fact]
    public void TradingNames_AndProjectsAlternativeNames_AreKept()
    {
        var batch = Full.Value.Batch;

        // original_organisations.csv: INDIGO-ORG-0243 trades as "International Committee of the Red Cross (ICRC)".
        Assert.Equal(["International Committee of the Red Cross (ICRC)"], NameList.Split(batch.Organisations.Single(o => o.Id == "indigo-org-0243").AlternativeNames));
        Assert.Null(batch.Organisations.Single(o => o.Id == "indigo-org-0001").AlternativeNames);

        // INDIGO-POJ-0116's 'Alternative Names - (Value)'.
        Assert.Equal(["Devon Pre-Diabetes Lifestyle Intervention Programme"], NameList.Split(batch.Models.Single(m => m.Id == "indigo-poj-0116").AlternativeNames));
    }

    private static IEnumerable<string> SeedIds(string file, string list)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Repository.SeedData, file)));
        return [.. document.RootElement.GetProperty(list).EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];
    }

    private static IReadOnlyList<CsvRow> Csv(string file) => CsvTable.Read(Path.Combine(Export, file), System.Text.Encoding.UTF8).Rows;

    // ---------------------------------------------------------------- damaged copies

    [Fact]
    public void BadAmount_IsReportedWithFileLineAndColumn_AndSkippedWithSkipInvalid()
    {
        var copy = CopyOfExport();
        var line = Damage(copy, "original_projects_investments.csv", "INDIGO-POJ-0155,investment1,INDIGO-ORG-0008,,GBP,,400000,", "INDIGO-POJ-0155,investment1,INDIGO-ORG-0008,,GBP,,four hundred thousand,");

        var error = Assert.Throws<ImportException>(() => new IndigoImporter().Read(copy, new ImportOptions()));
        var bad = Assert.Single(error.Errors, e => e.File == Path.Combine(copy, "original_projects_investments.csv") && e.Line == line);
        Assert.Equal((7, "Investment Commitment - Amount - Exact - (Value)"), (bad.Column, bad.Field));
        Assert.Contains("'four hundred thousand' is not an amount", bad.Message);
        Assert.Contains($"original_projects_investments.csv:{line}:7: column 'Investment Commitment - Amount - Exact - (Value)'", bad.ToString());

        var result = new IndigoImporter().Read(copy, new ImportOptions(SkipInvalid: true));
        Assert.Contains(result.Skipped, e => e == bad);
        Assert.DoesNotContain(result.Batch.Relationships, r => r.FromId == "indigo-funder-org-0008" && r.ToId == "indigo-poj-0155");
        Assert.DoesNotContain(result.Batch.Relationships, r => r.FromId == "indigo-org-0008" && r.ToId == "indigo-poj-0155");
        Assert.Contains(result.Batch.Models, m => m.Id == "indigo-poj-0155");
        Assert.Equal(Full.Value.Batch.Models.Count, result.Batch.Models.Count);
    }

    [Fact]
    public void UnknownOrganisation_IsReported_AndOnlyThatRoleIsLeftOut()
    {
        var copy = CopyOfExport();
        var line = Damage(copy, "original_projects_service_provisions.csv", "INDIGO-POJ-0154,serviceprovision3,INDIGO-ORG-1196,", "INDIGO-POJ-0154,serviceprovision3,INDIGO-ORG-9999,");

        var error = Assert.Throws<ImportException>(() => new IndigoImporter().Read(copy, new ImportOptions(Country: "GB")));
        var bad = Assert.Single(error.Errors, e => e.File.EndsWith("original_projects_service_provisions.csv", StringComparison.Ordinal) && e.Line == line);
        Assert.Equal((3, "Organisation ID - (Value)"), (bad.Column, bad.Field));
        Assert.Contains("'INDIGO-ORG-9999' is not an organisation in original_organisations.csv", bad.Message);

        var result = new IndigoImporter().Read(copy, new ImportOptions(Country: "GB", SkipInvalid: true));
        Assert.Contains(result.Skipped, e => e == bad);
        var providers = result.Batch.Relationships.Where(r => r.Type == RelationshipType.Runs && r.ToId == "indigo-poj-0154" && r.Role == "service provider").Select(r => r.FromId);
        Assert.Equal(["indigo-org-0254", "indigo-org-0255", "indigo-org-1197"], providers.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void UnclosedQuote_IsReportedWithItsLineAndColumn_AndTheRowsBeforeItAreKept()
    {
        var copy = CopyOfExport();
        var path = Path.Combine(copy, "original_projects_documents.csv");
        var lines = File.ReadAllText(path).Count(c => c == '\n');
        File.AppendAllText(path, "INDIGO-POJ-0154,\"An evaluation whose title never ends,https://example.org/report.pdf,\r\n");

        var error = Assert.Throws<ImportException>(() => new IndigoImporter().Read(copy, new ImportOptions(Country: "GB")));
        var bad = Assert.Single(error.Errors, e => e.File == path);
        Assert.Equal((lines + 1L, 17), (bad.Line, bad.Column!.Value));
        Assert.Contains("never closed", bad.Message);

        var result = new IndigoImporter().Read(copy, new ImportOptions(Country: "GB", SkipInvalid: true));
        Assert.Contains(result.Skipped, e => e == bad);
        Assert.Contains(result.Batch.Evidence, e => e.Url == "https://golab.bsg.ox.ac.uk/documents/gmca-rough-sleeping-sib-evaluation.pdf");
        Assert.DoesNotContain(result.Batch.Evidence, e => e.Url.Contains("example.org", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingDirectory_IsAnImportError()
    {
        var error = Assert.Throws<ImportException>(() => new IndigoImporter().Read(Path.Combine(Path.GetTempPath(), "no-such-indigo-export"), new ImportOptions()));
        Assert.Contains("directory not found", Assert.Single(error.Errors).Message);
    }

    /// <summary>A throwaway copy of the export in a temp folder, for damaging; the shared data stays untouched.</summary>
    private static string CopyOfExport()
    {
        var copy = Directory.CreateTempSubdirectory("indigo-").FullName;
        foreach (var file in Directory.GetFiles(Export, "*.csv"))
        {
            var target = Path.Combine(copy, Path.GetFileName(file));
            File.Copy(file, target);
            File.SetAttributes(target, FileAttributes.Normal);
        }

        return copy;
    }

    /// <summary>Replaces a unique piece of a file and returns the (1-based) line it is on.</summary>
    private static long Damage(string directory, string file, string original, string damaged)
    {
        var path = Path.Combine(directory, file);
        var text = File.ReadAllText(path);
        var at = text.IndexOf(original, StringComparison.Ordinal);
        Assert.True(at >= 0 && text.IndexOf(original, at + 1, StringComparison.Ordinal) < 0, $"'{original}' should occur once in {file}.");
        File.WriteAllText(path, text[..at] + damaged + text[(at + original.Length)..]);
        return text[..at].Count(c => c == '\n') + 1;
    }

    private sealed class ListProgress(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
