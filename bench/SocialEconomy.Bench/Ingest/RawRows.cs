using NpgsqlTypes;
using SocialEconomy.Graph.Loading;

namespace SocialEconomy.Bench.Ingest;

/// <summary>
/// The rows the product's loader writes for a batch, table by table, as plain values: what the raw baselines write
/// into a freshly migrated schema, so that the loader and the baselines store the same rows.
/// </summary>
public static class RawRows
{
    public sealed record Column(string Name, NpgsqlDbType Type);

    public sealed record Table(string Name, IReadOnlyList<Column> Columns, IEnumerable<object?[]> Rows);

    private static Column Text(string name) => new(name, NpgsqlDbType.Text);

    private static Column Int(string name) => new(name, NpgsqlDbType.Integer);

    /// <summary>Every table in the order foreign keys allow. Relationship ids are numbered from 1 in batch order.</summary>
    public static IEnumerable<Table> For(GraphBatch batch)
    {
        var origin = batch.Origin;
        yield return new Table("Sources", [Text("Id"), Text("Title"), Text("Publisher"), Text("Url"), new("Retrieved", NpgsqlDbType.Date), Text("Licence"), Text("Note"), Text("Origin")],
            batch.Sources.Select(s => new object?[] { s.Id, s.Title, s.Publisher, s.Url, s.Retrieved, s.Licence, s.Note, origin }));
        yield return new Table("ChallengeAreas", [Text("Id"), Text("Name"), Text("Description"), Text("ParentId"), Text("Path"), Int("Depth"), Text("Origin")],
            batch.ChallengeAreas.Select(a => new object?[] { a.Id, a.Name, a.Description, a.ParentId, a.Path, a.Depth, origin }));
        yield return new Table("Models", [Text("Id"), Text("Name"), Text("Family"), Text("Subtype"), Text("Description"), Text("Origin")],
            batch.Models.Select(m => new object?[] { m.Id, m.Name, m.Family.ToString(), m.Subtype, m.Description, origin }));
        yield return new Table("Organisations", [Text("Id"), Text("Name"), Text("LegalForm"), Text("Region"), Text("Place"), Text("Website"), Text("Description"), Text("Origin")],
            batch.Organisations.Select(o => new object?[] { o.Id, o.Name, o.LegalForm, o.Region, o.Place, o.Website, o.Description, origin }));
        yield return new Table("Funders", [Text("Id"), Text("Name"), Text("FunderKind"), Text("Website"), Text("Description"), Text("Origin")],
            batch.Funders.Select(f => new object?[] { f.Id, f.Name, f.FunderKind.ToString(), f.Website, f.Description, origin }));
        yield return new Table("Outcomes", [Text("Id"), Text("Name"), Text("Description"), Text("Origin")],
            batch.Outcomes.Select(o => new object?[] { o.Id, o.Name, o.Description, origin }));
        yield return new Table("Evidence",
            [Text("Id"), Text("Title"), Text("Authors"), Text("Publisher"), Int("Year"), Text("Url"), Text("Design"), Text("Summary"),
             Text("RatingScale"), Int("RatingLevel"), Text("RatingLabel"), Text("RatingReason"), Text("OtherRatings"), Text("Origin")],
            batch.Evidence.Select(e => new object?[]
            {
                e.Id, e.Title, e.Authors, e.Publisher, e.Year, e.Url, e.Design.ToString(), e.Summary,
                // The benchmark's generated evidence is rated on one scale only: no other ratings, stored as an empty JSON list.
                e.Rating?.Scale.ToString(), e.Rating?.Level, e.Rating?.Label, e.Rating?.Reason, e.OtherRatings.Count == 0 ? "[]" : throw new NotSupportedException("other ratings"), origin,
            }));
        yield return new Table("NodeSources", [Text("NodeId"), Text("SourceId"), Text("Origin")],
            batch.NodeSources.SelectMany(n => n.Value.Select(s => new object?[] { n.Key, s, origin })));
        yield return new Table("Relationships",
            [new("Id", NpgsqlDbType.Bigint), Text("Key"), Text("Type"), Text("FromKind"), Text("FromId"), Text("ToKind"), Text("ToId"), Text("Role"),
             new("Amount", NpgsqlDbType.Numeric), Text("Currency"), Int("Year"), Text("Instrument"), Text("Effect"), Text("Note"), Text("Origin")],
            batch.Relationships.Select((r, i) => new object?[]
            {
                (long)(i + 1), r.Key, r.Type.ToString(), r.FromKind.ToString(), r.FromId, r.ToKind.ToString(), r.ToId, r.Role,
                r.Amount, r.Currency, r.Year, r.Instrument?.ToString(), r.Effect?.ToString(), r.Note, origin,
            }));
        yield return new Table("RelationshipSources", [new("RelationshipId", NpgsqlDbType.Bigint), Text("SourceId"), Text("Origin")],
            batch.Relationships.SelectMany((r, i) => batch.RelationshipSources[r.Key].Select(s => new object?[] { (long)(i + 1), s, origin })));
    }

    public static long CountRows(GraphBatch batch) => For(batch).Sum(t => (long)t.Rows.Count());
}
