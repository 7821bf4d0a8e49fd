using System.Data;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Export;

/// <summary>One attribution of a node or relationship to a source, by the dataset that made it.</summary>
public sealed record SourceAttribution(string SourceId, string Origin);

/// <summary>A node with its provenance. Organisations carry their identifiers; evidence its rating.</summary>
public sealed record NodeRecord(NodeKind Kind, INode Node, IReadOnlyList<SourceAttribution> Sources);

/// <summary>A relationship with its provenance. Its store id is not part of the graph's content (it differs between stores).</summary>
public sealed record RelationshipRecord(Relationship Relationship, IReadOnlyList<SourceAttribution> Sources);

/// <summary>How many rows of each kind the graph holds.</summary>
public sealed record GraphCounts(IReadOnlyDictionary<string, long> ByKind)
{
    /// <summary>The keys of <see cref="ByKind"/>, in the order exports list them: node kinds, then the rest.</summary>
    public static IReadOnlyList<string> Kinds { get; } =
        [.. GraphContent.NodeKindOrder.Select(k => k.ToString()), "Relationship", "OrganisationIdentifier", "NodeSource", "RelationshipSource"];

    public long Nodes => GraphContent.NodeKindOrder.Sum(k => ByKind.GetValueOrDefault(k.ToString()));

    public long Relationships => ByKind.GetValueOrDefault("Relationship");

    public long Total => ByKind.Values.Sum();

    public override string ToString() => string.Join(", ", Kinds.Select(k => $"{k} {ByKind.GetValueOrDefault(k)}"));
}

/// <summary>
/// The whole graph read from the store as a stream, in one canonical order that does not depend on the store:
/// node kinds in <see cref="NodeKindOrder"/>, each by id (challenge areas by depth, then id, so parents come
/// first), then relationships by key; ids and keys compare by their bytes on both stores. The dump, the content
/// hash, and the Neo4j and GraphML exports all read through here, one row at a time.
/// </summary>
public static class GraphContent
{
    /// <summary>Sources first: every other node and relationship refers to them.</summary>
    public static IReadOnlyList<NodeKind> NodeKindOrder { get; } =
        [NodeKind.Source, NodeKind.ChallengeArea, NodeKind.Model, NodeKind.Organisation, NodeKind.Funder, NodeKind.Outcome, NodeKind.Evidence];

