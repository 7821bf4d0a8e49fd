using Microsoft.EntityFrameworkCore;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Verdicts;

/// <summary>
/// Keeps the stored verdicts (<see cref="ModelVerdict"/>) in step with the evidence, inside a load's transaction: the
/// models whose evidence, evaluations or findings the batch touches are decided again by <see cref="VerdictRule"/>.
/// A model no evidence evaluates has no stored verdict and reads as <see cref="Verdict.InsufficientEvidence"/>.
/// </summary>
public static class ModelVerdicts
{
    private const int Chunk = 5_000;

    /// <summary>Decides again the verdicts the batch may change; returns how many stored verdicts changed.</summary>
    public static async Task<int> RecomputeAsync(GraphDbContext db, GraphBatch batch, CancellationToken cancellationToken)
    {
        var evidenceIds = batch.Evidence.Select(e => e.Id)
            .Concat(batch.Relationships.Where(r => r.Type is RelationshipType.Evaluates or RelationshipType.Reports).Select(r => r.FromId))
            .ToHashSet(StringComparer.Ordinal);
        var modelIds = batch.Models.Select(m => m.Id)
            .Concat(batch.Relationships.Where(r => r.Type == RelationshipType.Evaluates && r.ToKind == NodeKind.Model).Select(r => r.ToId))
            .ToHashSet(StringComparer.Ordinal);
        if (evidenceIds.Count == 0 && modelIds.Count == 0)
        {
            return 0;
        }

        modelIds.UnionWith(await InChunksAsync(evidenceIds, chunk => db.Relationships.AsNoTracking()
            .Where(r => r.Type == RelationshipType.Evaluates && r.ToKind == NodeKind.Model && EF.Parameter(chunk).Contains(r.FromId))
            .Select(r => r.ToId).ToListAsync(cancellationToken)));
        var evaluations = await InChunksAsync(modelIds, chunk => db.Relationships.AsNoTracking()
            .Where(r => r.Type == RelationshipType.Evaluates && r.ToKind == NodeKind.Model && EF.Parameter(chunk).Contains(r.ToId))
            .Select(r => new { Evidence = r.FromId, Model = r.ToId }).ToListAsync(cancellationToken));
        var studyIds = evaluations.Select(e => e.Evidence).ToHashSet(StringComparer.Ordinal);
        var designs = (await InChunksAsync(studyIds, chunk => db.Evidence.AsNoTracking()
                .Where(e => EF.Parameter(chunk).Contains(e.Id) && e.Rating != null).Select(e => new { e.Id, e.Design, e.Year }).ToListAsync(cancellationToken)))
            .ToDictionary(e => e.Id, StringComparer.Ordinal);
        var effects = (await InChunksAsync(studyIds, chunk => db.Relationships.AsNoTracking()
                .Where(r => r.Type == RelationshipType.Reports && r.Effect != null && EF.Parameter(chunk).Contains(r.FromId))
                .Select(r => new { r.FromId, r.Effect, r.Primary }).ToListAsync(cancellationToken)))
            .ToLookup(r => r.FromId, r => new VerdictRule.Reported(r.Effect!.Value, r.Primary == true), StringComparer.Ordinal);

        var decided = evaluations.Where(e => designs.ContainsKey(e.Evidence))
            .GroupBy(e => e.Model, StringComparer.Ordinal)
            .Select(g => VerdictRule.Decide(g.Key, [.. g.Select(e => e.Evidence).Distinct(StringComparer.Ordinal)
                .Select(id => new VerdictRule.Study(id, designs[id].Design, designs[id].Year, [.. effects[id]]))]))
            .ToDictionary(v => v.ModelId, StringComparer.Ordinal);

        var stored = (await InChunksAsync(modelIds, chunk => db.ModelVerdicts.Where(v => EF.Parameter(chunk).Contains(v.ModelId)).ToListAsync(cancellationToken)))
            .ToDictionary(v => v.ModelId, StringComparer.Ordinal);
        var changed = 0;
        foreach (var modelId in modelIds)
        {
            var before = stored.GetValueOrDefault(modelId);
            var after = decided.GetValueOrDefault(modelId);
            if (before is null && after is null)
            {
                continue;
            }

            if (before is null)
            {
                db.ModelVerdicts.Add(after!);
            }
            else if (after is null)
            {
                db.ModelVerdicts.Remove(before);
            }
            else if (before.Verdict != after.Verdict || before.Rule != after.Rule || before.Reason != after.Reason || before.DecidedBy != after.DecidedBy)
            {
                (before.Verdict, before.Rule, before.Reason, before.DecidedBy) = (after.Verdict, after.Rule, after.Reason, after.DecidedBy);
            }
            else
            {
                continue;
            }

            changed++;
        }

        return changed;
    }

    private static async Task<List<T>> InChunksAsync<T>(IReadOnlyCollection<string> keys, Func<string[], Task<List<T>>> query)
    {
        var rows = new List<T>();
        foreach (var chunk in keys.Chunk(Chunk))
        {
            rows.AddRange(await query(chunk));
        }

        return rows;
    }
}
