using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Traversal;

/// <summary>
/// The relationships of some types among a set of nodes, in one statement whose cost does not grow with the hubs
/// among the nodes. Each relationship is found from its start node: per node and type, the list of the node's
/// relationships of that type is either read whole, when it is short, or probed for each node of the set it could
/// lead to (the index (FromId, Type, ToId) answers each probe). A list is short when counting it, only up to the size
/// of the set, stays within that size. Reading every relationship of the set's nodes instead costs their whole degree:
/// 50 ms for a hundred nodes around an organisation of a 10^6-node graph on SQLite. Rows come back as JSON (see
/// <see cref="RowJson"/>), so that the same statement can bring along, when they are wanted, the relationships' sources
/// (each relationship with its source ids, and each source once: a hundred relationships often cite a handful) and the
/// nodes' own records (see <see cref="NodeLookup"/>).
/// </summary>
internal static class RelationshipsAmong
{
    /// <returns>
    /// The relationships; with <paramref name="withSources"/> each one's sources, by source id (one per attribution);
    /// with <paramref name="withNodes"/> each node's own record.
    /// </returns>
    public static async Task<Among> ReadAsync(
        GraphDbContext db, IReadOnlyList<NodeRef> nodes, IReadOnlyCollection<RelationshipType> types, bool withSources, bool withNodes,
        CancellationToken cancellationToken)
    {
        var ids = nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        // A list of u's relationships of type t can only lead to the nodes of the kinds t ends at.
        var targetsOf = types.Distinct().ToDictionary(
            type => type, type => nodes.Where(n => RelationshipEnds.To(type).Contains(n.Kind)).Select(n => n.Id).ToList());
        var lists = nodes
            .SelectMany(node => targetsOf
                .Where(t => t.Value.Count > 0 && RelationshipEnds.From(t.Key).Contains(node.Kind))
                .Select(t => (Node: node.Id, Type: t.Key.ToString())))
            .ToList();
        var targets = targetsOf.SelectMany(t => t.Value.Select(target => (Type: t.Key.ToString(), Target: target))).ToList();
        var postgres = db.IsPostgres;
        var parameters = new List<object>();
        var parts = new List<string>();
        var found = "";
        if (lists.Count > 0)
        {
            parameters.AddRange(postgres
                ?
                [
                    lists.Select(l => l.Node).ToArray(), lists.Select(l => l.Type).ToArray(),
                    targets.Select(t => t.Type).ToArray(), targets.Select(t => t.Target).ToArray(),
                    ids.ToArray(),
                ]
                :
                [
                    JsonSerializer.Serialize(lists.Select(l => new[] { l.Node, l.Type })),
                    JsonSerializer.Serialize(targets.Select(t => new[] { t.Type, t.Target })),
                    JsonSerializer.Serialize(ids),
                ]);
            found = Found(postgres, cap: nodes.Count);
            parts.Add($"""
                SELECT 'relationship' AS "Part", CAST({RowJson.Object(db, typeof(Relationship), "r")} AS text) AS "Row", {SourceIdsOf(db, withSources)} AS "Sources"
                FROM found AS r
                """);
            if (withSources)
            {
                // Each source once, however many of the relationships cite it. CROSS JOIN keeps SQLite to reading the
                // attributions of the relationships found, where it would otherwise scan every attribution in the store.
                parts.Add($"""
                    SELECT 'source', CAST({RowJson.Object(db, typeof(Source), "s")} AS text), NULL FROM "Sources" s
                    WHERE s."Id" IN (SELECT rs."SourceId" FROM found AS f CROSS JOIN "RelationshipSources" rs WHERE rs."RelationshipId" = f."Id")
                    """);
            }
        }

        if (withNodes && nodes.Count > 0)
        {
            parts.Add(NodeLookup.RowsSql(db, nodes, parameters, ", NULL AS \"Sources\""));
        }

        if (parts.Count == 0)
        {
            return new Among([], withSources ? [] : null, withNodes ? [] : null);
        }

        // Each row says what it is: "relationship", "source", or a node kind's name (capitalised, so never one of those).
        var sql = found + string.Join("\nUNION ALL\n", parts);
        var rows = await StoreReads.RowsAsync(
            db, sql, parameters, row => new JsonRow(row.GetString(0), row.GetString(1), row.IsDBNull(2) ? null : row.GetString(2)), cancellationToken);

        var sourcesById = rows.Where(r => r.Part == "source").Select(r =>
        {
            using var json = JsonDocument.Parse(r.Row);
            return (Source)RowJson.Read(db, typeof(Source), json.RootElement);
        }).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var relationships = new List<Relationship>(rows.Count);
        var sources = withSources ? new Dictionary<long, IReadOnlyList<Source>>() : null;
        var nodeRows = withNodes ? new Dictionary<NodeRef, object>() : null;
        foreach (var read in rows)
        {
            switch (read.Part)
            {
                case "relationship":
                    using (var json = JsonDocument.Parse(read.Row))
                    {
                        var relationship = (Relationship)RowJson.Read(db, typeof(Relationship), json.RootElement);
                        relationships.Add(relationship);
                        if (sources is not null && read.Sources is not null)
                        {
                            sources[relationship.Id] = [.. JsonSerializer.Deserialize<string[]>(read.Sources)!.Select(id => sourcesById[id])];
                        }
                    }

                    break;
                case "source":
                    break;
                default:
                    var (node, record) = NodeLookup.Read(db, read.Part, read.Row);
                    nodeRows![node] = record;
                    break;
            }
        }

        return new Among(relationships, sources, nodeRows);
    }

