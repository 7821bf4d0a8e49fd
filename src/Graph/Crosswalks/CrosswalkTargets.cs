using Microsoft.EntityFrameworkCore;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Crosswalks;

/// <summary>
/// A crosswalk links a dataset's records to the seed data's challenge areas and outcomes, which an import does not
/// bring: before loading, derived links to records the store lacks (the seed data not loaded yet) are left out,
/// rather than written pointing nowhere.
/// </summary>
public static class CrosswalkTargets
{
    /// <summary>Removes the batch's derived relationships whose target is neither in the store nor in the batch; returns how many.</summary>
    public static async Task<int> LeaveOutMissingAsync(GraphDbContext db, GraphBatch batch, CancellationToken cancellationToken)
    {
        var derived = batch.Relationships.Where(r => r.Rule is not null).ToList();
        if (derived.Count == 0)
        {
            return 0;
        }

        var present = new HashSet<string>(StringComparer.Ordinal);
        present.UnionWith(await db.ChallengeAreas.AsNoTracking().Select(a => a.Id).ToListAsync(cancellationToken));
        present.UnionWith(await db.Outcomes.AsNoTracking().Select(o => o.Id).ToListAsync(cancellationToken));
        present.UnionWith(batch.ChallengeAreas.Select(a => a.Id).Concat(batch.Outcomes.Select(o => o.Id)));

        var missing = derived.Where(r => r.ToKind is NodeKind.ChallengeArea or NodeKind.Outcome && !present.Contains(r.ToId)).ToList();
        foreach (var relationship in missing)
        {
            batch.Relationships.Remove(relationship);
            batch.RelationshipSources.Remove(relationship.Key);
        }

        return missing.Count;
    }
}
