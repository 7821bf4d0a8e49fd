using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using SocialEconomy.Graph.Loading.Bulk;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Search;
using SocialEconomy.Graph.Store;
using SocialEconomy.Graph.Verdicts;

namespace SocialEconomy.Graph.Loading;

/// <summary>
/// Merges a <see cref="GraphBatch"/> into the store in one transaction: new records are added, changed ones
/// updated, identical ones left alone, so loading the same batch twice changes nothing. A load that changes
/// something records itself (<see cref="StoreLoad"/>) in the same transaction. If anything fails, the transaction
/// rolls back and the store is exactly as it was. Loads into one store run one at a time: a load waits up to
/// <see cref="StoreOptions.LoadWaitSeconds"/> for the one before it to commit, then compares its batch with what that
/// one wrote (<see cref="StoreWriteLock"/>), or fails with <see cref="StoreBusyException"/>. The verdicts of the models
/// whose evidence the batch touches are decided again in the same transaction (<see cref="ModelVerdicts"/>). A
/// relationship must join kinds its type allows (<see cref="RelationshipEnds"/>) and reach records the batch or the
/// store holds (<see cref="RelationshipEndsCheck"/>), or nothing is loaded.
/// </summary>
/// <remarks>
/// Several datasets describe the same things. The dataset that created a record owns its values: its later
/// loads overwrite them. Any other dataset only fills values still missing; where it disagrees, the stored
/// value stays and the disagreement is reported as a conflict. Provenance is kept per dataset: a load
/// replaces only the source attributions of its own dataset.
/// <para>
/// A load first compares the batch with the store (looking records up by id and key, a slice at a time), then
/// writes every new row through the store's bulk path (<see cref="BulkWriter"/>: prepared multi-row INSERTs on
/// SQLite, binary COPY on PostgreSQL) and saves the few changed records through EF Core. A table that gains at
/// least <see cref="StoreOptions.BulkIndexThreshold"/> rows, and at least as many as it held, is loaded without
/// its secondary indexes, which are built again before the transaction commits: one sort instead of millions of
/// index insertions. Such a load then gathers the planner statistics of every table, in the same transaction, so the
/// first questions after it are planned as well as later ones.
/// </para>
/// </remarks>
public sealed class GraphLoader(GraphDbContext db, StoreOptions options)
{
    public Task<LoadSummary> LoadAsync(GraphBatch batch, CancellationToken cancellationToken = default) =>
        LoadAsync(batch, progress: null, cancellationToken);

