using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Importing;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Ingest;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Resolution;

/// <summary>
/// The same organisation from the seed data and from INDIGO becomes one node. The batch below is written by
/// hand from real rows of the INDIGO export of May 2025 (organisations INDIGO-ORG-0001, -0008, -0127 and
/// project INDIGO-POJ-0123 with its service provision).
/// </summary>
public abstract class EntityResolutionTests(StoreProvider provider)
{
    [SkippableFact]
    public async Task ImportedOrganisations_MatchSeedRecords_OnIdentifierThenName_KeepingBothProvenances()
    {
        var (store, problem) = await TestStore.CreateAsync(provider);
        Skip.If(store is null, $"{provider} is unavailable: {problem}");
        Assert.Equal(0, (await IngestRunner.RunAsync(store!, "load", Repository.SeedData)).Exit);
        await using var services = store!.CreateServices();

        var (first, firstSummary) = await ResolveAndLoadAsync(services, IndigoRows());
        var (second, secondSummary) = await ResolveAndLoadAsync(services, IndigoRows());

        Assert.Contains(first.Matches, m => m is { ImportedId: "indigo-org-0001", StoredId: "sheffield-futures" } && m.On == "identifier GB-CHC-1044940");
        Assert.Contains(first.Matches, m => m is { ImportedId: "indigo-org-0127", StoredId: "st-mungos" } && m.On.StartsWith("name", StringComparison.Ordinal));
        Assert.Contains(first.Matches, m => m is { Kind: NodeKind.Funder, ImportedId: "indigo-funder-org-0008", StoredId: "big-issue-invest" });
        Assert.True(firstSummary.ChangedAnything);
        Assert.Equal(first.Matches.Count, second.Matches.Count);
        Assert.False(secondSummary.ChangedAnything);

        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
        Assert.False(await db.Organisations.AnyAsync(o => o.Id == "indigo-org-0001" || o.Id == "indigo-org-0127"));
        var origins = await db.NodeSources.Where(s => s.NodeId == "sheffield-futures").Select(s => s.Origin).Distinct().OrderBy(o => o).ToListAsync();
        Assert.Equal([GraphOrigins.Indigo, GraphOrigins.Seed], origins);
        var runs = await db.Relationships.SingleAsync(r => r.Type == RelationshipType.Runs && r.ToId == "indigo-poj-0123");
        Assert.Equal("sheffield-futures", runs.FromId);
        Assert.Equal(GraphOrigins.Seed, (await db.Organisations.SingleAsync(o => o.Id == "sheffield-futures")).Origin);
    }

    [SkippableFact]
    public async Task AnImportedDocument_TheSeedHolds_IsOnePublication_KeepingTheSeedsRatingAndBothProvenances()
    {
        var (store, problem) = await TestStore.CreateAsync(provider);
        Skip.If(store is null, $"{provider} is unavailable: {problem}");
        Assert.Equal(0, (await IngestRunner.RunAsync(store!, "load", Repository.SeedData)).Exit);
        await using var services = store!.CreateServices();

        // original_projects_documents.csv line 150: INDIGO-POJ-0154's evaluation report, the seed's
        // ev-gm-rough-sleeping-sib-eval-2021; the link is written here as plain http with a trailing slash.
        var batch = IndigoRows();
        const string imported = "indigo-evidence-gm-rough-sleeping-sib-years-2-and-3";
        batch.Models.Add(new Model { Id = "indigo-poj-0154", Name = "Entrenched Rough Sleeping Social Impact Bond- Greater Manchester", Family = ModelFamily.OutcomesPartnership });
        batch.Evidence.Add(new EvidenceItem
        {
            Id = imported, Title = "Evaluation report - GM Rough Sleeping SIB - Years 2 and 3",
            Url = "http://golab.bsg.ox.ac.uk/documents/gmca-rough-sleeping-sib-evaluation.pdf/", Design = StudyDesign.Evaluation,
            Rating = new EvidenceRating { Scale = EvidenceScale.Nesta, Level = 1, Reason = "listed in INDIGO as a project document" },
        });
        batch.NodeSources[imported] = new SortedSet<string>(["indigo-dataset-2025-05"], StringComparer.Ordinal);
        batch.NodeSources["indigo-poj-0154"] = new SortedSet<string>(["indigo-dataset-2025-05"], StringComparer.Ordinal);
        var evaluates = new Relationship { Key = "", Type = RelationshipType.Evaluates, FromKind = NodeKind.Evidence, FromId = imported, ToKind = NodeKind.Model, ToId = "indigo-poj-0154" };
        evaluates.Key = RelationshipKeys.For(evaluates);
        batch.Relationships.Add(evaluates);
        batch.RelationshipSources[evaluates.Key] = new SortedSet<string>(["indigo-dataset-2025-05"], StringComparer.Ordinal);

        var (report, _) = await ResolveAndLoadAsync(services, batch);

        var match = Assert.Single(report.Matches, m => m.Kind == NodeKind.Evidence);
        Assert.Equal((imported, "ev-gm-rough-sleeping-sib-eval-2021"), (match.ImportedId, match.StoredId));
        Assert.Equal("address \"golab.bsg.ox.ac.uk/documents/gmca-rough-sleeping-sib-evaluation.pdf\"", match.On);
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
        Assert.False(await db.Evidence.AnyAsync(e => e.Id == imported));
        var seeded = await db.Evidence.SingleAsync(e => e.Id == "ev-gm-rough-sleeping-sib-eval-2021");
        Assert.Equal(GraphOrigins.Seed, seeded.Origin);
        Assert.Equal(EvidenceScale.Nesta, seeded.Rating?.Scale);
        Assert.Equal([GraphOrigins.Indigo, GraphOrigins.Seed],
            await db.NodeSources.Where(s => s.NodeId == seeded.Id).Select(s => s.Origin).Distinct().OrderBy(o => o).ToListAsync());
        Assert.True(await db.Relationships.AnyAsync(r => r.Type == RelationshipType.Evaluates && r.FromId == seeded.Id && r.ToId == "indigo-poj-0154"));
    }

