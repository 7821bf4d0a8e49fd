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
            Key = "", Type = RelationshipType.Runs, FromKind = NodeKind.Organisation, FromId = "indigo-org-0001",
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