    /// <summary>
    /// Starts a read-only transaction that sees one committed state of the store from its first read to its end,
    /// so an export taken while a load runs is the graph before the load or after it, never a mix. On SQLite the
    /// transaction is deferred (no write lock; WAL gives the snapshot); on PostgreSQL it is REPEATABLE READ.
    /// </summary>
    public static async Task<IDbContextTransaction> BeginSnapshotAsync(GraphDbContext db, CancellationToken cancellationToken)
    {
        if (!db.IsPostgres)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: true);
            return (await db.Database.UseTransactionAsync(transaction, cancellationToken))!;
        }

        return await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
    }

    /// <summary>The number of rows of each kind, counted in the caller's transaction.</summary>
    public static async Task<GraphCounts> CountAsync(GraphDbContext db, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            [nameof(NodeKind.Source)] = await db.Sources.LongCountAsync(cancellationToken),
            [nameof(NodeKind.ChallengeArea)] = await db.ChallengeAreas.LongCountAsync(cancellationToken),
            [nameof(NodeKind.Model)] = await db.Models.LongCountAsync(cancellationToken),
            [nameof(NodeKind.Organisation)] = await db.Organisations.LongCountAsync(cancellationToken),
            [nameof(NodeKind.Funder)] = await db.Funders.LongCountAsync(cancellationToken),
            [nameof(NodeKind.Outcome)] = await db.Outcomes.LongCountAsync(cancellationToken),
            [nameof(NodeKind.Evidence)] = await db.Evidence.LongCountAsync(cancellationToken),
            ["Relationship"] = await db.Relationships.LongCountAsync(cancellationToken),
            ["OrganisationIdentifier"] = await db.OrganisationIdentifiers.LongCountAsync(cancellationToken),
            ["NodeSource"] = await db.NodeSources.LongCountAsync(cancellationToken),
            ["RelationshipSource"] = await db.RelationshipSources.LongCountAsync(cancellationToken),
        };
        return new GraphCounts(counts);
    }

    /// <summary>Every node with its sources, in canonical order.</summary>
    public static async IAsyncEnumerable<NodeRecord> NodesAsync(GraphDbContext db, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var kind in NodeKindOrder)
        {
            await foreach (var node in NodesAsync(db, kind, null, cancellationToken))
            {
                yield return node;
            }
        }
    }

    /// <summary>The nodes of one kind with their sources, by id; only those in <paramref name="ids"/> when it is given.</summary>
    public static IAsyncEnumerable<NodeRecord> NodesAsync(
        GraphDbContext db, NodeKind kind, IReadOnlyCollection<string>? ids, CancellationToken cancellationToken = default) => kind switch
        {
            NodeKind.Source => Read(db, db.Sources, kind, ids, cancellationToken),
            NodeKind.ChallengeArea => Read(db, db.ChallengeAreas, kind, ids, cancellationToken),
            NodeKind.Model => Read(db, db.Models, kind, ids, cancellationToken),
            NodeKind.Organisation => ReadOrganisations(db, ids, cancellationToken),
            NodeKind.Funder => Read(db, db.Funders, kind, ids, cancellationToken),
            NodeKind.Outcome => Read(db, db.Outcomes, kind, ids, cancellationToken),
            NodeKind.Evidence => Read(db, db.Evidence, kind, ids, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a node kind."),
        };

    /// <summary>Every relationship with its sources, by key.</summary>
    public static async IAsyncEnumerable<RelationshipRecord> RelationshipsAsync(
        GraphDbContext db, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var query = OrderedByKey(db, db.Relationships.AsNoTracking())
            .Select(r => new
            {
                Relationship = r,
                Sources = db.RelationshipSources.Where(s => s.RelationshipId == r.Id).Select(s => new SourceAttribution(s.SourceId, s.Origin)).ToList(),
            });
        await foreach (var row in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return new RelationshipRecord(row.Relationship, Canonical(row.Sources));
        }
    }

    /// <summary>The sources of the given relationships, by relationship id: for exports of part of the graph.</summary>
    public static async Task<Dictionary<long, IReadOnlyList<SourceAttribution>>> RelationshipSourcesAsync(
        GraphDbContext db, IReadOnlyCollection<long> relationshipIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, IReadOnlyList<SourceAttribution>>();
        foreach (var chunk in relationshipIds.Chunk(500))
        {
            var rows = await db.RelationshipSources.AsNoTracking().Where(s => chunk.Contains(s.RelationshipId)).ToListAsync(cancellationToken);
            foreach (var group in rows.GroupBy(s => s.RelationshipId))
            {
                result[group.Key] = Canonical(group.Select(s => new SourceAttribution(s.SourceId, s.Origin)));
            }
        }

        return result;
    }

    /// <summary>Which kind of node has this id, or null when none has.</summary>
    public static async Task<NodeKind?> FindKindAsync(GraphDbContext db, string id, CancellationToken cancellationToken)
    {
        foreach (var kind in NodeKindOrder)
        {
            await foreach (var _ in NodesAsync(db, kind, [id], cancellationToken))
            {
                return kind;
            }
        }

        return null;
    }

    private static async IAsyncEnumerable<NodeRecord> Read<T>(
        GraphDbContext db, IQueryable<T> table, NodeKind kind, IReadOnlyCollection<string>? ids,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class, INode
    {
        foreach (var chunk in Chunks(ids))
        {
            var nodes = table.AsNoTracking();
            if (chunk is not null)
            {
                nodes = nodes.Where(n => chunk.Contains(EF.Property<string>(n, nameof(INode.Id))));
            }

            var query = OrderedById(db, nodes)
                .Select(n => new
                {
                    Node = n,
                    Sources = db.NodeSources.Where(s => s.NodeId == EF.Property<string>(n, nameof(INode.Id)))
                        .Select(s => new SourceAttribution(s.SourceId, s.Origin)).ToList(),
                });
            await foreach (var row in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                yield return new NodeRecord(kind, row.Node, Canonical(row.Sources));
            }
        }
    }

    private static async IAsyncEnumerable<NodeRecord> ReadOrganisations(
        GraphDbContext db, IReadOnlyCollection<string>? ids, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var chunk in Chunks(ids))
        {
            var nodes = db.Organisations.AsNoTracking();
            if (chunk is not null)
            {
                nodes = nodes.Where(n => chunk.Contains(n.Id));
            }

            var query = OrderedById(db, nodes)
                .Select(n => new
                {
                    Node = n,
                    Identifiers = db.OrganisationIdentifiers.Where(i => i.OrganisationId == n.Id).ToList(),
                    Sources = db.NodeSources.Where(s => s.NodeId == n.Id).Select(s => new SourceAttribution(s.SourceId, s.Origin)).ToList(),
                });
            await foreach (var row in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                row.Node.Identifiers = [.. row.Identifiers
                    .OrderBy(i => i.Scheme, StringComparer.Ordinal)
                    .ThenBy(i => i.Value, StringComparer.Ordinal)];
                yield return new NodeRecord(NodeKind.Organisation, row.Node, Canonical(row.Sources));
            }
        }
    }

    /// <summary>The whole table (one null chunk), or the given ids in chunks small enough for one statement each.</summary>
    private static IEnumerable<string[]?> Chunks(IReadOnlyCollection<string>? ids)
    {
        if (ids is null)
        {
            yield return null;
            yield break;
        }

        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Chunk(500))
        {
            yield return chunk;
        }
    }

    private static IReadOnlyList<SourceAttribution> Canonical(IEnumerable<SourceAttribution> sources) =>
        [.. sources.OrderBy(s => s.SourceId, StringComparer.Ordinal).ThenBy(s => s.Origin, StringComparer.Ordinal)];

    // Byte order on both stores: SQLite compares text with BINARY by default; a PostgreSQL database may have any
    // collation, so the "C" collation is asked for explicitly.
    private static IQueryable<T> OrderedById<T>(GraphDbContext db, IQueryable<T> nodes)
        where T : class, INode
    {
        var postgres = db.IsPostgres;
        if (typeof(T) == typeof(ChallengeArea))
        {
            var areas = (IQueryable<ChallengeArea>)nodes;
            return (IQueryable<T>)(postgres
                ? areas.OrderBy(a => a.Depth).ThenBy(a => EF.Functions.Collate(a.Id, "C"))
                : areas.OrderBy(a => a.Depth).ThenBy(a => a.Id));
        }

        return postgres
            ? nodes.OrderBy(n => EF.Functions.Collate(EF.Property<string>(n, nameof(INode.Id)), "C"))
            : nodes.OrderBy(n => EF.Property<string>(n, nameof(INode.Id)));
    }

    private static IQueryable<Relationship> OrderedByKey(GraphDbContext db, IQueryable<Relationship> relationships) =>
        db.IsPostgres
            ? relationships.OrderBy(r => EF.Functions.Collate(r.Key, "C"))
            : relationships.OrderBy(r => r.Key);
}
