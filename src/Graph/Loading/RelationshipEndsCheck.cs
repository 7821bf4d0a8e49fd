using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Loading;

/// <summary>
/// Refuses a load whose new relationships reach a record that neither the batch nor the store holds. Records are
/// never deleted, so with this check no stored relationship dangles: how many records a related list holds can be
/// counted from the relationships alone, without reading the record at each far end.
/// </summary>
internal static class RelationshipEndsCheck
{
    public static async Task RefuseDanglingAsync(GraphDbContext db, GraphBatch batch, IReadOnlyList<Relationship> added, CancellationToken cancellationToken)
    {
        var inBatch = batch.NodeIds.ToHashSet();
        var outside = added
            .SelectMany(r => new[] { new End(r, r.FromKind, r.FromId), new End(r, r.ToKind, r.ToId) })
            .Where(e => !inBatch.Contains((e.Kind, e.Id)))
            .ToList();

        var dangling = new List<End>();
        foreach (var kind in outside.GroupBy(e => e.Kind))
        {
            var ids = kind.Select(e => e.Id).Distinct(StringComparer.Ordinal).ToList();
            var stored = await StoredIdsAsync(db, kind.Key, ids, cancellationToken);
            dangling.AddRange(kind.Where(e => !stored.Contains(e.Id)));
        }

        if (dangling.Count == 0)
        {
            return;
        }

        var first = dangling.OrderBy(e => e.Relationship.Key, StringComparer.Ordinal).First();
        var more = dangling.Select(e => e.Relationship.Key).Distinct(StringComparer.Ordinal).Count() - 1;
        var others = more > 0 ? $", and {more.ToString("N0", CultureInfo.InvariantCulture)} more relationships reach records that do not exist" : "";
        throw new InvalidOperationException(
            $"Relationship '{first.Relationship.Key}' ({batch.Origin}) reaches {first.Kind} '{first.Id}', which neither this load nor the store holds{others}; "
            + "nothing was loaded. Add the records they reach, or leave those relationships out.");
    }

    private static async Task<HashSet<string>> StoredIdsAsync(GraphDbContext db, NodeKind kind, List<string> ids, CancellationToken cancellationToken) => kind switch
    {
        NodeKind.Source => await StoredIdsAsync<Source>(db, ids, cancellationToken),
        NodeKind.ChallengeArea => await StoredIdsAsync<ChallengeArea>(db, ids, cancellationToken),
        NodeKind.Model => await StoredIdsAsync<Model>(db, ids, cancellationToken),
        NodeKind.Organisation => await StoredIdsAsync<Organisation>(db, ids, cancellationToken),
        NodeKind.Funder => await StoredIdsAsync<Funder>(db, ids, cancellationToken),
        NodeKind.Outcome => await StoredIdsAsync<Outcome>(db, ids, cancellationToken),
        NodeKind.Evidence => await StoredIdsAsync<EvidenceItem>(db, ids, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, $"No table holds records of kind {kind}; add it here."),
    };

    private static async Task<HashSet<string>> StoredIdsAsync<T>(GraphDbContext db, List<string> ids, CancellationToken cancellationToken)
        where T : class, INode
    {
        var found = await KeyChunks.QueryAsync(ids, chunk => db.Set<T>().Where(n => EF.Parameter(chunk).Contains(EF.Property<string>(n, "Id")))
            .Select(n => EF.Property<string>(n, "Id")).ToListAsync(cancellationToken));
        return found.ToHashSet(StringComparer.Ordinal);
    }

    private sealed record End(Relationship Relationship, NodeKind Kind, string Id);
}