    /// <summary>
    /// The SQL of the relationships found, whole, as the table expression "found": short lists read whole and filtered
    /// to the set, long ones (more than <paramref name="cap"/> relationships) probed for each node of the set they
    /// could lead to. Each read takes the whole row it has reached, where taking its id and reading the row again by
    /// primary key cost a second index read per relationship: for the benchmark's depth-2 neighbourhood on PostgreSQL,
    /// with this and the arrays below, the statement's median in the server's log (40 runs of each build, in turn, on a
    /// warm store) was 5.7 against 6.4 ms at 10^6 nodes (223 relationships), 3.8 against 5.3–6.1 ms at 10^5, and 3.6
    /// against 3.3 ms at 10^4; on SQLite at 10^6 the neighbourhood did not move. On PostgreSQL each read is a
    /// sub-select of its own (<c>OFFSET 0</c> keeps the planner from merging it into the join), so that it reads the
    /// index it is written for. A probe has all three columns of the (FromId, Type, ToId) index as its condition:
    /// joined directly, the planner, which expects about three relationships of a type from a node, left the far end
    /// out of the condition and read a hub's whole list for each node probed (93 of the 100 ms of the depth-2
    /// neighbourhood of a typical organisation at 10^5 nodes). A short list is read through (FromId, Type) and filtered
    /// to the set afterwards: joined directly, the planner probed the (ToId, Type, FromId) index once for every node of
    /// the set from every short list (3,100 probes, 6.8 of the statement's 13 ms at 10^6 nodes, where reading the 31
    /// lists took 1.7). SQLite's planner chose the same probes (40 lists by 100 nodes around an organisation at 10^6
    /// nodes); the unary + on the far end keeps it from using an index for that column, and the statement took 3.1
    /// against 6.3 ms. PostgreSQL's arrays are of any length to its plan (<see cref="StoreReads.ArrayOfAnyLength"/>),
    /// which, fenced as above, is then made once and kept on the connection (in psql at 10^6 nodes: 35 runs of 40 on
    /// that plan, and no slower).
    /// </summary>
    private static string Found(bool postgres, int cap) => postgres
        ? $$"""
            WITH lists AS MATERIALIZED (
                SELECT l.node, l.type, (SELECT COUNT(*) FROM (
                    SELECT 1 FROM "Relationships" r WHERE r."FromId" = l.node AND r."Type" = l.type LIMIT {{cap + 1:D}}) AS c) AS size
                FROM unnest({{StoreReads.ArrayOfAnyLength(0, "text")}}, {{StoreReads.ArrayOfAnyLength(1, "text")}}) AS l(node, type)),
            targets AS MATERIALIZED (
                SELECT t.type, array_agg(t.target) AS targets FROM unnest({{StoreReads.ArrayOfAnyLength(2, "text")}}, {{StoreReads.ArrayOfAnyLength(3, "text")}}) AS t(type, target) GROUP BY t.type),
            found AS MATERIALIZED (
                SELECT r.* FROM lists AS l
                CROSS JOIN LATERAL (
                    SELECT r.* FROM "Relationships" r WHERE r."FromId" = l.node AND r."Type" = l.type
                    OFFSET 0) AS r
                WHERE l.size <= {{cap:D}} AND r."ToId" {{StoreReads.InArrayOfAnyLength(4, "text")}}
                UNION ALL
                SELECT r.* FROM lists AS l JOIN targets AS t ON t.type = l.type
                CROSS JOIN unnest(t.targets) AS u(target)
                CROSS JOIN LATERAL (
                    SELECT r.* FROM "Relationships" r WHERE r."FromId" = l.node AND r."Type" = l.type AND r."ToId" = u.target
                    OFFSET 0) AS r
                WHERE l.size > {{cap:D}})

            """
        : $$"""
            WITH lists AS MATERIALIZED (
                SELECT json_extract(l.value, '$[0]') AS node, json_extract(l.value, '$[1]') AS type, (SELECT COUNT(*) FROM (
                    SELECT 1 FROM "Relationships" r
                    WHERE r."FromId" = json_extract(l.value, '$[0]') AND r."Type" = json_extract(l.value, '$[1]') LIMIT {{cap + 1:D}})) AS size
                FROM json_each({0}) AS l),
            targets AS MATERIALIZED (SELECT json_extract(t.value, '$[0]') AS type, json_extract(t.value, '$[1]') AS target FROM json_each({1}) AS t),
            found AS MATERIALIZED (
                SELECT r.* FROM lists AS l
                JOIN "Relationships" r ON r."FromId" = l.node AND r."Type" = l.type
                WHERE l.size <= {{cap:D}} AND +r."ToId" IN (SELECT value FROM json_each({2}))
                UNION ALL
                SELECT r.* FROM lists AS l JOIN targets AS t ON t.type = l.type
                JOIN "Relationships" r ON r."FromId" = l.node AND r."Type" = l.type AND r."ToId" = t.target
                WHERE l.size > {{cap:D}})

            """;

    /// <summary>
    /// The SQL of a relationship's source ids as a JSON array, one per attribution, by source id (the order the API
    /// lists them in), or NULL when they are not wanted.
    /// </summary>
    private static string SourceIdsOf(GraphDbContext db, bool withSources) =>
        !withSources ? "NULL"
        : db.IsPostgres
            ? """(SELECT CAST(COALESCE(json_agg(rs."SourceId" ORDER BY rs."SourceId"), '[]') AS text) FROM "RelationshipSources" rs WHERE rs."RelationshipId" = r."Id")"""
            : """
              (SELECT json_group_array(x."SourceId") FROM (
                  SELECT rs."SourceId" FROM "RelationshipSources" rs WHERE rs."RelationshipId" = r."Id" ORDER BY rs."SourceId") AS x)
              """;

    private sealed record JsonRow(string Part, string Row, string? Sources);

    /// <summary>What <see cref="ReadAsync"/> read; the sources and the nodes' records are null when not asked for.</summary>
    internal sealed record Among(
        List<Relationship> Relationships, Dictionary<long, IReadOnlyList<Source>>? Sources, Dictionary<NodeRef, object>? Nodes);
}