    private static async Task<(ResolutionReport, LoadSummary)> ResolveAndLoadAsync(IServiceProvider services, GraphBatch batch)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
        var report = await new EntityResolver(db).ResolveAsync(batch);
        var summary = await scope.ServiceProvider.GetRequiredService<GraphLoader>().LoadAsync(batch);
        return (report, summary);
    }

    private static GraphBatch IndigoRows()
    {
        var batch = new GraphBatch(GraphOrigins.Indigo);
        const string dataset = "indigo-dataset-2025-05";
        batch.Sources.Add(new Source
        {
            Id = dataset, Title = "INDIGO impact bond data (export of 20 May 2025)",
            Publisher = "Government Outcomes Lab, University of Oxford", Url = "https://golab.bsg.ox.ac.uk/knowledge-bank/indigo/",
        });
        batch.Organisations.Add(new Organisation
        {
            Id = "indigo-org-0001", Name = "Sheffield Futures", Website = "https://www.sheffieldfutures.org.uk/",
            Identifiers = [new OrganisationIdentifier { OrganisationId = "indigo-org-0001", Scheme = "GB-CHC", Value = "1044940" }],
        });
        batch.Organisations.Add(new Organisation { Id = "indigo-org-0127", Name = "St. Mungo's" });
        batch.Funders.Add(new Funder { Id = "indigo-funder-org-0008", Name = "Big Issue Invest", FunderKind = FunderKind.SocialInvestor });
        batch.Models.Add(new Model { Id = "indigo-poj-0123", Name = "Project Apollo", Family = ModelFamily.OutcomesPartnership });
        foreach (var id in new[] { "indigo-org-0001", "indigo-org-0127", "indigo-funder-org-0008", "indigo-poj-0123" })
        {
            batch.NodeSources[id] = new SortedSet<string>([dataset], StringComparer.Ordinal);
        }

        var runs = new Relationship
        {
            Key = "", Type = RelationshipType.Runs, RoleKind = ParticipationRole.ServiceProvider, FromKind = NodeKind.Organisation, FromId = "indigo-org-0001",
            ToKind = NodeKind.Model, ToId = "indigo-poj-0123", Role = "service provider",
        };
        runs.Key = RelationshipKeys.For(runs);
        batch.Relationships.Add(runs);
        batch.RelationshipSources[runs.Key] = new SortedSet<string>([dataset], StringComparer.Ordinal);
        return batch;
    }
}

public sealed class SqliteEntityResolutionTests() : EntityResolutionTests(StoreProvider.Sqlite);

public sealed class PostgresEntityResolutionTests() : EntityResolutionTests(StoreProvider.Postgres);

/// <summary>What makes two evidence records one publication.</summary>
public sealed class PublicationKeysTests
{
    [Theory]
    [InlineData("https://doi.org/10.3390/socsci14020055", "http://dx.doi.org/10.3390/SOCSCI14020055/")]
    [InlineData("https://www.gov.uk/government/publications/foster-care-in-england", "http://gov.uk/government/publications/foster-care-in-england#summary")]
    [InlineData("https://golab.bsg.ox.ac.uk/documents/gmca-rough-sleeping-sib-evaluation.pdf", "HTTPS://GOLAB.BSG.OX.AC.UK/documents/gmca-rough-sleeping-sib-evaluation.pdf")]
    public void OnePublication_HasOneAddress_HoweverItsLinkIsSpelled(string one, string other) =>
        Assert.Equal(PublicationKeys.Address(one), PublicationKeys.Address(other));

    [Fact]
    public void Addresses_KeepTheCaseOfTheirPath_AndTitles_IgnoreCaseAccentsAndPunctuation()
    {
        Assert.NotEqual(PublicationKeys.Address("https://example.org/Report.pdf"), PublicationKeys.Address("https://example.org/report.pdf"));
        Assert.Equal(PublicationKeys.Title("Evaluation report - GM Rough Sleeping SIB: Years 2 & 3"), PublicationKeys.Title("evaluation report gm rough sleeping sib years 2 3"));
        Assert.Equal(PublicationKeys.Title("Évaluation"), PublicationKeys.Title("evaluation"));
    }
}
