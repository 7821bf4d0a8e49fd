using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
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
/// <remarks>
/// Several datasets describe the same things. The dataset that created a record owns its values: its later
/// loads overwrite them. Any other dataset only fills values still missing; where it disagrees, the stored
/// value stays and the disagreement is reported as a conflict. Provenance is kept per dataset: a load
/// replaces only the source attributions of its own dataset.
/// </remarks>
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
            var merge = new NodeMerge(db, batch, summary, existingSources);

            await merge.NodesAsync(db.Sources, batch.Sources, null, cancellationToken);
            await merge.NodesAsync(db.ChallengeAreas, batch.ChallengeAreas, null, cancellationToken);
            await merge.NodesAsync(db.Models, batch.Models, null, cancellationToken);
            await merge.NodesAsync(db.Organisations.Include(o => o.Identifiers), batch.Organisations, MergeIdentifiers, cancellationToken);
            await merge.NodesAsync(db.Funders, batch.Funders, null, cancellationToken);
            await merge.NodesAsync(db.Outcomes, batch.Outcomes, null, cancellationToken);
            await merge.NodesAsync(db.Evidence, batch.Evidence, merge.Rating, cancellationToken);
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
        var origin = batch.Origin;
        var rows = await InChunksAsync(ids, chunk => db.NodeSources.Where(s => s.Origin == origin && chunk.Contains(s.NodeId)).ToListAsync(cancellationToken));
        return rows.GroupBy(r => r.NodeId).ToDictionary(g => g.Key, g => g.Select(r => r.SourceId).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    /// <summary>
    /// Looks keys up a slice at a time: a list in a query becomes one SQL parameter per item, and the stores
    /// refuse statements with more than some tens of thousands of parameters.
    /// </summary>
    private static async Task<List<T>> InChunksAsync<TKey, T>(IReadOnlyList<TKey> keys, Func<TKey[], Task<List<T>>> query)
    {
        var rows = new List<T>();
        foreach (var chunk in keys.Chunk(LookupChunk))
        {
            rows.AddRange(await query(chunk));
        }

        return rows;
    }

    private const int LookupChunk = 5_000;

    /// <summary>Identifiers only accumulate: each dataset adds the ones it knows, none removes another's.</summary>
    private static bool MergeIdentifiers(Organisation current, Organisation incoming, bool owner)
    {
        var have = current.Identifiers.Select(i => (i.Scheme, i.Value)).ToHashSet();
        var wanted = incoming.Identifiers.Select(i => (i.Scheme, i.Value)).ToHashSet();
        var added = incoming.Identifiers.Where(i => !have.Contains((i.Scheme, i.Value))).ToList();
        var removed = owner ? current.Identifiers.RemoveAll(i => !wanted.Contains((i.Scheme, i.Value))) : 0;
        current.Identifiers.AddRange(added.Select(i => new OrganisationIdentifier { OrganisationId = current.Id, Scheme = i.Scheme, Value = i.Value }));
        return added.Count + removed > 0;
    }

    private async Task MergeRelationshipsAsync(GraphBatch batch, LoadSummary summary, CancellationToken cancellationToken)
    {
        if (batch.Relationships.Count == 0)
        {
            return;
        }

        var origin = batch.Origin;
        var keys = batch.Relationships.Select(r => r.Key).ToList();
        var existing = (await InChunksAsync(keys, chunk => db.Relationships.Where(r => chunk.Contains(r.Key)).ToListAsync(cancellationToken)))
            .ToDictionary(r => r.Key, StringComparer.Ordinal);
        var existingIds = existing.Values.Select(r => r.Id).ToList();
        var existingSources = (await InChunksAsync(existingIds, chunk => db.RelationshipSources.Where(s => s.Origin == origin && chunk.Contains(s.RelationshipId)).ToListAsync(cancellationToken)))
            .GroupBy(s => s.RelationshipId)
            .ToDictionary(g => g.Key, g => g.Select(s => s.SourceId).ToHashSet(StringComparer.Ordinal));

        var changes = new Dictionary<string, LoadSummary.Change>(StringComparer.Ordinal);
        foreach (var relationship in batch.Relationships)
        {
            if (existing.TryGetValue(relationship.Key, out var current))
            {
                relationship.Id = current.Id;
                relationship.Origin = current.Origin;
                var changed = ValueMerge.Apply(db.Entry(current), relationship, current.Origin, origin, summary, relationship.Key);
                changes[relationship.Key] = changed ? LoadSummary.Change.Updated : LoadSummary.Change.Unchanged;
            }
            else
            {
                relationship.Origin = origin;
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
                db.RelationshipSources.Add(new RelationshipSource { RelationshipId = stored.Id, SourceId = sourceId, Origin = origin });
            }

            foreach (var sourceId in have.Where(s => !wanted.Contains(s)))
            {
                db.RelationshipSources.Remove(new RelationshipSource { RelationshipId = stored.Id, SourceId = sourceId, Origin = origin });
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

    /// <summary>Merges the nodes of one kind, and their provenance.</summary>
    private sealed class NodeMerge(GraphDbContext db, GraphBatch batch, LoadSummary summary, Dictionary<string, HashSet<string>> existingSources)
    {
        public async Task NodesAsync<T>(
            IQueryable<T> existingQuery, List<T> incoming, Func<T, T, bool, bool>? mergeDetails, CancellationToken cancellationToken)
            where T : class, INode
        {
            if (incoming.Count == 0)
            {
                return;
            }

            var ids = incoming.Select(n => n.Id).ToList();
            var existing = (await InChunksAsync(ids, chunk => existingQuery
                    .Where(n => chunk.Contains(EF.Property<string>(n, nameof(INode.Id))))
                    .ToListAsync(cancellationToken)))
                .ToDictionary(n => n.Id, StringComparer.Ordinal);

            foreach (var node in incoming)
            {
                LoadSummary.Change change;
                if (existing.TryGetValue(node.Id, out var current))
                {
                    node.Origin = current.Origin;
                    var changed = ValueMerge.Apply(db.Entry(current), node, current.Origin, batch.Origin, summary, $"{T.Kind} {node.Id}");
                    changed |= mergeDetails?.Invoke(current, node, current.Origin == batch.Origin) ?? false;
                    changed |= MergeSources(node.Id);
                    change = changed ? LoadSummary.Change.Updated : LoadSummary.Change.Unchanged;
                }
                else
                {
                    node.Origin = batch.Origin;
                    db.Add(node);
                    MergeSources(node.Id);
                    change = LoadSummary.Change.Added;
                }

                summary.Count(T.Kind, change);
            }
        }

        public bool Rating(EvidenceItem current, EvidenceItem incoming, bool owner) =>
            ValueMerge.Apply(db.Entry(current.Rating), incoming.Rating, current.Origin, batch.Origin, summary, $"Evidence {current.Id}.rating");

        /// <summary>The batch states its own dataset's sources of a node completely; other datasets' rows stay.</summary>
        private bool MergeSources(string nodeId)
        {
            if (!batch.NodeSources.TryGetValue(nodeId, out var wanted))
            {
                return false;
            }

            var have = existingSources.GetValueOrDefault(nodeId) ?? [];
            foreach (var sourceId in wanted.Where(s => !have.Contains(s)))
            {
                db.NodeSources.Add(new NodeSource { NodeId = nodeId, SourceId = sourceId, Origin = batch.Origin });
            }

            foreach (var sourceId in have.Where(s => !wanted.Contains(s)))
            {
                db.NodeSources.Remove(new NodeSource { NodeId = nodeId, SourceId = sourceId, Origin = batch.Origin });
            }

            return !have.SetEquals(wanted);
        }
    }

    private static class ValueMerge
    {
        /// <summary>
        /// Copies incoming values onto a tracked record: all of them when the incoming dataset owns the record
        /// (<paramref name="storedBy"/> is <paramref name="origin"/>), else only into empty fields, reporting disagreements.
        /// </summary>
        public static bool Apply(EntityEntry current, object incoming, string storedBy, string origin, LoadSummary summary, string record)
        {
            if (storedBy == origin)
            {
                current.CurrentValues.SetValues(incoming);
                return current.Properties.Any(p => p.IsModified);
            }

            var changed = false;
            foreach (var property in current.Properties.Where(p => !p.Metadata.IsKey() && !p.Metadata.IsShadowProperty() && p.Metadata.Name != nameof(INode.Origin)))
            {
                var value = property.Metadata.PropertyInfo?.GetValue(incoming);
                if (value is null || Equals(value, property.CurrentValue))
                {
                    continue;
                }

                if (property.CurrentValue is null)
                {
                    property.CurrentValue = value;
                    changed = true;
                }
                else
                {
                    summary.Conflicts.Add(new LoadSummary.Conflict(record, property.Metadata.Name, Format(property.CurrentValue), storedBy, Format(value), origin));
                }
            }

            return changed;
        }

        private static string? Format(object? value) => value is IFormattable f ? f.ToString(null, System.Globalization.CultureInfo.InvariantCulture) : value?.ToString();
    }
}
