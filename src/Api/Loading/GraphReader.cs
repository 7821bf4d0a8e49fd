using GraphQL;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;
using SocialEconomy.Api.Filtering;
using SocialEconomy.Graph.Compiling;
using Reads = SocialEconomy.Graph.Compiling;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Verdicts;
using SocialEconomy.Graph.Store;
using SocialEconomy.Graph.Traversal;

namespace SocialEconomy.Api.Loading;

/// <summary>
/// Everything a resolver reads below the root goes through here: each method is a keyed batch loader, so a
/// field costs one statement per level of the result, whatever the number of parents.
/// </summary>
public sealed class GraphReader(GraphDbContext db, BatchLoaders loaders)
{
    public IDataLoaderResult<IReadOnlyList<TNode>> Related<TNode>(string nodeId, RelationshipType type, Direction direction)
        where TNode : class, INode =>
        loaders.GetOrAdd<string, IReadOnlyList<TNode>>(new RelatedNodes(type, direction, TNode.Kind).Key, async (keys, ct) =>
        {
            var ids = keys.ToArray();
            var rows = new List<(string Key, TNode Node)>();
            if (direction is Direction.Outgoing or Direction.Either)
            {
                rows.AddRange((await (from r in Outgoing(ids, type, TNode.Kind)
                                      join n in db.Set<TNode>() on r.ToId equals EF.Property<string>(n, "Id")
                                      select new { Key = r.FromId, Node = n }).AsNoTracking().ToListAsync(ct))
                    .Select(r => (r.Key, r.Node)));
            }

            if (direction is Direction.Incoming or Direction.Either)
            {
                rows.AddRange((await (from r in Incoming(ids, type, TNode.Kind)
                                      join n in db.Set<TNode>() on r.FromId equals EF.Property<string>(n, "Id")
                                      select new { Key = r.ToId, Node = n }).AsNoTracking().ToListAsync(ct))
                    .Select(r => (r.Key, r.Node)));
            }

            return rows.GroupBy(r => r.Key).ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<TNode>)InListOrder(g.Select(r => r.Node), n => n.Id).ToList());
        }, []).Load(nodeId);

    /// <summary>A related list as <see cref="Related{TNode}"/> gives it: each record once, by key in byte order.</summary>
    private static IEnumerable<T> InListOrder<T>(IEnumerable<T> nodes, Func<T, string> id) => nodes.DistinctBy(id).OrderBy(id, StringComparer.Ordinal);

    /// <summary>How many records <see cref="Related{TNode}"/> lists for the node, counted in the store without reading them.</summary>
    public IDataLoaderResult<int> RelatedCount<TNode>(string nodeId, RelationshipType type, Direction direction)
        where TNode : class, INode =>
        loaders.GetOrAdd<string, int>(new Reads.RelatedCount(type, direction, TNode.Kind).Key, async (keys, ct) =>
        {
            var ids = keys.ToArray();
            var kind = TNode.Kind;
            // Kept by every load (RelationshipCounts); a node with no such list has no row.
            return await db.RelationshipCounts.AsNoTracking()
                .Where(c => ids.Contains(c.NodeId) && c.Type == type && c.Direction == direction && c.FarKind == kind)
                .ToDictionaryAsync(c => c.NodeId, c => c.Count, ct);
        }, 0).Load(nodeId);

    /// <summary>
    /// Relationships of <paramref name="type"/> from the nodes <paramref name="ids"/> to nodes of <paramref name="kind"/>.
    /// Where the type ends at that kind alone the kind is not asked: the loader refuses any other end
    /// (RelationshipEnds), and without it the store reads the (FromId, Type, ToId) index alone, not each relationship's row.
    /// </summary>
    private IQueryable<Relationship> Outgoing(string[] ids, RelationshipType type, NodeKind kind)
    {
        var relationships = db.Relationships.Where(r => r.Type == type && ids.Contains(r.FromId));
        return RelationshipEnds.MayEndAtOtherThan(type, kind) ? relationships.Where(r => r.ToKind == kind) : relationships;
    }

    /// <summary>Relationships of <paramref name="type"/> to the nodes <paramref name="ids"/> from nodes of <paramref name="kind"/>, as <see cref="Outgoing"/>.</summary>
    private IQueryable<Relationship> Incoming(string[] ids, RelationshipType type, NodeKind kind)
    {
        var relationships = db.Relationships.Where(r => r.Type == type && ids.Contains(r.ToId));
        return RelationshipEnds.MayStartFromOtherThan(type, kind) ? relationships.Where(r => r.FromKind == kind) : relationships;
    }

    /// <summary>The relationships themselves, for fields that show their properties (fundings, findings).</summary>
    public IDataLoaderResult<IReadOnlyList<Relationship>> Relationships(string nodeId, RelationshipType type, Direction direction) =>
        Relationships(nodeId, [type], direction);

    /// <summary>The relationships of several types as one list, in row order (participations: RUNS and TAKES_PART_IN).</summary>
    public IDataLoaderResult<IReadOnlyList<Relationship>> Relationships(string nodeId, RelationshipType[] types, Direction direction) =>
        loaders.GetOrAdd<string, IReadOnlyList<Relationship>>(new RelationshipsOf(types, direction).Key, async (keys, ct) =>
        {
            var ids = keys.ToArray();
            var query = db.Relationships.AsNoTracking().Where(ExpressionParts.OfTypes(types));
            query = direction == Direction.Outgoing ? query.Where(r => ids.Contains(r.FromId)) : query.Where(r => ids.Contains(r.ToId));
            var rows = await query.OrderBy(r => r.Id).ToListAsync(ct);
            return rows.GroupBy(r => direction == Direction.Outgoing ? r.FromId : r.ToId)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<Relationship>)g.ToList());
        }, []).Load(nodeId);

    public IDataLoaderResult<TNode?> ById<TNode>(string id)
        where TNode : class, INode =>
        loaders.GetOrAdd<string, TNode?>(ByIdLoader(TNode.Kind), async (keys, ct) =>
        {
            var ids = keys.ToArray();
            var rows = await db.Set<TNode>().AsNoTracking().Where(n => ids.Contains(EF.Property<string>(n, "Id"))).ToListAsync(ct);
            return rows.ToDictionary(n => n.Id, n => (TNode?)n);
        }, null).Load(id);

    /// <summary>
    /// Any node by kind and key: the nodes of every kind a level of the result asks for are read in one statement
    /// (see <see cref="NodeLookup"/>), so a list that mixes kinds costs one statement, not one per kind.
    /// </summary>
    public IDataLoaderResult<object?> Node(NodeKind kind, string id)
    {
        // Checked here, not when the batch runs: a kind without a table is a fault of the caller's, said at once.
        _ = NodeLookup.EntityOf(kind);
        return NodeLoader().Load(new NodeRef(kind, id));
    }

    /// <summary>
    /// Gives the loaders what one statement read ahead (see <see cref="PageStatement"/>): the resolvers of the rows'
    /// fields then find their lists, counts and records loaded, each as its own loader would have read it. A list the
    /// statement found too long is not given, and its loader reads it as usual.
    /// </summary>
    public void Prime(IReadOnlyList<NestedRead> reads, IReadOnlyList<ReadRecord> rows)
    {
        for (var i = 0; i < reads.Count; i++)
        {
            var read = reads[i];
            var found = new List<ReadRecord>();
            foreach (var row in rows)
            {
                switch (read, row.Nested[i])
                {
                    case (Reads.RelatedCount, var count):
                        loaders.Prime(read.Key, ((INode)row.Record).Id, count);
                        break;
                    case (RecordByProperty byProperty, var record):
                        if (row.Record.GetType().GetProperty(byProperty.Property)!.GetValue(row.Record) is string id)
                        {
                            loaders.Prime(ByIdLoader(byProperty.Kind), id, (record as ReadRecord)?.Record);
                            found.AddRange(record is ReadRecord r ? [r] : []);
                        }

                        break;
                    case (_, ReadList { Complete: true } list):
                        var parent = row.Record is Relationship relationship ? (object)relationship.Id : ((INode)row.Record).Id;
                        loaders.Prime(read.Key, parent, InLoaderOrder(read, list.Records.Select(r => r.Record)));
                        found.AddRange(list.Records);
                        break;
                }
            }

            Prime(read.Children, found);
        }
    }

    /// <summary>A list read ahead, as the loader of the same read orders it, in a list of the loader's type.</summary>
    private static object InLoaderOrder(NestedRead read, IEnumerable<object> records) => read switch
    {
        RelatedNodes related => TypedArray(NodeLookup.EntityOf(related.Kind), InListOrder(records, r => ((INode)r).Id)),
        // The statement orders these as their loaders' SQL does.
        RelationshipsOf => records.Cast<Relationship>().ToList(),
        OrganisationIdentifiers => records.Cast<OrganisationIdentifier>().ToList(),
        Reads.NodeSources or Reads.RelationshipSources => records.Cast<Source>().OrderBy(s => s.Id, StringComparer.Ordinal).ToList(),
        _ => throw new ArgumentOutOfRangeException(nameof(read), read, $"No loader reads the list {read.Key}."),
    };

    /// <summary>Records of one entity type in an array of that type: what a loader of IReadOnlyList&lt;TNode&gt; holds.</summary>
    private static Array TypedArray(Type entity, IEnumerable<object> nodes)
    {
        var list = nodes.ToList();
        var array = Array.CreateInstance(entity, list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            array.SetValue(list[i], i);
        }

        return array;
    }

    private static string ByIdLoader(NodeKind kind) => $"by-id:{kind}";

    /// <summary>
    /// Nodes' records read with something else (a neighbourhood's relationships, a path's), so that looking them up
    /// costs no statement: each of <paramref name="lookedFor"/> is its record in <paramref name="found"/>, or does not exist.
    /// </summary>
    public void PrimeNodes(IReadOnlyDictionary<NodeRef, object> found, IEnumerable<NodeRef> lookedFor) =>
        NodeLoader().Prime(lookedFor.Distinct().Select(n => KeyValuePair.Create(n, found.GetValueOrDefault(n))));

    private BatchLoader<NodeRef, object?> NodeLoader() =>
        loaders.GetOrAdd<NodeRef, object?>("node", async (keys, ct) =>
            (await NodeLookup.ReadAsync(db, keys, ct)).ToDictionary(n => n.Key, n => (object?)n.Value), null);

    /// <summary>The funder record of the same body as an organisation (the funder whose organisation it is); the lowest key if several are.</summary>
    public IDataLoaderResult<Funder?> FunderOfOrganisation(string organisationId) =>
        loaders.GetOrAdd<string, Funder?>("funder-of-organisation", async (keys, ct) =>
        {
            var ids = keys.ToArray();
            var rows = await db.Funders.AsNoTracking().Where(f => f.OrganisationId != null && ids.Contains(f.OrganisationId)).ToListAsync(ct);
            return rows.GroupBy(f => f.OrganisationId!).ToDictionary(
                g => g.Key, g => (Funder?)g.OrderBy(f => f.Id, StringComparer.Ordinal).First());
        }, null).Load(organisationId);

    public IDataLoaderResult<IReadOnlyList<Source>> NodeSources(string nodeId) =>
        loaders.GetOrAdd<string, IReadOnlyList<Source>>(new Reads.NodeSources().Key,
            async (keys, ct) => await Attributions.OfNodesAsync(db, keys, ct), []).Load(nodeId);

    public IDataLoaderResult<IReadOnlyList<Source>> RelationshipSources(long relationshipId) => RelationshipSourceLoader().Load(relationshipId);

    /// <summary>Relationships' sources read with the relationships themselves, so that their 'sources' fields cost no statement.</summary>
    public void PrimeRelationshipSources(IReadOnlyDictionary<long, IReadOnlyList<Source>> sources) => RelationshipSourceLoader().Prime(sources);

    private BatchLoader<long, IReadOnlyList<Source>> RelationshipSourceLoader() =>
        loaders.GetOrAdd<long, IReadOnlyList<Source>>(new Reads.RelationshipSources().Key,
            async (keys, ct) => await Attributions.OfRelationshipsAsync(db, keys, ct), []);

    public IDataLoaderResult<IReadOnlyList<OrganisationIdentifier>> Identifiers(string organisationId) =>
        loaders.GetOrAdd<string, IReadOnlyList<OrganisationIdentifier>>(new OrganisationIdentifiers().Key, async (keys, ct) =>
        {
            var ids = keys.ToArray();
            var rows = await db.OrganisationIdentifiers.AsNoTracking().Where(i => ids.Contains(i.OrganisationId))
                .OrderBy(i => i.Scheme).ThenBy(i => i.Value).ToListAsync(ct);
            return rows.GroupBy(i => i.OrganisationId).ToDictionary(g => g.Key, g => (IReadOnlyList<OrganisationIdentifier>)g.ToList());
        }, []).Load(organisationId);

    public IDataLoaderResult<IReadOnlyList<ChallengeArea>> Children(string areaId) =>
        loaders.GetOrAdd<string, IReadOnlyList<ChallengeArea>>("area-children", async (keys, ct) =>
        {
            var ids = keys.ToArray();
            var rows = await db.ChallengeAreas.AsNoTracking().Where(a => a.ParentId != null && ids.Contains(a.ParentId)).ToListAsync(ct);
            return rows.GroupBy(a => a.ParentId!).ToDictionary(
                g => g.Key, g => (IReadOnlyList<ChallengeArea>)g.OrderBy(a => a.Id, StringComparer.Ordinal).ToList());
        }, []).Load(areaId);

    /// <summary>Every area beneath the given one, at any depth, nearest first.</summary>
    public IDataLoaderResult<IReadOnlyList<ChallengeArea>> Descendants(ChallengeArea area) =>
        loaders.GetOrAdd<string, IReadOnlyList<ChallengeArea>>("area-descendants", async (keys, ct) =>
        {
            var paths = keys.ToArray();
            var rows = await db.ChallengeAreas.AsNoTracking()
                .Where(a => paths.Any(p => a.Path.StartsWith(p) && a.Path != p))
                .ToListAsync(ct);
            return paths.ToDictionary(
                p => p,
                p => (IReadOnlyList<ChallengeArea>)rows.Where(a => a.Path.StartsWith(p, StringComparison.Ordinal) && a.Path != p)
                    .OrderBy(a => a.Depth).ThenBy(a => a.Id, StringComparer.Ordinal).ToList());
        }, []).Load(area.Path);

    /// <summary>The areas above the given one, from the top-level area down to its parent.</summary>
    public IDataLoaderResult<IReadOnlyList<ChallengeArea>> Ancestors(ChallengeArea area) =>
        loaders.GetOrAdd<string, IReadOnlyList<ChallengeArea>>("area-ancestors", async (keys, ct) =>
        {
            var chains = keys.ToDictionary(p => p, p => p.Split('/', StringSplitOptions.RemoveEmptyEntries)[..^1]);
            var ids = chains.Values.SelectMany(c => c).Distinct().ToArray();
            var rows = await db.ChallengeAreas.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
            return chains.ToDictionary(
                c => c.Key, c => (IReadOnlyList<ChallengeArea>)c.Value.Where(rows.ContainsKey).Select(id => rows[id]).ToList());
        }, []).Load(area.Path);

    /// <summary>The sums of a funder's stated amounts, per currency.</summary>
    public IDataLoaderResult<IReadOnlyList<MoneyTotal>> FundingTotals(string funderId) =>
        loaders.GetOrAdd<string, IReadOnlyList<MoneyTotal>>("funding-totals", async (keys, ct) =>
        {
            var ids = keys.ToArray();
            var rows = await db.Relationships
                .Where(r => r.Type == RelationshipType.Funds && r.Amount != null && r.Currency != null && ids.Contains(r.FromId))
                .GroupBy(r => new { Id = r.FromId, r.Currency })
                .Select(g => new TotalRow(g.Key.Id, g.Key.Currency!, g.Sum(r => r.Amount!.Value), g.Count()))
                .ToListAsync(ct);
            return ByNode(rows);
        }, []).Load(funderId);

    /// <summary>
    /// The sums of the stated amounts paid to an organisation or a model itself, per currency: money paid to an
    /// outcomes contract is the contract's, not its providers'.
    /// </summary>
    public IDataLoaderResult<IReadOnlyList<MoneyTotal>> ReceivedTotals(string recipientId) =>
        loaders.GetOrAdd<string, IReadOnlyList<MoneyTotal>>("received-totals", async (keys, ct) =>
        {
            var ids = keys.ToArray();
            var rows = await db.Relationships
                .Where(r => r.Type == RelationshipType.Funds && r.Amount != null && r.Currency != null && ids.Contains(r.ToId))
                .GroupBy(r => new { Id = r.ToId, r.Currency })
                .Select(g => new TotalRow(g.Key.Id, g.Key.Currency!, g.Sum(r => r.Amount!.Value), g.Count()))
                .ToListAsync(ct);
            return ByNode(rows);
        }, []).Load(recipientId);

    private static Dictionary<string, IReadOnlyList<MoneyTotal>> ByNode(List<TotalRow> rows) =>
        rows.GroupBy(r => r.Id).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<MoneyTotal>)g.Select(r => new MoneyTotal(r.Currency, r.Amount, r.Count)).OrderBy(t => t.Currency, StringComparer.Ordinal).ToList());

    private sealed record TotalRow(string Id, string Currency, decimal Amount, int Count);

    /// <summary>
    /// The evidence status of an area and the areas beneath it: four statements for all the areas asked for at once
    /// (the areas, their evidence by design, by rating, and their models by verdict there).
    /// </summary>
    public IDataLoaderResult<ChallengeAreas.AreaEvidenceStatus> EvidenceStatus(ChallengeArea area) =>
        loaders.GetOrAdd<string, ChallengeAreas.AreaEvidenceStatus>("evidence-status", async (keys, ct) =>
        {
            var paths = keys.ToArray();
            var areas = await db.ChallengeAreas.AsNoTracking().Where(a => paths.Contains(a.Path)).ToListAsync(ct);
            // Each area asked for, with each area at or beneath it.
            var beneath = from a in db.ChallengeAreas
                          where paths.Contains(a.Path)
                          from b in db.ChallengeAreas
                          where b.Path.StartsWith(a.Path)
                          select new { a.Path, AreaId = a.Id, BeneathId = b.Id };
            var evidence = from x in (from x in beneath
                                      join r in db.Relationships on x.BeneathId equals r.ToId
                                      where r.Type == RelationshipType.EvidenceIn
                                      select new { x.Path, EvidenceId = r.FromId }).Distinct()
                           join e in db.Evidence on x.EvidenceId equals e.Id
                           select new { x.Path, e.Design, Scale = (EvidenceScale?)e.Rating!.Scale, Level = (int?)e.Rating!.Level };
            var byDesign = (await evidence.GroupBy(e => new { e.Path, e.Design }).Select(g => new { g.Key.Path, g.Key.Design, Count = g.Count() }).ToListAsync(ct))
                .ToLookup(r => r.Path, StringComparer.Ordinal);
            var byRating = (await evidence.Where(e => e.Level != null).GroupBy(e => new { e.Path, e.Scale, e.Level })
                    .Select(g => new { g.Key.Path, Scale = g.Key.Scale!.Value, Level = g.Key.Level!.Value, Count = g.Count() }).ToListAsync(ct))
                .ToLookup(r => r.Path, StringComparer.Ordinal);
            // Each model that addresses the area or an area beneath it, by its verdict on the evidence about the area.
            var verdicts = (await (from x in (from x in beneath
                                              join r in db.Relationships on x.BeneathId equals r.ToId
                                              where r.Type == RelationshipType.Addresses
                                              select new { x.Path, x.AreaId, ModelId = r.FromId }).Distinct()
                                   select new
                                   {
                                       x.Path,
                                       Verdict = db.AreaVerdicts.Where(v => v.AreaId == x.AreaId && v.ModelId == x.ModelId).Select(v => (Graph.Verdicts.Verdict?)v.Verdict).FirstOrDefault()
                                           ?? Graph.Verdicts.Verdict.InsufficientEvidence,
                                   })
                    .GroupBy(x => new { x.Path, x.Verdict }).Select(g => new { g.Key.Path, g.Key.Verdict, Count = g.Count() }).ToListAsync(ct))
                .ToLookup(r => r.Path, StringComparer.Ordinal);
            return areas.ToDictionary(a => a.Path, a => new ChallengeAreas.AreaEvidenceStatus(
                a,
                byDesign[a.Path].Sum(d => d.Count),
                [.. byDesign[a.Path].OrderByDescending(d => d.Count).ThenBy(d => d.Design).Select(d => (d.Design, d.Count))],
                [.. byRating[a.Path].OrderBy(r => r.Scale).ThenByDescending(r => r.Level).Select(r => (r.Scale, r.Level, r.Count))],
                verdicts[a.Path].Sum(v => v.Count),
                [.. verdicts[a.Path].OrderByDescending(v => VerdictOrder.Rank(v.Verdict)).Select(v => (v.Verdict, v.Count))]), StringComparer.Ordinal);
        }, null!).Load(area.Path);

    /// <summary>A model's stored verdict; null when no evidence evaluates it.</summary>
    public IDataLoaderResult<ModelVerdict?> Verdict(string modelId) =>
        loaders.GetOrAdd<string, ModelVerdict?>("verdict", async (keys, ct) =>
        {
            var ids = keys.ToArray();
            var rows = await db.ModelVerdicts.AsNoTracking().Where(v => ids.Contains(v.ModelId)).ToListAsync(ct);
            return rows.ToDictionary(v => v.ModelId, v => (ModelVerdict?)v);
        }, null).Load(modelId);

    /// <summary>A model's verdicts per challenge area, top-level areas first, each followed by the areas beneath it.</summary>
    public IDataLoaderResult<IReadOnlyList<AreaVerdict>> AreaVerdicts(string modelId) =>
        loaders.GetOrAdd<string, IReadOnlyList<AreaVerdict>>("area-verdicts", async (keys, ct) =>
        {
            var ids = keys.ToArray();
            var rows = await (from v in db.AreaVerdicts.AsNoTracking()
                              where ids.Contains(v.ModelId)
                              join a in db.ChallengeAreas on v.AreaId equals a.Id
                              orderby a.Path
                              select v).ToListAsync(ct);
            return rows.GroupBy(v => v.ModelId).ToDictionary(g => g.Key, g => (IReadOnlyList<AreaVerdict>)[.. g]);
        }, []).Load(modelId);

    /// <summary>How many evidence items evaluate a model, and the highest rating level among them.</summary>
    public IDataLoaderResult<EvidenceStrength> EvidenceStrength(string nodeId) =>
        loaders.GetOrAdd<string, EvidenceStrength>("evidence-strength", async (keys, ct) =>
        {
            var ids = keys.ToArray();
            var rows = await (from r in db.Relationships
                              where r.Type == RelationshipType.Evaluates && ids.Contains(r.ToId)
                              join e in db.Evidence on r.FromId equals e.Id
                              group (int?)e.Rating!.Level by r.ToId into g
                              select new { Id = g.Key, Count = g.Count(), Best = g.Max() }).ToListAsync(ct);
            return rows.ToDictionary(r => r.Id, r => new EvidenceStrength(r.Count, r.Best));
        }, new EvidenceStrength(0, null)).Load(nodeId);
}

public sealed record EvidenceStrength(int Count, int? BestLevel);

public sealed record MoneyTotal(string Currency, decimal Amount, int Count);
