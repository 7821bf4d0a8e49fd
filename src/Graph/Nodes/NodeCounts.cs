using Microsoft.EntityFrameworkCore;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Nodes;

/// <summary>
/// Keeps <see cref="NodeCount"/> in step with the nodes, inside the transaction that adds them, so that the total of a
/// list of every node of a kind (every organisation, unfiltered) is one read of the primary key, not a count of the
/// kind's table: on PostgreSQL at 10^6 nodes, counting the 749,992 organisations made the page of 50 organisations
/// by name with its total take 71 ms at p50 (the benchmark of 2026-12-05), and counting the 10,000 challenge areas
/// took 1.0–2.8 ms (EXPLAIN ANALYZE).
/// Nodes are never deleted, so a load, a restore and a migration are the only times the counts change.
/// </summary>
public static class NodeCounts
{
    /// <summary>Counts every kind's nodes again (a few index-only counts; part of the load's transaction when called in one).</summary>
    public static async Task RefreshAsync(GraphDbContext db, CancellationToken cancellationToken)
    {
        var table = db.TableOf(typeof(NodeCount));
        var counts = string.Join("\nUNION ALL ", Enum.GetValues<NodeKind>().Select(kind =>
            $"""SELECT '{kind}', COUNT(*) FROM "{db.TableOf(NodeLookup.EntityOf(kind))}" """));
        // Built beforehand: only names from the model and the kinds' own names go into the text.
        var delete = $"""DELETE FROM "{table}" """;
        var insert = $"""INSERT INTO "{table}" ("Kind", "Count") {counts}""";
        await db.Database.ExecuteSqlRawAsync(delete, cancellationToken);
        await db.Database.ExecuteSqlRawAsync(insert, cancellationToken);
    }

    /// <summary>The SQL of the number of nodes of <paramref name="kind"/>, as kept: a sub-select that a statement can hold.</summary>
    public static string Sql(GraphDbContext db, NodeKind kind) =>
        $"""(SELECT c."Count" FROM "{db.TableOf(typeof(NodeCount))}" AS c WHERE c."Kind" = '{kind}')""";

    /// <summary>
    /// The number of nodes of <paramref name="kind"/>, as kept. Written here rather than in LINQ: it is the whole of a
    /// small question such as a list's totalCount, and there EF Core's query (translating it, opening and closing a
    /// pooled connection, materialising one integer) took about a third of the API's CPU for the request (perf, 10^4
    /// nodes on SQLite); the rest was HTTP, GraphQL and the answer.
    /// </summary>
    public static async Task<int> ReadAsync(GraphDbContext db, NodeKind kind, CancellationToken cancellationToken)
    {
        var counts = await StoreReads.RowsAsync(
            db, $$"""SELECT "Count" FROM "{{db.TableOf(typeof(NodeCount))}}" WHERE "Kind" = {0}""", [kind.ToString()], row => row.GetInt32(0), cancellationToken);
        return counts.Count == 1
            ? counts[0]
            : throw new InvalidOperationException(
                $"The store keeps no count of its {kind} nodes (no row in table {db.TableOf(typeof(NodeCount))}): its schema was not made by this version's migrations ('ingest migrate').");
    }
}
