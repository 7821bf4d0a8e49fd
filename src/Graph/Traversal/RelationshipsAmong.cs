using System.Text.Json;
using Microsoft.EntityFrameworkCore;
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
/// <see cref="RowJson"/>), so that the same statement can bring each relationship's sources along when they are wanted.
/// </summary>
internal static class RelationshipsAmong
{
    /// <returns>The relationships, and with <paramref name="withSources"/> each one's sources, by source id (one per attribution).</returns>
    public static async Task<(List<Relationship> Relationships, Dictionary<long, IReadOnlyList<Source>>? Sources)> ReadAsync(
        GraphDbContext db, IReadOnlyList<NodeRef> nodes, IReadOnlyCollection<RelationshipType> types, bool withSources, CancellationToken cancellationToken)
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
        if (lists.Count == 0)
        {
            return ([], withSources ? [] : null);
        }

        var targets = targetsOf.SelectMany(t => t.Value.Select(target => (Type: t.Key.ToString(), Target: target))).ToList();
        var cap = nodes.Count;
        var postgres = db.Database.IsNpgsql();
        var row = $"CAST({RowJson.Object(db, typeof(Relationship), "r")} AS text) AS \"Row\", {SourcesOf(db, withSources)} AS \"Sources\"";
        var rows = await db.Database.SqlQueryRaw<JsonRow>(
            postgres
                ? $$"""
                    WITH lists AS MATERIALIZED (
                        SELECT l.node, l.type, (SELECT COUNT(*) FROM (
                            SELECT 1 FROM "Relationships" r WHERE r."FromId" = l.node AND r."Type" = l.type LIMIT {{cap + 1:D}}) AS c) AS size
                        FROM unnest({0}::text[], {1}::text[]) AS l(node, type)),
                    targets AS MATERIALIZED (SELECT * FROM unnest({2}::text[], {3}::text[]) AS t(type, target))
                    SELECT {{row}} FROM lists AS l
                    JOIN "Relationships" r ON r."FromId" = l.node AND r."Type" = l.type
                    WHERE l.size <= {{cap:D}} AND r."ToId" = ANY({4})
                    UNION ALL
                    SELECT {{row}} FROM lists AS l JOIN targets AS t ON t.type = l.type
                    JOIN "Relationships" r ON r."FromId" = l.node AND r."Type" = l.type AND r."ToId" = t.target
                    WHERE l.size > {{cap:D}}
                    """
                : $$"""
                    WITH lists AS MATERIALIZED (
                        SELECT json_extract(l.value, '$[0]') AS node, json_extract(l.value, '$[1]') AS type, (SELECT COUNT(*) FROM (
                            SELECT 1 FROM "Relationships" r
                            WHERE r."FromId" = json_extract(l.value, '$[0]') AND r."Type" = json_extract(l.value, '$[1]') LIMIT {{cap + 1:D}})) AS size
                        FROM json_each({0}) AS l),
                    targets AS MATERIALIZED (SELECT json_extract(t.value, '$[0]') AS type, json_extract(t.value, '$[1]') AS target FROM json_each({1}) AS t)
                    SELECT {{row}} FROM lists AS l
                    JOIN "Relationships" r ON r."FromId" = l.node AND r."Type" = l.type
                    WHERE l.size <= {{cap:D}} AND r."ToId" IN (SELECT value FROM json_each({2}))
                    UNION ALL
                    SELECT {{row}} FROM lists AS l JOIN targets AS t ON t.type = l.type
                    JOIN "Relationships" r ON r."FromId" = l.node AND r."Type" = l.type AND r."ToId" = t.target
                    WHERE l.size > {{cap:D}}
                    """,
            postgres
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
                ])
            .ToListAsync(cancellationToken);

        var relationships = new List<Relationship>(rows.Count);
        var sources = withSources ? new Dictionary<long, IReadOnlyList<Source>>() : null;
        foreach (var read in rows)
        {
            using var json = JsonDocument.Parse(read.Row);
            var relationship = (Relationship)RowJson.Read(db, typeof(Relationship), json.RootElement);
            relationships.Add(relationship);
            if (sources is not null && read.Sources is not null)
            {
                using var list = JsonDocument.Parse(read.Sources);
                sources[relationship.Id] = [.. list.RootElement.EnumerateArray().Select(s => (Source)RowJson.Read(db, typeof(Source), s))];
            }
        }

        return (relationships, sources);
    }

    /// <summary>
    /// The SQL of a relationship's sources as a JSON array, one per attribution, by source id (the order the API lists
    /// them in), or NULL when they are not wanted.
    /// </summary>
    private static string SourcesOf(GraphDbContext db, bool withSources)
    {
        if (!withSources)
        {
            return "NULL";
        }

        var source = RowJson.Object(db, typeof(Source), "s");
        return db.Database.IsNpgsql()
            ? $"""
              (SELECT CAST(COALESCE(json_agg({source} ORDER BY s."Id"), '[]') AS text)
               FROM "RelationshipSources" rs JOIN "Sources" s ON s."Id" = rs."SourceId" WHERE rs."RelationshipId" = r."Id")
              """
            // json() keeps each object JSON through the sub-query, which would otherwise hand it on as text.
            : $"""
              (SELECT json_group_array(json(x.source)) FROM (
                  SELECT {source} AS source FROM "RelationshipSources" rs JOIN "Sources" s ON s."Id" = rs."SourceId"
                  WHERE rs."RelationshipId" = r."Id" ORDER BY s."Id") AS x)
              """;
    }

    private sealed record JsonRow(string Row, string? Sources);
}
