using Microsoft.EntityFrameworkCore;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Loading;

/// <summary>
/// Merges a <see cref="GraphBatch"/> into the store in one transaction: new records are added, changed ones
/// updated, identical ones left alone, so loading the same batch twice changes nothing. If anything fails,
/// the transaction rolls back and the store is exactly as it was.
/// </summary>
public sealed class GraphLoader(GraphDbContext db)
{
    public async Task<LoadSummary> LoadAsync(GraphBatch batch, CancellationToken cancellationToken = default)
    {
        var summary = new LoadSummary();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var existingSources = await LoadNodeSourcesAsync(batch, cancellationToken);

            await MergeNodesAsync(db.Sources, batch.Sources, summary, existingSources, batch, null, cancellationToken);
            await MergeNodesAsync(db.ChallengeAreas, batch.ChallengeAreas, summary, existingSources, batch, null, cancellationToken);
            await MergeNodesAsync(db.Models, batch.Models, summary, existingSources, batch, null, cancellationToken);
            await MergeNodesAsync(db.Organisations.Include(o => o.Identifiers), batch.Organisations, summary, existingSources, batch, MergeIdentifiers, cancellationToken);
            await MergeNodesAsync(db.Funders, batch.Funders, summary, existingSources, batch, null, cancellationToken);
            await MergeNodesAsync(db.Outcomes, batch.Outcomes, summary, existingSources, batch, null, cancellationToken);
            await MergeNodesAsync(db.Evidence, batch.Evidence, summary, existingSources, batch, MergeRating, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);

            await MergeRelationshipsAsync(batch, summary, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        db.ChangeTracker.Clear();
        return summary;
    }

    private async Task<Dictionary<string, HashSet<string>>> LoadNodeSourcesAsync(GraphBatch batch, CancellationToken cancellationToken)
    {
        var ids = batch.NodeSources.Keys.ToList();
        var rows = await db.NodeSources.Where(s => ids.Contains(s.NodeId)).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.NodeId).ToDictionary(g => g.Key, g => g.Select(r => r.SourceId).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    private async Task MergeNodesAsync<T>(
        IQueryable<T> existingQuery, List<T> incoming, LoadSummary summary,
        Dictionary<string, HashSet<string>> existingSources, GraphBatch batch,
        Func<T, T, bool>? mergeDetails, CancellationToken cancellationToken)
        where T : class, INode
    {
        if (incoming.Count == 0)
        {
            return;
        }

        var ids = incoming.Select(n => n.Id).ToList();
        var existing = await existingQuery
            .Where(n => ids.Contains(EF.Property<string>(n, nameof(INode.Id))))
            .ToDictionaryAsync(n => n.Id, StringComparer.Ordinal, cancellationToken);

        foreach (var node in incoming)
        {
            bool changed;
            if (existing.TryGetValue(node.Id, out var current))
            {
                var entry = db.Entry(current);
                entry.CurrentValues.SetValues(node);
                changed = entry.Properties.Any(p => p.IsModified);
                changed |= mergeDetails?.Invoke(current, node) ?? false;
            }
            else
            {
                db.Add(node);
                changed = true;
            }

            var sourcesChanged = MergeNodeSources(node.Id, batch, existingSources);
            summary.Count(T.Kind, current is null ? LoadSummary.Change.Added : changed || sourcesChanged ? LoadSummary.Change.Updated : LoadSummary.Change.Unchanged);
        }
    }

    /// <summary>The batch states a node's sources completely: rows it no longer names are removed.</summary>
    private bool MergeNodeSources(string nodeId, GraphBatch batch, Dictionary<string, HashSet<string>> existingSources)
    {
        if (!batch.NodeSources.TryGetValue(nodeId, out var wanted))
        {
            return false;
        }

        var have = existingSources.GetValueOrDefault(nodeId) ?? [];
        foreach (var sourceId in wanted.Where(s => !have.Contains(s)))
        {
            db.NodeSources.Add(new NodeSource { NodeId = nodeId, SourceId = sourceId });
        }

        foreach (var sourceId in have.Where(s => !wanted.Contains(s)))
        {
            db.NodeSources.Remove(new NodeSource { NodeId = nodeId, SourceId = sourceId });
        }

        return !have.SetEquals(wanted);
    }

    private bool MergeIdentifiers(Organisation current, Organisation incoming)
    {
        var have = current.Identifiers.Select(i => (i.Scheme, i.Value)).ToHashSet();
        var wanted = incoming.Identifiers.Select(i => (i.Scheme, i.Value)).ToHashSet();
        if (have.SetEquals(wanted))
        {
            return false;
        }

        current.Identifiers.RemoveAll(i => !wanted.Contains((i.Scheme, i.Value)));
        current.Identifiers.AddRange(incoming.Identifiers.Where(i => !have.Contains((i.Scheme, i.Value))));
        return true;
    }

    private bool MergeRating(EvidenceItem current, EvidenceItem incoming)
    {
        var entry = db.Entry(current.Rating);
        entry.CurrentValues.SetValues(incoming.Rating);
        return entry.Properties.Any(p => p.IsModified);
    }

    private async Task MergeRelationshipsAsync(GraphBatch batch, LoadSummary summary, CancellationToken cancellationToken)
    {
        if (batch.Relationships.Count == 0)
        {
            return;
        }

        var keys = batch.Relationships.Select(r => r.Key).ToList();
        var existing = await db.Relationships.Where(r => keys.Contains(r.Key)).ToDictionaryAsync(r => r.Key, StringComparer.Ordinal, cancellationToken);
        var existingIds = existing.Values.Select(r => r.Id).ToList();
        var existingSources = (await db.RelationshipSources.Where(s => existingIds.Contains(s.RelationshipId)).ToListAsync(cancellationToken))
            .GroupBy(s => s.RelationshipId)
            .ToDictionary(g => g.Key, g => g.Select(s => s.SourceId).ToHashSet(StringComparer.Ordinal));

        var changes = new Dictionary<string, LoadSummary.Change>(StringComparer.Ordinal);
        foreach (var relationship in batch.Relationships)
        {
            if (existing.TryGetValue(relationship.Key, out var current))
            {
                relationship.Id = current.Id;
                var entry = db.Entry(current);
                entry.CurrentValues.SetValues(relationship);
                changes[relationship.Key] = entry.Properties.Any(p => p.IsModified) ? LoadSummary.Change.Updated : LoadSummary.Change.Unchanged;
            }
            else
            {
                db.Relationships.Add(relationship);
                changes[relationship.Key] = LoadSummary.Change.Added;
            }
        }

        // New relationships need their generated ids before their provenance rows can refer to them.
        await db.SaveChangesAsync(cancellationToken);

        foreach (var relationship in batch.Relationships)
        {
            var stored = existing.GetValueOrDefault(relationship.Key) ?? relationship;
            var wanted = batch.RelationshipSources[relationship.Key];
            var have = existingSources.GetValueOrDefault(stored.Id) ?? [];
            foreach (var sourceId in wanted.Where(s => !have.Contains(s)))
            {
                db.RelationshipSources.Add(new RelationshipSource { RelationshipId = stored.Id, SourceId = sourceId });
            }

            foreach (var sourceId in have.Where(s => !wanted.Contains(s)))
            {
                db.RelationshipSources.Remove(new RelationshipSource { RelationshipId = stored.Id, SourceId = sourceId });
            }

            var change = changes[relationship.Key];
            if (change == LoadSummary.Change.Unchanged && !have.SetEquals(wanted))
            {
                change = LoadSummary.Change.Updated;
            }

            summary.Count("Relationship", change);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
