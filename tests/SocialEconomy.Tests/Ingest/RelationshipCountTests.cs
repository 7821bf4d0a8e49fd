using Microsoft.EntityFrameworkCore;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;
using SocialEconomy.Graph.Synthetic;
using SocialEconomy.Tests.Export;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Ingest;

/// <summary>
/// The lengths of related lists that every load keeps (<see cref="RelationshipCounts"/>) are, after each load, what
/// counting the relationships themselves gives: every node, type, direction and far kind, each far node once.
/// </summary>
public abstract class RelationshipCountTests(StoreProvider provider)
{
    [SkippableFact]
    public async Task EachLoad_KeepsEveryListsLength_AsTheRelationshipsCountIt_EachFarNodeOnce()
    {
        var store = await ExportStores.EmptyAsync(provider);
        await ExportStores.WithDbAsync(store, async db =>
        {
            await db.MigrateGraphAsync();
            return 0;
        });

        var part = SyntheticGraph.Generate(1_000, 5);
        part.Relationships.RemoveRange(part.Relationships.Count / 2, part.Relationships.Count - part.Relationships.Count / 2);
        await LoadAsync(store, part);
        Assert.Equal(await CountedAsync(store), await KeptAsync(store));

        // The rest, and with it one organisation running one model in two roles (two relationships to one far node)
        // and a partnership recorded both ways (two relationships to one partner when read either way).
        var whole = SyntheticGraph.Generate(1_000, 5);
        var runs = whole.Relationships.First(r => r.Type == RelationshipType.Runs);
        var partnership = whole.Relationships.First(r => r.Type == RelationshipType.PartnersWith);
        Add(whole, runs, runs.FromId, runs.ToId, ParticipationRole.Operator);
        Add(whole, runs, runs.FromId, runs.ToId, ParticipationRole.ServiceProvider);
        Add(whole, partnership, partnership.ToId, partnership.FromId, roleKind: null);
        await LoadAsync(store, whole);

        var counted = await CountedAsync(store);
        Assert.Equal(counted, await KeptAsync(store));
        var organisationsOfTheModel = counted.Single(c => c.StartsWith($"{runs.ToId}|Runs|Incoming|Organisation|", StringComparison.Ordinal));
        var runsOfTheModel = whole.Relationships.Count(r => r.Type == RelationshipType.Runs && r.ToId == runs.ToId);
        Assert.True(int.Parse(organisationsOfTheModel.Split('|')[^1], System.Globalization.CultureInfo.InvariantCulture) < runsOfTheModel,
            $"{organisationsOfTheModel}: {runsOfTheModel} relationships, one organisation in three of them");
        Assert.Contains($"{partnership.FromId}|PartnersWith|Either|Organisation|", string.Join('\n', counted), StringComparison.Ordinal);

        // Counting every node afresh gives what counting the nodes each load touched gave.
        await ExportStores.WithDbAsync(store, async db =>
        {
            await RelationshipCounts.RefreshAsync(db, nodes: null, progress: null, CancellationToken.None);
            return 0;
        });
        Assert.Equal(counted, await KeptAsync(store));
    }

    [SkippableFact]
    public async Task TheSeedAndIndigo_HaveEveryListsLength_AsTheRelationshipsCountIt()
    {
        var store = await ExportStores.SeedAndIndigoAsync(provider);
        var counted = await CountedAsync(store);
        Assert.True(counted.Count > 1_000, $"{counted.Count} lists");
        Assert.Equal(counted, await KeptAsync(store));
    }

    private static void Add(GraphBatch batch, Relationship like, string fromId, string toId, ParticipationRole? roleKind)
    {
        var relationship = new Relationship
        {
            Key = "",
            Type = like.Type,
            FromKind = like.FromKind,
            FromId = fromId,
            ToKind = like.ToKind,
            ToId = toId,
            RoleKind = roleKind,
        };
        relationship.Key = RelationshipKeys.For(relationship);
        batch.Relationships.Add(relationship);
        batch.RelationshipSources[relationship.Key] = batch.RelationshipSources[like.Key];
    }

    private static Task<LoadSummary> LoadAsync(TestStore store, GraphBatch batch) =>
        ExportStores.WithDbAsync(store, db => new GraphLoader(db, new StoreOptions()).LoadAsync(batch));

    private static Task<List<string>> KeptAsync(TestStore store) => ExportStores.WithDbAsync(store, async db =>
        (await db.RelationshipCounts.AsNoTracking().ToListAsync())
            .Select(c => $"{c.NodeId}|{c.Type}|{c.Direction}|{c.FarKind}|{c.Count}")
            .Order(StringComparer.Ordinal)
            .ToList());

    /// <summary>
    /// Every list counted from the relationships: each node's far nodes by type and far kind, out and in, and either
    /// way for the types that may join two nodes of one kind (partnerships), each far node once.
    /// </summary>
    private static Task<List<string>> CountedAsync(TestStore store) => ExportStores.WithDbAsync(store, async db =>
    {
        var relationships = await db.Relationships.AsNoTracking().ToListAsync();
        var ends = relationships.SelectMany(r => new[]
        {
            (Node: r.FromId, r.Type, Direction: Direction.Outgoing, FarKind: r.ToKind, Far: r.ToId),
            (Node: r.ToId, r.Type, Direction: Direction.Incoming, FarKind: r.FromKind, Far: r.FromId),
        });
        var eitherWay = relationships
            .Where(r => RelationshipEnds.From(r.Type).Intersect(RelationshipEnds.To(r.Type)).Any())
            .SelectMany(r => new[]
            {
                (Node: r.FromId, r.Type, Direction: Direction.Either, FarKind: r.ToKind, Far: r.ToId),
                (Node: r.ToId, r.Type, Direction: Direction.Either, FarKind: r.FromKind, Far: r.FromId),
            });
        return ends.Concat(eitherWay)
            .GroupBy(e => (e.Node, e.Type, e.Direction, e.FarKind))
            .Select(g => $"{g.Key.Node}|{g.Key.Type}|{g.Key.Direction}|{g.Key.FarKind}|{g.Select(e => e.Far).Distinct().Count()}")
            .Order(StringComparer.Ordinal)
            .ToList();
    });
}

public sealed class SqliteRelationshipCountTests() : RelationshipCountTests(StoreProvider.Sqlite);

public sealed class PostgresRelationshipCountTests() : RelationshipCountTests(StoreProvider.Postgres);
