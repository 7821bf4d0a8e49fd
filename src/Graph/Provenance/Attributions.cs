using System.Globalization;
using System.Text.Json;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Provenance;

/// <summary>
/// The sources of many nodes, or of many relationships, in one statement that gives each source once: the
/// attributions as pairs of ids, then the sources they name. Records cite few sources between them (every organisation
/// of an open dataset cites the dataset), so reading each attribution with its source read the same source again and again.
/// </summary>
public static class Attributions
{
    /// <summary>Each node's sources, in the order of their ids; a node without any has no entry.</summary>
    public static Task<Dictionary<string, IReadOnlyList<Source>>> OfNodesAsync(
        GraphDbContext db, IReadOnlyCollection<string> nodeIds, CancellationToken cancellationToken) =>
        ReadAsync(db, db.TableOf(typeof(NodeSource)), nameof(NodeSource.NodeId), "text",
            db.IsPostgres ? nodeIds.ToArray() : JsonSerializer.Serialize(nodeIds), cancellationToken);

    /// <summary>Each relationship's sources, in the order of their ids; a relationship without any has no entry.</summary>
    public static async Task<Dictionary<long, IReadOnlyList<Source>>> OfRelationshipsAsync(
        GraphDbContext db, IReadOnlyCollection<long> relationshipIds, CancellationToken cancellationToken)
    {
        var byOwner = await ReadAsync(db, db.TableOf(typeof(RelationshipSource)), nameof(RelationshipSource.RelationshipId), "bigint",
            db.IsPostgres ? relationshipIds.ToArray() : JsonSerializer.Serialize(relationshipIds), cancellationToken);
        return byOwner.ToDictionary(o => long.Parse(o.Key, CultureInfo.InvariantCulture), o => o.Value);
    }

    /// <param name="owner">The column of the attribution table that holds the node's or relationship's id.</param>
    /// <param name="ownerType">That column's type on PostgreSQL, for the array of ids.</param>
    private static async Task<Dictionary<string, IReadOnlyList<Source>>> ReadAsync(
        GraphDbContext db, string table, string owner, string ownerType, object ids, CancellationToken cancellationToken)
    {
        var wanted = db.IsPostgres ? StoreReads.InArrayOfAnyLength(0, ownerType) : "IN (SELECT value FROM json_each({0}))";
        // A row is an attribution (its owner and source ids) or, with no owner, a source's record as JSON.
        var sql = $"""
            WITH cited AS MATERIALIZED (SELECT a."{owner}" AS owner, a."SourceId" AS source FROM "{table}" AS a WHERE a."{owner}" {wanted})
            SELECT CAST(cited.owner AS text) AS "Owner", cited.source AS "Source", CAST(NULL AS text) AS "Row" FROM cited
            UNION ALL
            SELECT NULL, s."Id", CAST({RowJson.Object(db, typeof(Source), "s")} AS text) FROM "{db.TableOf(typeof(Source))}" AS s
            WHERE s."Id" IN (SELECT cited.source FROM cited)
            """;
        var rows = await StoreReads.RowsAsync(db, sql, [ids],
            row => (Owner: row.IsDBNull(0) ? null : row.GetString(0), Source: row.GetString(1), Row: row.IsDBNull(2) ? null : row.GetString(2)),
            cancellationToken);
        var sources = new Dictionary<string, Source>(StringComparer.Ordinal);
        foreach (var (_, id, record) in rows.Where(r => r.Owner is null))
        {
            using var json = JsonDocument.Parse(record!);
            sources[id] = (Source)RowJson.Read(db, typeof(Source), json.RootElement);
        }

        return rows.Where(r => r.Owner is not null).GroupBy(r => r.Owner!, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<Source>)[.. g.Select(r => sources[r.Source]).OrderBy(s => s.Id, StringComparer.Ordinal)],
            StringComparer.Ordinal);
    }
}
