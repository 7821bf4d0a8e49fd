using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Traversal;

/// <summary>
/// The relationships of some types among a set of nodes, in two statements whose cost does not grow with the hubs
/// among the nodes. Each relationship is found from its start node: per node and type, the list of the node's
/// relationships of that type is either read whole, when it is short, or probed for each node of the set it could
/// lead to (the index (FromId, Type, ToId) answers each probe). The first statement tells which lists are short by
/// counting each one only up to the size of the set. Reading every relationship of the set's nodes instead costs
/// their whole degree: 50 ms for a hundred nodes around an organisation of a 10^6-node graph on SQLite.
/// </summary>
internal static class RelationshipsAmong
{
    public static async Task<List<Relationship>> ReadAsync(
        GraphDbContext db, IReadOnlyList<NodeRef> nodes, IReadOnlyCollection<RelationshipType> types, CancellationToken cancellationToken)
    {
        var ids = nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        // A list of u's relationships of type t can only lead to the nodes of the kinds t ends at.
        var targetsOf = types.Distinct().ToDictionary(
            type => type, type => nodes.Where(n => RelationshipEnds.To(type).Contains(n.Kind)).Select(n => n.Id).ToList());
        var lists = nodes
            .SelectMany(node => targetsOf
                .Where(t => t.Value.Count > 0 && RelationshipEnds.From(t.Key).Contains(node.Kind))
                .Select(t => (Node: node.Id, Type: t.Key, Targets: t.Value)))
            .ToList();
        if (lists.Count == 0)
        {
            return [];
        }

        var cap = nodes.Count;
        var postgres = db.Database.IsNpgsql();
        var sizes = await db.Database.SqlQueryRaw<ListSize>(
            postgres
                ? $$"""
                    SELECT CAST(l.ordinality AS integer) - 1 AS "List", (SELECT CAST(COUNT(*) AS integer) FROM (
                        SELECT 1 FROM "Relationships" r WHERE r."FromId" = l.node AND r."Type" = l.type LIMIT {{cap + 1:D}}) AS c) AS "Size"
                    FROM unnest({0}::text[], {1}::text[]) WITH ORDINALITY AS l(node, type)
                    """
                : $$"""
                    SELECT CAST(l.key AS integer) AS "List", (SELECT COUNT(*) FROM (
                        SELECT 1 FROM "Relationships" r WHERE r."FromId" = json_extract(l.value, '$[0]') AND r."Type" = json_extract(l.value, '$[1]') LIMIT {{cap + 1:D}})) AS "Size"
                    FROM json_each({0}) AS l
                    """,
            postgres
                ? [lists.Select(l => l.Node).ToArray(), lists.Select(l => l.Type.ToString()).ToArray()]
                : [JsonSerializer.Serialize(lists.Select(l => new[] { l.Node, l.Type.ToString() }))])
            .ToListAsync(cancellationToken);

        var isShort = new bool[lists.Count];
        foreach (var size in sizes)
        {
            isShort[size.List] = size.Size <= cap;
        }

        var whole = lists.Where((_, i) => isShort[i]).ToList();
        var probes = lists.Where((_, i) => !isShort[i]).SelectMany(l => l.Targets.Select(target => (l.Node, l.Type, Target: target))).ToList();
        var read = await db.Relationships.FromSqlRaw(
            postgres
                ? """
                    SELECT r.* FROM unnest({0}::text[], {1}::text[]) AS l(node, type)
                    JOIN "Relationships" r ON r."FromId" = l.node AND r."Type" = l.type
                    UNION ALL
                    SELECT r.* FROM unnest({2}::text[], {3}::text[], {4}::text[]) AS p(node, type, target)
                    JOIN "Relationships" r ON r."FromId" = p.node AND r."Type" = p.type AND r."ToId" = p.target
                    """
                : """
                    SELECT r.* FROM json_each({0}) AS l
                    JOIN "Relationships" r ON r."FromId" = json_extract(l.value, '$[0]') AND r."Type" = json_extract(l.value, '$[1]')
                    UNION ALL
                    SELECT r.* FROM json_each({1}) AS p
                    JOIN "Relationships" r ON r."FromId" = json_extract(p.value, '$[0]') AND r."Type" = json_extract(p.value, '$[1]')
                        AND r."ToId" = json_extract(p.value, '$[2]')
                    """,
            postgres
                ?
                [
                    whole.Select(l => l.Node).ToArray(), whole.Select(l => l.Type.ToString()).ToArray(),
                    probes.Select(p => p.Node).ToArray(), probes.Select(p => p.Type.ToString()).ToArray(), probes.Select(p => p.Target).ToArray(),
                ]
                :
                [
                    JsonSerializer.Serialize(whole.Select(l => new[] { l.Node, l.Type.ToString() })),
                    JsonSerializer.Serialize(probes.Select(p => new[] { p.Node, p.Type.ToString(), p.Target })),
                ])
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return [.. read.Where(r => ids.Contains(r.ToId))];
    }

    private sealed record ListSize(int List, int Size);
}
