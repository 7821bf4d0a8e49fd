using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Traversal;

/// <summary>
/// Every level of a breadth-first traversal, in one statement: a common table expression per level, each holding
/// the lowest ids among the neighbours of the level before that are not yet seen, as many as the limit still allows.
/// </summary>
/// <remarks>
/// A node's neighbours come in lists, one per relationship type and direction its kind can have (see
/// <see cref="RelationshipEnds"/>). Each list is read through its own index, (FromId, Type, ToId) going out and
/// (ToId, Type, FromId) coming in, in id order, and only to its first <c>limit + 1</c> distinct neighbours: the
/// lowest ids a level still wants, one more than it can keep (which tells whether the limit cut it short), are at
/// most <c>limit + 1 - |seen|</c>, and they all lie within <c>|seen| + that</c> entries of each list (before any of
/// them a list holds only seen ids or ids that are themselves among the lowest). So a hub with a hundred thousand
/// relationships costs what a small node does. "Lowest" is the order of the ids' collation throughout, the order the
/// indexes are sorted in: byte order on both stores (SQLite's BINARY; on PostgreSQL the id columns' collation "C",
/// see <see cref="PostgresGraphDbContext.IdCollation"/>, not the database's default).
/// </remarks>
internal static class NeighbourReader
{
    /// <summary>
    /// The nodes within <paramref name="depth"/> hops of <paramref name="start"/> (the start first, at distance 0),
    /// at most <paramref name="limit"/>, nearest and then lowest ids kept; and whether the limit left some out.
    /// </summary>
    public static async Task<(List<NeighbourNode> Nodes, bool Truncated)> LevelsAsync(
        GraphDbContext db, NodeRef start, int depth, IReadOnlyCollection<RelationshipType> types, int limit, CancellationToken cancellationToken)
    {
        var centre = new NeighbourNode(start, 0);
        var ends = Enum.GetValues<NodeKind>()
            .SelectMany(kind => types.SelectMany(type => (IEnumerable<(NodeKind Kind, RelationshipType Type, bool Outgoing)>)
            [
                .. RelationshipEnds.From(type).Contains(kind) ? [(kind, type, true)] : Array.Empty<(NodeKind, RelationshipType, bool)>(),
                .. RelationshipEnds.To(type).Contains(kind) ? [(kind, type, false)] : Array.Empty<(NodeKind, RelationshipType, bool)>(),
            ]))
            .ToList();
        if (depth == 0 || ends.Count == 0)
        {
            return ([centre], false);
        }

        var postgres = db.Database.IsNpgsql();
        object[] parameters = postgres
            ?
            [
                ends.Select(e => e.Kind.ToString()).ToArray(), ends.Select(e => e.Type.ToString()).ToArray(), ends.Select(e => e.Outgoing).ToArray(),
                start.Id, start.Kind.ToString(),
            ]
            :
            [
                JsonSerializer.Serialize(ends.Select(e => new object[] { e.Kind.ToString(), e.Type.ToString(), e.Outgoing ? 1 : 0 })),
                start.Id, start.Kind.ToString(),
            ];
        var rows = await db.Database.SqlQueryRaw<LevelRow>(Sql(postgres, depth, limit), parameters).ToListAsync(cancellationToken);
        var nodes = rows.Where(r => r.Id is not null)
            .Select(r => new NeighbourNode(new NodeRef(Enum.Parse<NodeKind>(r.Kind!), r.Id!), r.Distance))
            .Prepend(centre)
            .ToList();
        return (nodes, rows.Any(r => r.Id is null));
    }

