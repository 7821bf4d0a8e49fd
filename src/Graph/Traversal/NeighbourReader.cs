using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Traversal;

/// <summary>One list of a node's neighbours: those joined to it by one relationship type, in one direction.</summary>
internal readonly record struct NeighbourList(string NodeId, RelationshipType Type, bool Outgoing);

/// <summary>
/// The next level of a breadth-first traversal, in one statement: the lowest ids among the neighbours of some lists
/// that are not yet seen. Each list is read through its own index, (FromId, Type, ToId) going out and (ToId, Type,
/// FromId) coming in, in id order, from the index alone, and only to its first <c>|seen| + wanted</c> distinct
/// neighbours: the wanted lowest ids of the union, minus the seen, all lie that far into each list (before any of
/// them a list holds only seen ids or ids that are themselves among the lowest). So a hub with a hundred thousand
/// relationships costs what a small node does. The statement also merges the lists, so "lowest" is the order of the
/// ids' collation throughout, the order the indexes are sorted in: byte order on both stores (SQLite's BINARY; on
/// PostgreSQL the id columns' collation "C", see <see cref="PostgresGraphDbContext.IdCollation"/>, not the database's
/// default).
/// </summary>
internal static class NeighbourReader
{
    /// <summary>At most <paramref name="wanted"/> neighbours of the lists outside <paramref name="seen"/>, lowest ids first.</summary>
    public static async Task<List<NodeRef>> LowestAsync(
        GraphDbContext db, IReadOnlyList<NeighbourList> lists, IReadOnlyCollection<string> seen, int wanted, CancellationToken cancellationToken)
    {
        if (lists.Count == 0 || wanted <= 0)
        {
            return [];
        }

        var perList = seen.Count + wanted;
        var outgoing = lists.Where(l => l.Outgoing).ToList();
        var incoming = lists.Where(l => !l.Outgoing).ToList();
        var postgres = db.IsPostgres;
        object[] parameters = postgres
            ?
            [
                outgoing.Select(l => l.NodeId).ToArray(), outgoing.Select(l => l.Type.ToString()).ToArray(), outgoing.Select(FarKind).ToArray(),
                incoming.Select(l => l.NodeId).ToArray(), incoming.Select(l => l.Type.ToString()).ToArray(), incoming.Select(FarKind).ToArray(),
                seen.ToArray(),
            ]
            :
            [
                Json(outgoing), Json(incoming), JsonSerializer.Serialize(seen),
            ];
        var sql = $"""
            SELECT found."Id", MIN(found."Kind") AS "Kind"
            FROM ({(postgres ? PostgresList(true) : SqliteList(true))} UNION ALL {(postgres ? PostgresList(false) : SqliteList(false))}) AS found
            WHERE found."Id" {(postgres ? StoreReads.NotInArrayOfAnyLength(6, "text") : "NOT IN (SELECT value FROM json_each({2}))")}
            GROUP BY found."Id" ORDER BY found."Id" LIMIT {wanted:D}
            """;
        return await StoreReads.RowsAsync(db, sql, parameters, row => new NodeRef(Enum.Parse<NodeKind>(row.GetString(1)), row.GetString(0)), cancellationToken);

        // A lateral join reads each list on its own, from its index alone, and stops after perList neighbours. The
        // lists, and the ids already seen, are arrays of any length to the plan (StoreReads.ArrayOfAnyLength): given
        // the arrays themselves, PostgreSQL planned every hop afresh (the first hop at 10^4 nodes: 0.26 ms of planning
        // for 0.22 ms of work, in psql; the second at 10^6, with 14 ids seen: 0.34-0.72 ms of planning and 2.3-3.4 ms
        // of work, against 0.02-0.08 ms and 2.1-2.4 ms on the plan for any length).
        string PostgresList(bool outgoing)
        {
            var (near, far, nodes, types, kinds) = outgoing ? ("FromId", "To", 0, 1, 2) : ("ToId", "From", 3, 4, 5);
            return $"""
                SELECT n."Id", COALESCE(l.kind, (
                    SELECT k."{far}Kind" FROM "Relationships" k WHERE k."{near}" = l.node AND k."Type" = l.type AND k."{far}Id" = n."Id" LIMIT 1)) AS "Kind"
                FROM unnest({StoreReads.ArrayOfAnyLength(nodes, "text")}, {StoreReads.ArrayOfAnyLength(types, "text")}, {StoreReads.ArrayOfAnyLength(kinds, "text")}) AS l(node, type, kind)
                CROSS JOIN LATERAL (
                    SELECT DISTINCT r."{far}Id" AS "Id" FROM "Relationships" r
                    WHERE r."{near}" = l.node AND r."Type" = l.type
                    ORDER BY r."{far}Id" LIMIT {perList:D}) AS n
                """;
        }

        // SQLite has no lateral join; a correlated sub-query runs once per list, reads its first perList neighbours
        // from the index alone, and hands them on as a JSON array for json_each to turn into rows.
        string SqliteList(bool outgoing)
        {
            var (near, far, lists) = outgoing ? ("FromId", "To", "{0}") : ("ToId", "From", "{1}");
            return $"""
                SELECT n.value AS "Id", COALESCE(json_extract(l.value, '$[2]'), (
                    SELECT k."{far}Kind" FROM "Relationships" k
                    WHERE k."{near}" = json_extract(l.value, '$[0]') AND k."Type" = json_extract(l.value, '$[1]') AND k."{far}Id" = n.value LIMIT 1)) AS "Kind"
                FROM json_each({lists}) AS l
                CROSS JOIN json_each((SELECT json_group_array(y.id) FROM (
                    SELECT DISTINCT x."{far}Id" AS id FROM "Relationships" x
                    WHERE x."{near}" = json_extract(l.value, '$[0]') AND x."Type" = json_extract(l.value, '$[1]')
                    ORDER BY x."{far}Id" LIMIT {perList:D}) AS y)) AS n
                """;
        }
    }

    /// <summary>
    /// The kind of node at the far end of a list's relationships when its type allows only one (most do), so that
    /// the list's neighbours are read from the index alone; null when the type allows several (a funder funds
    /// organisations and models), and each neighbour's kind is then read from one of its relationships.
    /// </summary>
    private static string? FarKind(NeighbourList list)
    {
        var kinds = list.Outgoing ? RelationshipEnds.To(list.Type) : RelationshipEnds.From(list.Type);
        return kinds.Count == 1 ? kinds[0].ToString() : null;
    }

    private static string Json(IEnumerable<NeighbourList> lists) =>
        JsonSerializer.Serialize(lists.Select(l => new[] { l.NodeId, l.Type.ToString(), FarKind(l) }));
}
