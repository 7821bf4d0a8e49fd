using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Store;
using SocialEconomy.Graph.Traversal;

namespace SocialEconomy.Graph.Nodes;

/// <summary>
/// Nodes of any kinds by kind and id, in one statement: each kind's table is read by its primary key and its rows come
/// back as JSON objects (see <see cref="RowJson"/>), so a list that mixes kinds (a neighbourhood, a path, the ends of
/// relationships) costs one statement, not one per kind.
/// </summary>
public static class NodeLookup
{
    /// <summary>The entity class of each kind's table.</summary>
    public static Type EntityOf(NodeKind kind) => kind switch
    {
        NodeKind.Organisation => typeof(Organisation),
        NodeKind.Model => typeof(Model),
        NodeKind.ChallengeArea => typeof(ChallengeArea),
        NodeKind.Funder => typeof(Funder),
        NodeKind.Outcome => typeof(Outcome),
        NodeKind.Evidence => typeof(EvidenceItem),
        NodeKind.Source => typeof(Source),
        // A kind added to NodeKind without a table here would otherwise be looked up nowhere and never found.
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, $"NodeLookup reads no nodes of kind {kind}; add its table to the switch."),
    };

    /// <summary>The nodes that exist among <paramref name="nodes"/>; a missing one is simply not in the answer.</summary>
    public static async Task<Dictionary<NodeRef, object>> ReadAsync(GraphDbContext db, IReadOnlyCollection<NodeRef> nodes, CancellationToken cancellationToken)
    {
        if (nodes.Count == 0)
        {
            return [];
        }

        var parameters = new List<object>();
        var sql = RowsSql(db, nodes, parameters, "");
        var rows = await StoreReads.RowsAsync(db, sql, parameters, row => (Part: row.GetString(0), Row: row.GetString(1)), cancellationToken);
        return rows.Select(r => Read(db, r.Part, r.Row)).ToDictionary();
    }

    /// <summary>
    /// The SQL of the rows of <paramref name="nodes"/>, a SELECT per kind joined by UNION ALL, each row its kind
    /// ("Part") and its record as JSON text ("Row"), then <paramref name="moreColumns"/>, so that the rows can join
    /// another statement's. Its parameters are added to <paramref name="parameters"/> and numbered after those already there.
    /// </summary>
    internal static string RowsSql(GraphDbContext db, IReadOnlyCollection<NodeRef> nodes, List<object> parameters, string moreColumns)
    {
        var postgres = db.IsPostgres;
        return string.Join("\nUNION ALL\n", nodes.GroupBy(n => n.Kind).OrderBy(g => g.Key).Select(group =>
        {
            var entity = EntityOf(group.Key);
            var ids = group.Select(n => n.Id).Distinct().ToArray();
            parameters.Add(postgres ? ids : JsonSerializer.Serialize(ids));
            var table = db.TableOf(entity);
            var wanted = postgres ? StoreReads.InArrayOfAnyLength(parameters.Count - 1, "text") : $"IN (SELECT value FROM json_each({{{parameters.Count - 1}}}))";
            // The row as text: a JSON value would reach EF Core as a type of its own on PostgreSQL.
            return $"""SELECT '{group.Key}' AS "Part", CAST({RowJson.Object(db, entity, "t")} AS text) AS "Row"{moreColumns} FROM "{table}" AS t WHERE t."Id" {wanted}""";
        }));
    }

    /// <summary>A row of <see cref="RowsSql"/> as the node and its record.</summary>
    internal static KeyValuePair<NodeRef, object> Read(GraphDbContext db, string part, string row)
    {
        var kind = Enum.Parse<NodeKind>(part);
        var record = ReadRecord(db, kind, row);
        return new(new NodeRef(kind, ((INode)record).Id), record);
    }

    /// <summary>A record as <see cref="RowsSql"/> or <see cref="RecordSql"/> give it, as the entity of <paramref name="kind"/>.</summary>
    internal static object ReadRecord(GraphDbContext db, NodeKind kind, string row)
    {
        using var json = JsonDocument.Parse(row);
        return RowJson.Read(db, EntityOf(kind), json.RootElement);
    }

    /// <summary>
    /// SQL of the record, as JSON text, of the node whose kind and id another statement's columns give (SQL of
    /// each, <paramref name="kind"/> and <paramref name="id"/>): its table read by primary key, so that a statement
    /// that finds nodes can bring their records with it; null when there is no such node.
    /// </summary>
    internal static string RecordSql(GraphDbContext db, string kind, string id) =>
        $"CASE {kind}" + string.Concat(Enum.GetValues<NodeKind>().Select(k =>
            $"""
             WHEN '{k}' THEN (SELECT CAST({RowJson.Object(db, EntityOf(k), "t")} AS text) FROM "{db.TableOf(EntityOf(k))}" AS t WHERE t."Id" = {id})
            """)) + " END";
}
