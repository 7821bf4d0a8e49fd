using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Search;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Ingest;

/// <summary>A store made with an earlier schema is upgraded in place, losing nothing.</summary>
public abstract class SchemaUpgradeTests(StoreProvider provider)
{
    [SkippableFact]
    public async Task StoreFromTheFirstSchema_UpgradesToTheLatest_KeepingItsRecordsAsSeedData()
    {
        var (store, problem) = await TestStore.CreateAsync(provider);
        Skip.If(store is null, $"{provider} is unavailable: {problem}");
        await using var services = store!.CreateServices();

        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
            var migrator = db.GetService<IMigrator>();
            var first = db.Database.GetMigrations().First();
            await migrator.MigrateAsync(first);
            // Written as the first schema's columns, without the model of today.
            await db.Database.ExecuteSqlRawAsync("""INSERT INTO "Sources" ("Id", "Title") VALUES ('src-a', 'A source')""");
            await db.Database.ExecuteSqlRawAsync("""INSERT INTO "Models" ("Id", "Name", "Family") VALUES ('model-a', 'Model A', 'CoOperative')""");
            await db.Database.ExecuteSqlRawAsync("""INSERT INTO "NodeSources" ("NodeId", "SourceId") VALUES ('model-a', 'src-a')""");
        }

        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
            await db.MigrateGraphAsync();

            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            var model = await db.Models.SingleAsync();
            Assert.Equal(("model-a", "Model A", "seed"), (model.Id, model.Name, model.Origin));
            var provenance = await db.NodeSources.SingleAsync();
            Assert.Equal(("model-a", "src-a", "seed"), (provenance.NodeId, provenance.SourceId, provenance.Origin));
        }
    }

    [SkippableFact]
    public async Task StoreFromBeforeOtherNamesWereSearchable_UpgradesWithItsRecordsOtherNamesIndexed()
    {
        var (store, problem) = await TestStore.CreateAsync(provider);
        Skip.If(store is null, $"{provider} is unavailable: {problem}");
        await using var services = store!.CreateServices();

        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
            var migrations = db.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_SearchOtherNames", StringComparison.Ordinal)) - 1];
            await db.GetService<IMigrator>().MigrateAsync(before);
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "Funders" ("Id", "Origin", "Name", "FormerNames", "AlternativeNames", "FunderKind")
                VALUES ('mhclg', 'seed', 'Ministry of Housing, Communities and Local Government', 'Department for Communities and Local Government', 'MHCLG', 'Government')
                """);
            await db.Database.ExecuteSqlRawAsync("""INSERT INTO "Organisations" ("Id", "Origin", "Name", "AlternativeNames") VALUES ('org-a', 'seed', 'Organisation A', 'OA')""");
            await db.Database.ExecuteSqlRawAsync("""INSERT INTO "Models" ("Id", "Origin", "Name", "AlternativeNames", "Family") VALUES ('model-a', 'seed', 'Model A', 'Pay for success', 'CoOperative')""");
        }

        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
            await db.MigrateGraphAsync();

            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            foreach (var (query, key) in (ValueTuple<string, string>[])[("MHCLG", "mhclg"), ("department communities", "mhclg"), ("OA", "org-a"), ("pay for success", "model-a"), ("Organisation A", "org-a")])
            {
                var hits = await SearchIndex.Search(db, SearchTerms.Parse(query), [NodeKind.Funder, NodeKind.Organisation, NodeKind.Model]).ToListAsync();
                Assert.Equal(key, Assert.Single(hits).Key);
            }
        }
    }

    /// <summary>
    /// PostgreSQL asks a word taken as the start of others as the words of "SearchWords" that start with it: the
    /// upgrade that made that table filled it with the words of the records already there, and what is written after
    /// it, added or changed, adds its own. A word missing from it would make the records holding it unfindable by a
    /// start they share with words that are there. (SQLite has no such table: there this is only a search.)
    /// </summary>
    [SkippableFact]
    public async Task StoreFromBeforeSearchWords_UpgradesWithEveryWordFoundByItsStart_OldAndNew()
    {
        var (store, problem) = await TestStore.CreateAsync(provider);
        Skip.If(store is null, $"{provider} is unavailable: {problem}");
        await using var services = store!.CreateServices();

        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
            var migrations = db.Database.GetMigrations().ToList();
            var searchWords = migrations.FindIndex(m => m.EndsWith("_SearchWords", StringComparison.Ordinal));
            await db.GetService<IMigrator>().MigrateAsync(searchWords > 0 ? migrations[searchWords - 1] : migrations[^1]);
            // Made-up names: this checks the index, and is no fact about the world.
            db.Funders.Add(new Funder { Id = "placement-fund", Name = "Placement Fund" });
            db.Funders.Add(new Funder { Id = "renamed-fund", Name = "Other Fund" });
            await db.SaveChangesAsync();
        }

        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
            await db.MigrateGraphAsync();
            db.Funders.Add(new Funder { Id = "placid-fund", Name = "Placid Fund" });
            (await db.Funders.SingleAsync(f => f.Id == "renamed-fund")).Name = "Plaice Fund";
            await db.SaveChangesAsync();
        }

        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
            var hits = await SearchIndex.Search(db, SearchTerms.Parse("pla"), [NodeKind.Funder]).Select(h => h.Key).ToListAsync();
            Assert.Equal(["placement-fund", "placid-fund", "renamed-fund"], hits.Order(StringComparer.Ordinal));
            var placeFirst = await SearchIndex.Search(db, SearchTerms.Parse("plac fund"), [NodeKind.Funder]).Select(h => h.Key).ToListAsync();
            Assert.Equal(["placement-fund", "placid-fund"], placeFirst.Order(StringComparer.Ordinal));
        }
    }

    [SkippableFact]
    public async Task UpgradeThatCountsTheListsAgain_WaitsForTheStoresWriter()
    {
        var (store, problem) = await TestStore.CreateAsync(provider);
        Skip.If(store is null, $"{provider} is unavailable: {problem}");
        await using var services = store!.CreateServices();

        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
            var migrations = db.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_RelationshipCounts", StringComparison.Ordinal)) - 1];
            await db.GetService<IMigrator>().MigrateAsync(before);
            await db.Database.ExecuteSqlRawAsync("""INSERT INTO "Models" ("Id", "Origin", "Name", "Family") VALUES ('model-a', 'seed', 'Model A', 'CoOperative')""");
            await db.Database.ExecuteSqlRawAsync("""INSERT INTO "Organisations" ("Id", "Origin", "Name") VALUES ('org-a', 'seed', 'Organisation A')""");
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "Relationships" ("Key", "Origin", "Type", "FromId", "FromKind", "ToId", "ToKind")
                VALUES ('org-a-runs-model-a', 'seed', 'Runs', 'org-a', 'Organisation', 'model-a', 'Model')
                """);
        }

        // Another writer (a load, or a second process upgrading the same store) holds the store's write lock.
        using var holderScope = services.CreateScope();
        var holder = holderScope.ServiceProvider.GetRequiredService<GraphDbContext>();
        var held = await StoreWriteLock.BeginAsync(holder, TimeSpan.FromSeconds(5), CancellationToken.None);

        using var upgraderScope = services.CreateScope();
        var upgrader = upgraderScope.ServiceProvider.GetRequiredService<GraphDbContext>();
        var upgrade = Task.Run(() => upgrader.MigrateGraphAsync(CancellationToken.None, TimeSpan.FromSeconds(30)));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(upgrade.IsCompleted, "the upgrade wrote the lists' lengths while another writer held the store");

        await held.RollbackAsync();
        await held.DisposeAsync();
        await holder.Database.CloseConnectionAsync();
        await upgrade;

        using var checkScope = services.CreateScope();
        var check = checkScope.ServiceProvider.GetRequiredService<GraphDbContext>();
        Assert.Empty(await check.Database.GetPendingMigrationsAsync());
        var counts = await check.RelationshipCounts.OrderBy(c => c.Direction).Select(c => new { c.NodeId, c.Count }).ToListAsync();
        Assert.Equal([new { NodeId = "model-a", Count = 1 }, new { NodeId = "org-a", Count = 1 }], counts.OrderBy(c => c.NodeId));
    }
}

public sealed class SqliteSchemaUpgradeTests() : SchemaUpgradeTests(StoreProvider.Sqlite);

public sealed class PostgresSchemaUpgradeTests() : SchemaUpgradeTests(StoreProvider.Postgres);