    /// <param name="batch">What to merge.</param>
    /// <param name="progress">Told what the load is doing (rows written per table, indexes built), for long loads.</param>
    /// <param name="cancellationToken">Cancels the load; nothing is written.</param>
    public async Task<LoadSummary> LoadAsync(GraphBatch batch, IProgress<string>? progress, CancellationToken cancellationToken = default)
    {
        // Traversals read a node's relationships only of the types its kind can have, so none may join other kinds.
        if (batch.Relationships.FirstOrDefault(r => !RelationshipEnds.Allows(r.Type, r.FromKind, r.ToKind)) is { } misjoined)
        {
            throw new InvalidOperationException(
                $"Relationship '{misjoined.Key}' ({batch.Origin}) joins {misjoined.FromKind} to {misjoined.ToKind}, which {misjoined.Type} relationships cannot join; nothing was loaded.");
        }

        db.UsePrimary(options);
        var summary = new LoadSummary();
        var grown = new List<string>();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await StoreWriteLock.BeginAsync(db, TimeSpan.FromSeconds(options.LoadWaitSeconds), cancellationToken);
            var clock = Stopwatch.StartNew();
            var added = new NewRows();
            var existingSources = await LoadNodeSourcesAsync(batch, cancellationToken);
            var merge = new NodeMerge(db, batch, summary, existingSources, added);

            await merge.NodesAsync(db.Sources, batch.Sources, added.Sources, null, cancellationToken);
            await merge.NodesAsync(db.ChallengeAreas, batch.ChallengeAreas, added.ChallengeAreas, null, cancellationToken);
            await merge.NodesAsync(db.Models, batch.Models, added.Models, null, cancellationToken);
            await merge.NodesAsync(db.Organisations.Include(o => o.Identifiers), batch.Organisations, added.Organisations, merge.Identifiers, cancellationToken);
            await merge.NodesAsync(db.Funders, batch.Funders, added.Funders, null, cancellationToken);
            await merge.NodesAsync(db.Outcomes, batch.Outcomes, added.Outcomes, null, cancellationToken);
            await merge.NodesAsync(db.Evidence, batch.Evidence, added.Evidence, merge.Rating, cancellationToken);
            await MergeRelationshipsAsync(batch, summary, added, cancellationToken);
            await RelationshipEndsCheck.RefuseDanglingAsync(db, batch, added.Relationships, cancellationToken);
            progress?.Report(string.Create(CultureInfo.InvariantCulture,
                $"Compared with the store ({clock.Elapsed.TotalSeconds:F1} s): {summary.Added:N0} records to add, {summary.Updated:N0} to update, {summary.Unchanged:N0} unchanged"));

            grown = await WriteNewRowsAsync(BulkWriter.For(db, progress), added, batch, cancellationToken);
            await RelationshipCounts.RefreshAsync(db, RelationshipCounts.EndsOf(added.Relationships), progress, cancellationToken);
            if (added.AnyNodes)
            {
                // Counting every kind's table took 65-165 ms on a 10^6-node PostgreSQL store: not for a load that adds no node.
                await NodeCounts.RefreshAsync(db, cancellationToken);
            }
            if (summary.ChangedAnything)
            {
                var verdicts = await ModelVerdicts.RecomputeAsync(db, batch, cancellationToken);
                if (verdicts > 0)
                {
                    progress?.Report(string.Create(CultureInfo.InvariantCulture, $"Verdicts decided again by {VerdictRule.Id}: {verdicts:N0} changed, on models as a whole and per challenge area"));
                }

                StoreLoad.Record(db, batch.Origin, summary.Added, summary.Updated, summary.Unchanged);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        if (!db.IsPostgres)
        {
            // Opened by StoreWriteLock to begin the transaction on it.
            await db.Database.CloseConnectionAsync();
        }

        db.ChangeTracker.Clear();
        await VacuumAsync(grown, progress, cancellationToken);
        return summary;
    }

    /// <summary>
    /// PostgreSQL: marks the pages of the tables a load at least doubled as visible to every transaction (VACUUM), once
    /// the load has committed. Until a table is vacuumed, its first reader sets the rows' hint bits, writing every page
    /// it reads, and its index-only scans visit the table for each row. Counting the 1,000,000 search documents of a
    /// freshly loaded 10^6 store read and wrote all 51,414 pages in 389 ms, then took 191–222 ms; after VACUUM (0.8 s),
    /// an index-only scan of 2,747 pages took 289 ms the first time and 152–154 ms after. Autovacuum would do it, at a
    /// time of its choosing. Cancelled here, the load stands (it has committed) and autovacuum is left to do it.
    /// </summary>
    private async Task VacuumAsync(List<string> tables, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (!db.IsPostgres)
        {
            return;
        }

        try
        {
            foreach (var table in tables)
            {
                var clock = Stopwatch.StartNew();
                var sql = $"VACUUM \"{table}\"";
                await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
                progress?.Report(string.Create(CultureInfo.InvariantCulture, $"{table}: vacuumed after the load ({clock.Elapsed.TotalSeconds:F1} s)"));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            progress?.Report("The load has committed; vacuuming its tables was cancelled and is left to autovacuum.");
        }
    }

    private async Task<Dictionary<string, HashSet<string>>> LoadNodeSourcesAsync(GraphBatch batch, CancellationToken cancellationToken)
    {
        if (!await db.NodeSources.AnyAsync(cancellationToken))
        {
            return [];
        }

        var ids = batch.NodeSources.Keys.ToList();
        var origin = batch.Origin;
        var rows = await KeyChunks.QueryAsync(ids, chunk => db.NodeSources.AsNoTracking().Where(s => s.Origin == origin && EF.Parameter(chunk).Contains(s.NodeId)).ToListAsync(cancellationToken));
        return rows.GroupBy(r => r.NodeId).ToDictionary(g => g.Key, g => g.Select(r => r.SourceId).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    /// <summary>
    /// Compares the batch's relationships with the store: changed ones are updated through EF Core, new ones are
    /// kept for the bulk writer, which gives them their ids; provenance rows to add are kept likewise.
    /// </summary>
    private async Task MergeRelationshipsAsync(GraphBatch batch, LoadSummary summary, NewRows added, CancellationToken cancellationToken)
    {
        if (batch.Relationships.Count == 0)
        {
            return;
        }

        var origin = batch.Origin;
        var keys = batch.Relationships.Select(r => r.Key).ToList();
        var existing = !await db.Relationships.AnyAsync(cancellationToken)
            ? new Dictionary<string, Relationship>(StringComparer.Ordinal)
            : (await KeyChunks.QueryAsync(keys, chunk => db.Relationships.AsNoTracking().Where(r => EF.Parameter(chunk).Contains(r.Key)).ToListAsync(cancellationToken)))
                .ToDictionary(r => r.Key, StringComparer.Ordinal);
        var existingIds = existing.Values.Select(r => r.Id).ToList();
        var existingSources = (await KeyChunks.QueryAsync(existingIds, chunk => db.RelationshipSources.AsNoTracking().Where(s => s.Origin == origin && EF.Parameter(chunk).Contains(s.RelationshipId)).ToListAsync(cancellationToken)))
            .GroupBy(s => s.RelationshipId)
            .ToDictionary(g => g.Key, g => g.Select(s => s.SourceId).ToHashSet(StringComparer.Ordinal));
        var table = BulkTable.For<Relationship>(db);

        foreach (var relationship in batch.Relationships)
        {
            if (!existing.TryGetValue(relationship.Key, out var current))
            {
                relationship.Origin = origin;
                added.Relationships.Add(relationship);
                summary.Count("Relationship", LoadSummary.Change.Added);
                continue;
            }

            relationship.Id = current.Id;
            relationship.Origin = current.Origin;
            var changed = false;
            if (!table.SameValues(current, relationship))
            {
                db.Relationships.Attach(current);
                changed = ValueMerge.Apply(db.Entry(current), relationship, current.Origin, origin, summary, relationship.Key);
            }

            var wanted = batch.RelationshipSources[relationship.Key];
            var have = existingSources.GetValueOrDefault(current.Id) ?? [];
            foreach (var sourceId in wanted.Where(s => !have.Contains(s)))
            {
                added.RelationshipSources.Add(new RelationshipSource { RelationshipId = current.Id, SourceId = sourceId, Origin = origin });
            }

            foreach (var sourceId in have.Where(s => !wanted.Contains(s)))
            {
                db.RelationshipSources.Remove(new RelationshipSource { RelationshipId = current.Id, SourceId = sourceId, Origin = origin });
            }

            changed |= !have.SetEquals(wanted);
            summary.Count("Relationship", changed ? LoadSummary.Change.Updated : LoadSummary.Change.Unchanged);
        }
    }

    /// <summary>
    /// Writes the new rows, parents before children: sources, nodes, identifiers, node provenance, relationships
    /// (ids reserved as one block) and their provenance. Tables that grow by at least the threshold, and at least
    /// double, lose their secondary indexes for the writes and have them built again afterwards; they are returned.
    /// </summary>
    private async Task<List<string>> WriteNewRowsAsync(BulkWriter writer, NewRows added, GraphBatch batch, CancellationToken cancellationToken)
    {
        if (added.Relationships.Count > 0)
        {
            var table = BulkTable.For<Relationship>(db).Name;
            var next = await writer.ReserveIdsAsync(table, added.Relationships.Count, cancellationToken);
            foreach (var relationship in added.Relationships)
            {
                relationship.Id = next++;
                foreach (var sourceId in batch.RelationshipSources[relationship.Key])
                {
                    added.RelationshipSources.Add(new RelationshipSource { RelationshipId = relationship.Id, SourceId = sourceId, Origin = batch.Origin });
                }
            }
        }

        var (tables, grown, dropped) = await DropIndexesForBulkAsync(writer, added, cancellationToken);

        await writer.WriteAsync(added.Sources, cancellationToken);
        await writer.WriteAsync(ParentsFirst(added.ChallengeAreas), cancellationToken);
        await writer.WriteAsync(added.Models, cancellationToken);
        await writer.WriteAsync(added.Organisations, cancellationToken);
        await writer.WriteAsync(added.Identifiers, cancellationToken);
        await writer.WriteAsync(added.Funders, cancellationToken);
        await writer.WriteAsync(added.Outcomes, cancellationToken);
        await writer.WriteAsync(added.Evidence, cancellationToken);
        await writer.WriteAsync(added.NodeSources, cancellationToken);
        await writer.WriteAsync(added.Relationships, cancellationToken);
        await writer.WriteAsync(added.RelationshipSources, cancellationToken);

        foreach (var index in dropped)
        {
            await writer.CreateAsync(index, cancellationToken);
        }

        // A load that changes the shape of a table changes the selectivity of every join through it, so every table's
        // statistics are gathered then (the small tables in no time).
        if (grown.Count > 0)
        {
            foreach (var table in tables)
            {
                await writer.AnalyzeAsync(table, cancellationToken);
            }
        }

        return grown;
    }

    /// <summary>The graph's tables, those this load at least doubles (by at least the threshold), and the indexes dropped from them.</summary>
    private async Task<(List<string> Tables, List<string> Grown, List<SecondaryIndex> Dropped)> DropIndexesForBulkAsync(BulkWriter writer, NewRows added, CancellationToken cancellationToken)
    {
        // Each new node gets its search document from the node tables' triggers.
        var nodes = added.Sources.Count + added.ChallengeAreas.Count + added.Models.Count + added.Organisations.Count
            + added.Funders.Count + added.Outcomes.Count + added.Evidence.Count;
        (string Table, int Rows)[] growth =
        [
            (BulkTable.For<Source>(db).Name, added.Sources.Count),
            (BulkTable.For<ChallengeArea>(db).Name, added.ChallengeAreas.Count),
            (BulkTable.For<Model>(db).Name, added.Models.Count),
            (BulkTable.For<Organisation>(db).Name, added.Organisations.Count),
            (BulkTable.For<OrganisationIdentifier>(db).Name, added.Identifiers.Count),
            (BulkTable.For<Funder>(db).Name, added.Funders.Count),
            (BulkTable.For<Outcome>(db).Name, added.Outcomes.Count),
            (BulkTable.For<EvidenceItem>(db).Name, added.Evidence.Count),
            (BulkTable.For<NodeSource>(db).Name, added.NodeSources.Count),
            (BulkTable.For<Relationship>(db).Name, added.Relationships.Count),
            (BulkTable.For<RelationshipSource>(db).Name, added.RelationshipSources.Count),
            (BulkTable.For<SearchDocument>(db).Name, nodes),
        ];

        var grown = new List<string>();
        var dropped = new List<SecondaryIndex>();
        foreach (var (table, rows) in growth.Where(g => g.Rows >= options.BulkIndexThreshold))
        {
            if (rows < await writer.CountAsync(table, cancellationToken))
            {
                continue;
            }

            grown.Add(table);

            var indexes = await writer.SecondaryIndexesAsync(table, cancellationToken);
            foreach (var index in indexes)
            {
                await writer.DropAsync(index, cancellationToken);
            }

            dropped.AddRange(indexes);
            if (indexes.Count > 0)
            {
                writer.Report(string.Create(CultureInfo.InvariantCulture,
                    $"{table}: {rows:N0} new rows, so its {indexes.Count} secondary indexes are built after the rows are written"));
            }
        }

        return ([.. growth.Select(g => g.Table)], grown, dropped);
    }

    /// <summary>New challenge areas with every parent before its children, as the parent key requires row by row.</summary>
    private static List<ChallengeArea> ParentsFirst(List<ChallengeArea> areas)
    {
        var byId = new Dictionary<string, ChallengeArea>(StringComparer.Ordinal);
        foreach (var area in areas)
        {
            byId.TryAdd(area.Id, area);
        }

        var placed = new HashSet<ChallengeArea>(ReferenceEqualityComparer.Instance);
        var ordered = new List<ChallengeArea>(areas.Count);
        foreach (var area in areas)
        {
            Place(area);
        }

        return ordered;

        void Place(ChallengeArea area)
        {
            if (!placed.Add(area))
            {
                return;
            }

            if (area.ParentId is { } parentId && byId.TryGetValue(parentId, out var parent))
            {
                Place(parent);
            }

            ordered.Add(area);
        }
    }

    /// <summary>The rows a load adds, per table, for the bulk writer.</summary>
    private sealed class NewRows
    {
        public List<Source> Sources { get; } = [];

        public List<ChallengeArea> ChallengeAreas { get; } = [];

        public List<Model> Models { get; } = [];

        public List<Organisation> Organisations { get; } = [];

        public List<OrganisationIdentifier> Identifiers { get; } = [];

        public List<Funder> Funders { get; } = [];

        public List<Outcome> Outcomes { get; } = [];

        public List<EvidenceItem> Evidence { get; } = [];

        public List<NodeSource> NodeSources { get; } = [];

        public List<Relationship> Relationships { get; } = [];

        public List<RelationshipSource> RelationshipSources { get; } = [];

        public bool AnyNodes =>
            Sources.Count + ChallengeAreas.Count + Models.Count + Organisations.Count + Funders.Count + Outcomes.Count + Evidence.Count > 0;
    }

    /// <summary>Merges the nodes of one kind, and their provenance.</summary>
    private sealed class NodeMerge(GraphDbContext db, GraphBatch batch, LoadSummary summary, Dictionary<string, HashSet<string>> existingSources, NewRows added)
    {
        public async Task NodesAsync<T>(
            IQueryable<T> existingQuery, List<T> incoming, List<T> newNodes, Func<T, T, bool, bool>? mergeDetails, CancellationToken cancellationToken)
            where T : class, INode
        {
            if (incoming.Count == 0)
            {
                return;
            }

            // Read untracked: in a repeated bulk load nearly every record is unchanged, and only changed ones need tracking.
            var ids = incoming.Select(n => n.Id).ToList();
            var existing = !await existingQuery.AnyAsync(cancellationToken)
                ? new Dictionary<string, T>(StringComparer.Ordinal)
                : (await KeyChunks.QueryAsync(ids, chunk => existingQuery
                        .AsNoTracking()
                        .Where(n => EF.Parameter(chunk).Contains(EF.Property<string>(n, nameof(INode.Id))))
                        .ToListAsync(cancellationToken)))
                    .ToDictionary(n => n.Id, StringComparer.Ordinal);
            var table = BulkTable.For<T>(db);

            foreach (var node in incoming)
            {
                LoadSummary.Change change;
                if (existing.TryGetValue(node.Id, out var current))
                {
                    node.Origin = current.Origin;
                    var changed = false;
                    if (!table.SameValues(current, node) || !SameDetails(current, node))
                    {
                        db.Attach(current);
                        changed = ValueMerge.Apply(db.Entry(current), node, current.Origin, batch.Origin, summary, $"{T.Kind} {node.Id}");
                        changed |= mergeDetails?.Invoke(current, node, current.Origin == batch.Origin) ?? false;
                    }

                    changed |= MergeSources(node.Id);
                    change = changed ? LoadSummary.Change.Updated : LoadSummary.Change.Unchanged;
                }
                else
                {
                    node.Origin = batch.Origin;
                    newNodes.Add(node);
                    if (node is Organisation organisation)
                    {
                        added.Identifiers.AddRange(organisation.Identifiers.Select(i => new OrganisationIdentifier { OrganisationId = organisation.Id, Scheme = i.Scheme, Value = i.Value }));
                    }

                    MergeSources(node.Id);
                    change = LoadSummary.Change.Added;
                }

                summary.Count(T.Kind, change);
            }
        }

        /// <summary>
        /// The curator's rating follows the record's owner; a dataset that does not own the record only fills a rating
        /// nobody gave. Ratings on other scales are the owner's too, and a newcomer adds those of scales not yet rated.
        /// </summary>
        public bool Rating(EvidenceItem current, EvidenceItem incoming, bool owner)
        {
            var changed = false;
            if (current.Rating is null || incoming.Rating is null)
            {
                if (incoming.Rating is not null || owner)
                {
                    changed = current.Rating is not null || incoming.Rating is not null;
                    current.Rating = incoming.Rating is null ? null : Copy(incoming.Rating);
                }
            }
            else
            {
                changed = ValueMerge.Apply(db.Entry(current.Rating), incoming.Rating, current.Origin, batch.Origin, summary, $"Evidence {current.Id}.rating");
            }

            var others = owner ? incoming.OtherRatings
                : [.. current.OtherRatings, .. incoming.OtherRatings.Where(r => current.OtherRatings.All(c => c.Scale != r.Scale))];
            if (OtherRatingsJson.Write(others) != OtherRatingsJson.Write(current.OtherRatings))
            {
                current.OtherRatings = [.. others];
                changed = true;
            }

            return changed;
        }

        private static EvidenceRating Copy(EvidenceRating rating) =>
            new() { Scale = rating.Scale, Level = rating.Level, Label = rating.Label, Reason = rating.Reason };

        /// <summary>Identifiers only accumulate: each dataset adds the ones it knows, none removes another's.</summary>
        public bool Identifiers(Organisation current, Organisation incoming, bool owner)
        {
            var have = current.Identifiers.Select(i => (i.Scheme, i.Value)).ToHashSet();
            var wanted = incoming.Identifiers.Select(i => (i.Scheme, i.Value)).ToHashSet();
            var toAdd = incoming.Identifiers.Where(i => !have.Contains((i.Scheme, i.Value))).ToList();
            var removed = owner ? current.Identifiers.RemoveAll(i => !wanted.Contains((i.Scheme, i.Value))) : 0;
            current.Identifiers.AddRange(toAdd.Select(i => new OrganisationIdentifier { OrganisationId = current.Id, Scheme = i.Scheme, Value = i.Value }));
            return toAdd.Count + removed > 0;
        }

        /// <summary>What the node's columns do not show: an organisation's identifiers (an evidence rating is in its columns).</summary>
        private static bool SameDetails<T>(T current, T incoming) =>
            current is not Organisation organisation || incoming is not Organisation other
            || organisation.Identifiers.Select(i => (i.Scheme, i.Value)).ToHashSet().SetEquals(other.Identifiers.Select(i => (i.Scheme, i.Value)));

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
                added.NodeSources.Add(new NodeSource { NodeId = nodeId, SourceId = sourceId, Origin = batch.Origin });
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
            // Ratings on other scales are a list, merged per scale with the rating (NodeMerge.Rating).
            foreach (var property in current.Properties.Where(p => !p.Metadata.IsKey() && !p.Metadata.IsShadowProperty()
                && p.Metadata.Name is not (nameof(INode.Origin) or nameof(EvidenceItem.OtherRatings))))
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