    /// <summary>
    /// Level i is the CTE "level{i}", drawn from the candidates "found{i}" numbered in id order: the first
    /// <c>limit - |levels before|</c> are kept, and one more than that means the limit cut the traversal short.
    /// Once a level is cut short, none is left for the next ones, whose candidates then say so again.
    /// </summary>
    private static string Sql(bool postgres, int depth, int limit)
    {
        var sql = new StringBuilder();
        sql.Append(postgres
            ? """
              WITH ends AS MATERIALIZED (SELECT * FROM unnest({0}::text[], {1}::text[], {2}::boolean[]) AS e(kind, type, outgoing)),
              level0 AS MATERIALIZED (SELECT CAST({3} AS text) COLLATE "C" AS id, CAST({4} AS text) AS kind)
              """
            : """
              WITH ends AS MATERIALIZED (
                  SELECT json_extract(value, '$[0]') AS kind, json_extract(value, '$[1]') AS type, json_extract(value, '$[2]') AS outgoing FROM json_each({0})),
              level0 AS MATERIALIZED (SELECT CAST({1} AS TEXT) AS id, CAST({2} AS TEXT) AS kind)
              """);
        for (var level = 1; level <= depth; level++)
        {
            var seen = string.Join(" UNION ALL ", Enumerable.Range(0, level).Select(l => $"SELECT id FROM level{l}"));
            var kept = string.Join(" + ", Enumerable.Range(0, level).Select(l => $"(SELECT COUNT(*) FROM level{l})"));
            sql.Append(CultureInfo.InvariantCulture, $"""
                ,
                found{level} AS MATERIALIZED (
                    SELECT f.id, MIN(f.kind) AS kind, ROW_NUMBER() OVER (ORDER BY f.id) AS n
                    FROM ({List(postgres, level - 1, outgoing: true, limit)} UNION ALL {List(postgres, level - 1, outgoing: false, limit)}) AS f
                    WHERE f.id NOT IN ({seen})
                    GROUP BY f.id ORDER BY f.id LIMIT {limit + 1:D}),
                remaining{level} AS MATERIALIZED (SELECT {limit:D} - ({kept}) AS allowed),
                level{level} AS MATERIALIZED (SELECT id, kind FROM found{level} WHERE n <= (SELECT allowed FROM remaining{level}))
                """);
        }

        sql.AppendLine();
        sql.Append(string.Join("\nUNION ALL ", Enumerable.Range(1, depth).Select(l => $"SELECT id AS \"Id\", kind AS \"Kind\", {l} AS \"Distance\" FROM level{l}")));
        // A row without an id says that some level had more candidates than it could keep.
        var cut = string.Join(" OR ", Enumerable.Range(1, depth).Select(l => $"EXISTS (SELECT 1 FROM found{l} WHERE n > (SELECT allowed FROM remaining{l}))"));
        sql.Append(CultureInfo.InvariantCulture, $"\nUNION ALL SELECT NULL, NULL, 0 WHERE {cut}");
        return sql.ToString();
    }

    /// <summary>The neighbours of the nodes of one level along one direction's lists, each list read through its index and only as far as needed.</summary>
    private static string List(bool postgres, int level, bool outgoing, int limit)
    {
        var (near, far) = outgoing ? ("From", "To") : ("To", "From");
        var direction = postgres ? (outgoing ? "e.outgoing" : "NOT e.outgoing") : (outgoing ? "e.outgoing = 1" : "e.outgoing = 0");
        // A lateral join reads each list on its own. SQLite has no lateral join; a correlated IN sub-query runs once
        // per list and picks one relationship per neighbour, in the index's order. CROSS JOIN keeps SQLite's planner to
        // that order: left to choose, it once scanned every relationship and ran the sub-query for each.
        return postgres
            ? $"""
              SELECT x.id, x.kind FROM level{level} AS p JOIN ends AS e ON e.kind = p.kind AND {direction}
              CROSS JOIN LATERAL (
                  SELECT r."{far}Id" AS id, MIN(r."{far}Kind") AS kind FROM "Relationships" r
                  WHERE r."{near}Id" = p.id AND r."Type" = e.type
                  GROUP BY r."{far}Id" ORDER BY r."{far}Id" LIMIT {limit + 1:D}) AS x
              """
            : $"""
              SELECT r."{far}Id" AS id, r."{far}Kind" AS kind FROM level{level} AS p CROSS JOIN ends AS e CROSS JOIN "Relationships" r
              WHERE e.kind = p.kind AND {direction} AND r."Id" IN (
                  SELECT MIN(x."Id") FROM "Relationships" x
                  WHERE x."{near}Id" = p.id AND x."Type" = e.type
                  GROUP BY x."{far}Id" ORDER BY x."{far}Id" LIMIT {limit + 1:D})
              """;
    }

    private sealed record LevelRow(string? Id, string? Kind, int Distance);
}
