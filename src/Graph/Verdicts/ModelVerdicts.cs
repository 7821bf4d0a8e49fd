using Microsoft.EntityFrameworkCore;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Verdicts;

/// <summary>
/// Keeps the stored verdicts in step with the evidence, inside the transaction that changes it: the models whose
/// evidence, evaluations, findings or evidence areas a load touches are decided again by <see cref="VerdictRule"/>,
/// once on all their appraised evidence (<see cref="ModelVerdict"/>) and once per challenge area on the evidence about
/// that area or an area beneath it (<see cref="AreaVerdict"/>). A model no evidence evaluates has no stored verdict
/// and reads as <see cref="Verdict.InsufficientEvidence"/>; likewise in an area no such evidence is about.
/// </summary>
public static class ModelVerdicts
{
    /// <summary>Decides again the verdicts the batch may change; returns how many stored verdicts changed.</summary>
    public static async Task<int> RecomputeAsync(GraphDbContext db, GraphBatch batch, CancellationToken cancellationToken)
    {
        var evidenceIds = batch.Evidence.Select(e => e.Id)
            .Concat(batch.Relationships.Where(r => r.Type is RelationshipType.Evaluates or RelationshipType.Reports or RelationshipType.EvidenceIn).Select(r => r.FromId))
            .ToHashSet(StringComparer.Ordinal);
        var modelIds = batch.Models.Select(m => m.Id)
            .Concat(batch.Relationships.Where(r => r.Type == RelationshipType.Evaluates && r.ToKind == NodeKind.Model).Select(r => r.ToId))
            .ToHashSet(StringComparer.Ordinal);
        if (evidenceIds.Count == 0 && modelIds.Count == 0)
        {
            return 0;
        }

        modelIds.UnionWith(await KeyChunks.QueryAsync(evidenceIds, chunk => db.Relationships.AsNoTracking()
            .Where(r => r.Type == RelationshipType.Evaluates && r.ToKind == NodeKind.Model && EF.Parameter(chunk).Contains(r.FromId))
            .Select(r => r.ToId).ToListAsync(cancellationToken)));
        return await DecideAsync(db, modelIds, cancellationToken);
    }

    /// <summary>Decides every model's verdicts again, as after restoring a dump, which holds no derived facts.</summary>
    public static async Task<int> RecomputeAllAsync(GraphDbContext db, CancellationToken cancellationToken) =>
        await DecideAsync(db, await db.Models.AsNoTracking().Select(m => m.Id).ToListAsync(cancellationToken), cancellationToken);

