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
/// FromId) coming in, in id order, and only to its first <c>|seen| + wanted</c> distinct neighbours: the wanted
/// lowest ids of the union, minus the seen, all lie that far into each list (before any of them a list holds only
/// seen ids or ids that are themselves among the lowest). So a hub with a hundred thousand relationships costs what a
/// small node does. The statement also merges the lists, so "lowest" is the order of the ids' collation throughout,
/// the order the indexes are sorted in: byte order on both stores (SQLite's BINARY; on PostgreSQL the id columns'
/// collation "C", see <see cref="PostgresGraphDbContext.IdCollation"/>, not the database's default).
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
        var postgres = db.Database.IsNpgsql();
        object[] parameters = postgres
            ?
            [
                outgoing.Select(l => l.NodeId).ToArray(), outgoing.Select(l => l.Type.ToString()).ToArray(),
                incoming.Select(l => l.NodeId).ToArray(), incoming.Select(l => l.Type.ToString()).ToArray(),
                seen.ToArray(),
            ]
            :
            [
                Json(outgoing), Json(incoming), JsonSerializer.Serialize(seen),
            ];
        var sql = $"""
            SELECT found."Id", MIN(found."Kind") AS "Kind"
            FROM ({(postgres ? PostgresList(true) : SqliteList(true))} UNION ALL {(postgres ? PostgresList(false) : SqliteList(false))}) AS found
            WHERE {(postgres ? """found."Id" <> ALL({4})""" : """found."Id" NOT IN (SELECT value FROM json_each({2}))""")}
            GROUP BY found."Id" ORDER BY found."Id" LIMIT {wanted:D}
            """;
        var rows = await db.Database.SqlQueryRaw<NeighbourRow>(sql, parameters).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new NodeRef(Enum.Parse<NodeKind>(r.Kind), r.Id))];

        // A lateral join reads each list on its own, through its index, and stops after perList neighbours.
        string PostgresList(bool outgoing)
        {
            var (near, far, nodes, types) = outgoing ? ("FromId", "To", "{0}", "{1}") : ("ToId", "From", "{2}", "{3}");
            return $"""
                SELECT n."Id", n."Kind" FROM unnest({nodes}::text[], {types}::text[]) AS l(node, type)
                CROSS JOIN LATERAL (
                    SELECT r."{far}Id" AS "Id", MIN(r."{far}Kind") AS "Kind" FROM "Relationships" r
                    WHERE r."{near}" = l.node AND r."Type" = l.type
                    GROUP BY r."{far}Id" ORDER BY r."{far}Id" LIMIT {perList:D}) AS n
                """;
        }

        // SQLite has no lateral join; a correlated IN sub-query runs once per list and picks one relationship per
        // neighbour, in the index's order, up to perList.
        string SqliteList(bool outgoing)
        {
            var (near, far, lists) = outgoing ? ("FromId", "To", "{0}") : ("ToId", "From", "{1}");
            return $"""
                SELECT r."{far}Id" AS "Id", r."{far}Kind" AS "Kind" FROM json_each({lists}) AS l
                JOIN "Relationships" r ON r."Id" IN (
                    SELECT MIN(x."Id") FROM "Relationships" x
                    WHERE x."{near}" = json_extract(l.value, '$[0]') AND x."Type" = json_extract(l.value, '$[1]')
                    GROUP BY x."{far}Id" ORDER BY x."{far}Id" LIMIT {perList:D})
                """;
        }
    }

    private static string Json(IEnumerable<NeighbourList> lists) =>
        JsonSerializer.Serialize(lists.Select(l => new[] { l.NodeId, l.Type.ToString() }));

    private sealed record NeighbourRow(string Id, string Kind);
}
