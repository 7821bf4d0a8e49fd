using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Store;
using SocialEconomy.Graph.Synthetic;
using SocialEconomy.Tests.Export;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Ingest;

/// <summary>
/// The number of nodes of each kind that every load keeps (<see cref="NodeCounts"/>) is, after each load and after
/// the migration that brought it to a store made before it, what counting the kind's table gives.
/// </summary>
public abstract class NodeCountTests(StoreProvider provider)
{
    [SkippableFact]
    public async Task EachLoad_KeepsEveryKindsCount_AsCountingItsTableGives()
    {
        var store = await ExportStores.EmptyAsync(provider);
        await ExportStores.WithDbAsync(store, async db =>
        {
            await db.MigrateGraphAsync();
            return 0;
        });
        Assert.Equal([.. Enum.GetValues<NodeKind>().Select(kind => $"{kind}=0").Order(StringComparer.Ordinal)], await KeptAsync(store));

        // Some of the nodes first, without the relationships that would reach the others.
        var part = SyntheticGraph.Generate(1_000, 5);
        part.Organisations.RemoveRange(part.Organisations.Count / 2, part.Organisations.Count - part.Organisations.Count / 2);
        part.Evidence.RemoveRange(1, part.Evidence.Count - 1);
        part.Relationships.Clear();
        await LoadAsync(store, part);
        var afterPart = await CountedAsync(store);
        Assert.Equal(afterPart, await KeptAsync(store));

        await LoadAsync(store, SyntheticGraph.Generate(1_000, 5));
        var afterWhole = await CountedAsync(store);
        Assert.Equal(afterWhole, await KeptAsync(store));
        Assert.NotEqual(afterPart, afterWhole);
    }

    [SkippableFact]
    public async Task TheMigrationThatAddsTheCounts_CountsAStoreMadeBeforeThem()
    {
        var store = await ExportStores.EmptyAsync(provider);
        await ExportStores.WithDbAsync(store, async db =>
        {
            await db.MigrateGraphAsync();
            await new GraphLoader(db, new StoreOptions()).LoadAsync(SyntheticGraph.Generate(1_000, 5));
            // Back to the schema before the counts, then forward again, as an older store is brought up to date.
            var migrations = db.Database.GetMigrations().ToList();
            var added = migrations.FindIndex(m => m.EndsWith("_NodeCounts", StringComparison.Ordinal));
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(migrations[added - 1]);
            Assert.DoesNotContain(migrations[added], await db.Database.GetAppliedMigrationsAsync());
            await db.MigrateGraphAsync();
            return 0;
        });

        var counted = await CountedAsync(store);
        Assert.DoesNotContain("Organisation=0", counted);
        Assert.Equal(counted, await KeptAsync(store));
    }

    private static Task<LoadSummary> LoadAsync(TestStore store, GraphBatch batch) =>
        ExportStores.WithDbAsync(store, db => new GraphLoader(db, new StoreOptions()).LoadAsync(batch));

    private static Task<List<string>> KeptAsync(TestStore store) => ExportStores.WithDbAsync<List<string>>(store, async db =>
        (await db.NodeCounts.AsNoTracking().ToListAsync()).Select(c => $"{c.Kind}={c.Count}").Order(StringComparer.Ordinal).ToList());

    private static Task<List<string>> CountedAsync(TestStore store) => ExportStores.WithDbAsync<List<string>>(store, async db =>
    {
        var counted = new List<string>();
        foreach (var kind in Enum.GetValues<NodeKind>())
        {
            var count = kind switch
            {
                NodeKind.Organisation => await db.Organisations.CountAsync(),
                NodeKind.Model => await db.Models.CountAsync(),
                NodeKind.ChallengeArea => await db.ChallengeAreas.CountAsync(),
                NodeKind.Funder => await db.Funders.CountAsync(),
                NodeKind.Outcome => await db.Outcomes.CountAsync(),
                NodeKind.Evidence => await db.Evidence.CountAsync(),
                NodeKind.Source => await db.Sources.CountAsync(),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "a kind this test does not count"),
            };
            counted.Add($"{kind}={count}");
        }

        return [.. counted.Order(StringComparer.Ordinal)];
    });
}

public sealed class SqliteNodeCountTests() : NodeCountTests(StoreProvider.Sqlite);

public sealed class PostgresNodeCountTests() : NodeCountTests(StoreProvider.Postgres);