    private static async Task<int> DecideAsync(GraphDbContext db, IReadOnlyCollection<string> modelIds, CancellationToken cancellationToken)
    {
        var evaluations = await KeyChunks.QueryAsync(modelIds, chunk => db.Relationships.AsNoTracking()
            .Where(r => r.Type == RelationshipType.Evaluates && r.ToKind == NodeKind.Model && EF.Parameter(chunk).Contains(r.ToId))
            .Select(r => new { Evidence = r.FromId, Model = r.ToId }).ToListAsync(cancellationToken));
        var studyIds = evaluations.Select(e => e.Evidence).ToHashSet(StringComparer.Ordinal);
        var items = (await KeyChunks.QueryAsync(studyIds, chunk => db.Evidence.AsNoTracking()
                .Where(e => EF.Parameter(chunk).Contains(e.Id)).Select(e => new { e.Id, e.Design, e.Year, Level = (int?)e.Rating!.Level }).ToListAsync(cancellationToken)))
            .ToDictionary(e => e.Id, StringComparer.Ordinal);
        var appraised = items.Values.Where(e => e.Level is not null).Select(e => e.Id).ToList();
        var effects = (await KeyChunks.QueryAsync(appraised, chunk => db.Relationships.AsNoTracking()
                .Where(r => r.Type == RelationshipType.Reports && r.Effect != null && EF.Parameter(chunk).Contains(r.FromId))
                .Select(r => new { r.FromId, r.Effect, r.Primary }).ToListAsync(cancellationToken)))
            .ToLookup(r => r.FromId, r => new VerdictRule.Reported(r.Effect!.Value, r.Primary == true), StringComparer.Ordinal);
        var studies = appraised.ToDictionary(id => id, id => new VerdictRule.Study(id, items[id].Design, items[id].Year, [.. effects[id]]), StringComparer.Ordinal);
        var evidenceOf = evaluations.Where(e => items.ContainsKey(e.Evidence))
            .GroupBy(e => e.Model, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Evidence).Distinct(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);

        // A verdict on the evidence given, appraised or not: only the appraised decides, the rest is counted in the reason.
        ModelVerdict Decide(string model, List<string> evidence) =>
            VerdictRule.Decide(model, [.. evidence.Where(studies.ContainsKey).Select(id => studies[id])], evidence.Count(id => !studies.ContainsKey(id)));

        var changed = await SyncAsync(db.ModelVerdicts, modelIds, chunk => v => EF.Parameter(chunk).Contains(v.ModelId), v => v.ModelId,
            evidenceOf.Select(m => Decide(m.Key, m.Value)),
            (before, after) => (before.Verdict, before.Rule, before.Reason, before.DecidedBy) == (after.Verdict, after.Rule, after.Reason, after.DecidedBy),
            (before, after) => (before.Verdict, before.Rule, before.Reason, before.DecidedBy) = (after.Verdict, after.Rule, after.Reason, after.DecidedBy),
            cancellationToken);

        // Each study counts in the areas it is about and in every area above them.
        var areasAbove = (await db.ChallengeAreas.AsNoTracking().Select(a => new { a.Id, a.Path }).ToListAsync(cancellationToken))
            .ToDictionary(a => a.Id, a => a.Path.Split('/', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
        var areasOf = (await KeyChunks.QueryAsync(items.Keys, chunk => db.Relationships.AsNoTracking()
                .Where(r => r.Type == RelationshipType.EvidenceIn && EF.Parameter(chunk).Contains(r.FromId))
                .Select(r => new { r.FromId, r.ToId }).ToListAsync(cancellationToken)))
            .ToLookup(r => r.FromId, r => r.ToId, StringComparer.Ordinal);
        var byArea = evidenceOf.SelectMany(m => m.Value
                .SelectMany(item => areasOf[item].SelectMany(area => areasAbove.GetValueOrDefault(area) ?? []).Select(area => (Area: area, Item: item)))
                .GroupBy(s => s.Area, s => s.Item, StringComparer.Ordinal)
                .Select(area =>
                {
                    var here = area.Distinct(StringComparer.Ordinal).ToList();
                    var verdict = Decide(m.Key, here);
                    return new AreaVerdict
                    {
                        AreaId = area.Key, ModelId = m.Key, Verdict = verdict.Verdict, Rule = verdict.Rule, Reason = verdict.Reason, DecidedBy = verdict.DecidedBy,
                        BestEvidenceLevel = here.Max(id => items[id].Level),
                    };
                }));
        changed += await SyncAsync(db.AreaVerdicts, modelIds, chunk => v => EF.Parameter(chunk).Contains(v.ModelId), v => (v.AreaId, v.ModelId),
            byArea,
            (before, after) => (before.Verdict, before.Rule, before.Reason, before.DecidedBy, before.BestEvidenceLevel) == (after.Verdict, after.Rule, after.Reason, after.DecidedBy, after.BestEvidenceLevel),
            (before, after) => (before.Verdict, before.Rule, before.Reason, before.DecidedBy, before.BestEvidenceLevel) = (after.Verdict, after.Rule, after.Reason, after.DecidedBy, after.BestEvidenceLevel),
            cancellationToken);
        return changed;
    }

    /// <summary>
    /// Makes the stored verdicts of the models equal the decided ones: adds the new, removes those no longer decided,
    /// updates the changed; returns how many changed.
    /// </summary>
    private static async Task<int> SyncAsync<TVerdict, TKey>(
        DbSet<TVerdict> table, IReadOnlyCollection<string> modelIds, Func<string[], System.Linq.Expressions.Expression<Func<TVerdict, bool>>> ofModels,
        Func<TVerdict, TKey> keyOf, IEnumerable<TVerdict> decided, Func<TVerdict, TVerdict, bool> same, Action<TVerdict, TVerdict> update,
        CancellationToken cancellationToken)
        where TVerdict : class
        where TKey : notnull
    {
        var stored = (await KeyChunks.QueryAsync(modelIds, chunk => table.Where(ofModels(chunk)).ToListAsync(cancellationToken))).ToDictionary(keyOf);
        var changed = 0;
        foreach (var after in decided)
        {
            if (!stored.Remove(keyOf(after), out var before))
            {
                table.Add(after);
                changed++;
            }
            else if (!same(before, after))
            {
                update(before, after);
                changed++;
            }
        }

        table.RemoveRange(stored.Values);
        return changed + stored.Count;
    }
}
