using Microsoft.EntityFrameworkCore;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Importing;

/// <summary>
/// Makes the same organisation (or funder, or publication) from different datasets one node: before an imported
/// batch is loaded, each of its organisations is matched to one already in the store on a registered identifier
/// first and on its normalised name second, each evidence record on its address and then its title
/// (<see cref="PublicationKeys"/>), and the batch is rewritten to use the stored node's id. A name that fits
/// several stored records is not merged; it is reported as ambiguous. An outcomes contract the seed data records
/// carries the id the import gives the project (indigo-poj-nnnn), so it needs no matching; the money paid to it is
/// matched below (<see cref="ResolveFundingsAsync"/>), so that a funding both datasets record is counted once.
/// </summary>
public sealed class EntityResolver(GraphDbContext db)
{
    public async Task<ResolutionReport> ResolveAsync(GraphBatch batch, CancellationToken cancellationToken = default)
    {
        var report = new ResolutionReport();
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);

        if (batch.Organisations.Count > 0)
        {
            var identifiers = (await db.OrganisationIdentifiers.AsNoTracking().Select(i => new { i.Scheme, i.Value, i.OrganisationId }).ToListAsync(cancellationToken))
                .ToLookup(i => (i.Scheme, i.Value), i => i.OrganisationId);
            var stored = await db.Organisations.AsNoTracking().Select(o => new { o.Id, o.Name, o.FormerNames, o.AlternativeNames }).ToListAsync(cancellationToken);
            var names = NameIndex(stored.Select(o => (o.Id, o.Name, o.FormerNames, o.AlternativeNames)));
            var storedNames = stored.ToDictionary(o => o.Id, o => o.Name, StringComparer.Ordinal);
            var storedIds = storedNames.Keys.ToHashSet(StringComparer.Ordinal);

            foreach (var organisation in batch.Organisations)
            {
                if (storedIds.Contains(organisation.Id))
                {
                    continue;
                }

                var byIdentifier = organisation.Identifiers.SelectMany(i => identifiers[(i.Scheme, i.Value)].Select(id => (id, i))).ToList();
                var targets = byIdentifier.Select(m => m.id).Distinct().ToList();
                if (targets.Count == 1)
                {
                    var identifier = byIdentifier[0].i;
                    Match(NodeKind.Organisation, organisation.Id, organisation.Name, targets[0], storedNames[targets[0]], $"identifier {identifier.Scheme}-{identifier.Value}");
                    continue;
                }

                if (targets.Count > 1)
                {
                    report.Ambiguous.Add(new ResolutionReport.Ambiguity(NodeKind.Organisation, organisation.Id, organisation.Name, "identifiers", targets));
                    continue;
                }

                MatchOnName(NodeKind.Organisation, organisation.Id, organisation.Name, NameList.Split(organisation.AlternativeNames), names, storedNames);
            }
        }

        if (batch.Funders.Count > 0)
        {
            var stored = await db.Funders.AsNoTracking().Select(f => new { f.Id, f.Name, f.FormerNames, f.AlternativeNames }).ToListAsync(cancellationToken);
            var names = NameIndex(stored.Select(f => (f.Id, f.Name, f.FormerNames, f.AlternativeNames)));
            var storedNames = stored.ToDictionary(f => f.Id, f => f.Name, StringComparer.Ordinal);
            foreach (var funder in batch.Funders.Where(f => !storedNames.ContainsKey(f.Id)))
            {
                MatchOnName(NodeKind.Funder, funder.Id, funder.Name, NameList.Split(funder.AlternativeNames), names, storedNames);
            }
        }

        if (batch.Evidence.Count > 0)
        {
            // One publication, one evidence node: an imported document the store already holds (the seed's curated
            // record of the same report) becomes that record, matched on its address first and its title second.
            var stored = await db.Evidence.AsNoTracking().Select(e => new { e.Id, e.Title, e.Url }).ToListAsync(cancellationToken);
            var byAddress = stored.ToLookup(e => PublicationKeys.Address(e.Url), e => e.Id);
            var byTitle = stored.ToLookup(e => PublicationKeys.Title(e.Title), e => e.Id);
            var storedTitles = stored.ToDictionary(e => e.Id, e => e.Title, StringComparer.Ordinal);
            foreach (var evidence in batch.Evidence.Where(e => !storedTitles.ContainsKey(e.Id)))
            {
                var address = PublicationKeys.Address(evidence.Url);
                var title = PublicationKeys.Title(evidence.Title);
                foreach (var (candidates, on) in new[] { (byAddress[address].Distinct().ToList(), $"address \"{address}\""), (byTitle[title].Distinct().ToList(), $"title \"{title}\"") })
                {
                    if (candidates.Count == 1)
                    {
                        Match(NodeKind.Evidence, evidence.Id, evidence.Title, candidates[0], storedTitles[candidates[0]], on);
                        break;
                    }

                    if (candidates.Count > 1)
                    {
                        report.Ambiguous.Add(new ResolutionReport.Ambiguity(NodeKind.Evidence, evidence.Id, evidence.Title, on, candidates));
                        break;
                    }
                }
            }
        }

        Rename(batch, renames);
        await ResolveFundingsAsync(batch, report, cancellationToken);
        return report;

        // The record's own name first; its other names only when that finds nothing.
        void MatchOnName(NodeKind kind, string id, string name, IReadOnlyList<string> otherNames, ILookup<string, string> names, Dictionary<string, string> storedNames)
        {
            foreach (var normalised in otherNames.Prepend(name).Select(NameNormaliser.Normalise).Distinct())
            {
                var candidates = names[normalised].Distinct().ToList();
                if (candidates.Count == 1)
                {
                    Match(kind, id, name, candidates[0], storedNames[candidates[0]], $"name \"{normalised}\"");
                    return;
                }

                if (candidates.Count > 1)
                {
                    report.Ambiguous.Add(new ResolutionReport.Ambiguity(kind, id, name, $"name \"{normalised}\"", candidates));
                    return;
                }
            }
        }

        void Match(NodeKind kind, string id, string name, string target, string targetName, string on)
        {
            renames[id] = target;
            report.Matches.Add(new ResolutionReport.Match(kind, id, name, target, targetName, on));
        }
    }

    /// <summary>
    /// One funding, one relationship: an imported funding from a funder to a recipient (once both are resolved) is the
    /// stored funding of the same funder to the same recipient that agrees with every value the import gives, where
    /// the import leaves the year or the instrument out (INDIGO gives no year, and no instrument for most investments,
    /// where the seed data may state both). It takes the stored funding's key, so the load merges the two and the money
    /// is counted once; a disagreement on the amount is then a conflict, the stored value kept. Two or more stored
    /// fundings that fit are kept apart and reported as ambiguous.
    /// </summary>
    private async Task ResolveFundingsAsync(GraphBatch batch, ResolutionReport report, CancellationToken cancellationToken)
    {
        var imported = batch.Relationships.Where(r => r.Type == RelationshipType.Funds && (r.Year is null || r.Instrument is null)).ToList();
        if (imported.Count == 0)
        {
            return;
        }

        var recipients = imported.Select(r => r.ToId).Distinct(StringComparer.Ordinal).ToList();
        var stored = await db.Relationships.AsNoTracking()
            .Where(r => r.Type == RelationshipType.Funds && recipients.Contains(r.ToId))
            .Select(r => new { r.Key, r.FromId, r.ToId, r.Year, r.Instrument })
            .ToListAsync(cancellationToken);
        if (stored.Count == 0)
        {
            return;
        }

        var storedKeys = stored.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var batchKeys = batch.Relationships.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var funding in imported.Where(r => !storedKeys.Contains(r.Key)))
        {
            var candidates = stored
                .Where(s => s.FromId == funding.FromId && s.ToId == funding.ToId && !batchKeys.Contains(s.Key)
                    && (funding.Year is null || s.Year == funding.Year) && (funding.Instrument is null || s.Instrument == funding.Instrument))
                .ToList();
            if (candidates.Count > 1)
            {
                report.Ambiguous.Add(new ResolutionReport.Ambiguity(NodeKind.Funder, funding.FromId, funding.Key, "a funding of the same funder and recipient", [.. candidates.Select(c => c.Key)]));
                continue;
            }

            if (candidates.Count == 0)
            {
                continue;
            }

            var match = candidates[0];
            var key = funding.Key;
            funding.Year = match.Year;
            funding.Instrument = match.Instrument;
            funding.Key = RelationshipKeys.For(funding);
            batch.RelationshipSources[funding.Key] = batch.RelationshipSources[key];
            batch.RelationshipSources.Remove(key);
            batchKeys.Remove(key);
            batchKeys.Add(funding.Key);
            report.Fundings.Add(new ResolutionReport.FundingMatch(key, funding.Key));
        }
    }

    /// <summary>Stored records by each of their normalised names: the name itself, former names and other names.</summary>
    private static ILookup<string, string> NameIndex(IEnumerable<(string Id, string Name, string? FormerNames, string? AlternativeNames)> stored) =>
        stored.SelectMany(r => NameList.Split(r.FormerNames).Concat(NameList.Split(r.AlternativeNames)).Prepend(r.Name)
                .Select(NameNormaliser.Normalise).Distinct().Select(n => (Name: n, r.Id)))
            .ToLookup(n => n.Name, n => n.Id);

    /// <summary>Rewrites the batch to the stored ids, merging what becomes the same node or relationship.</summary>
    private static void Rename(GraphBatch batch, Dictionary<string, string> renames)
    {
        if (renames.Count == 0)
        {
            return;
        }

        string To(string id) => renames.GetValueOrDefault(id, id);

        var organisations = new Dictionary<string, Organisation>(StringComparer.Ordinal);
        foreach (var organisation in batch.Organisations)
        {
            organisation.Id = To(organisation.Id);
            organisation.Identifiers.ForEach(i => i.OrganisationId = organisation.Id);
            if (organisations.TryGetValue(organisation.Id, out var first))
            {
                // Two records of the batch are one organisation: keep the first, with both sets of identifiers.
                first.Identifiers.AddRange(organisation.Identifiers.Where(i => !first.Identifiers.Any(f => f.Scheme == i.Scheme && f.Value == i.Value)));
            }
            else
            {
                organisations[organisation.Id] = organisation;
            }
        }

        batch.Organisations.Clear();
        batch.Organisations.AddRange(organisations.Values);

        // An evidence record renamed to a stored one merges into it; two of the batch renamed to one are one.
        var evidence = batch.Evidence.Select(e =>
        {
            e.Id = To(e.Id);
            return e;
        }).DistinctBy(e => e.Id).ToList();
        batch.Evidence.Clear();
        batch.Evidence.AddRange(evidence);

        var funders = batch.Funders.Select(f =>
        {
            f.Id = To(f.Id);
            f.OrganisationId = f.OrganisationId is null ? null : To(f.OrganisationId);
            return f;
        }).DistinctBy(f => f.Id).ToList();
        batch.Funders.Clear();
        batch.Funders.AddRange(funders);

        foreach (var (id, sources) in batch.NodeSources.Where(s => renames.ContainsKey(s.Key)).ToList())
        {
            batch.NodeSources.Remove(id);
            if (batch.NodeSources.TryGetValue(To(id), out var existing))
            {
                existing.UnionWith(sources);
            }
            else
            {
                batch.NodeSources[To(id)] = sources;
            }
        }

        var relationships = new Dictionary<string, Relationship>(StringComparer.Ordinal);
        var relationshipSources = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var relationship in batch.Relationships)
        {
            var sources = batch.RelationshipSources[relationship.Key];
            relationship.FromId = To(relationship.FromId);
            relationship.ToId = To(relationship.ToId);
            relationship.Key = RelationshipKeys.For(relationship);
            if (relationships.TryAdd(relationship.Key, relationship))
            {
                relationshipSources[relationship.Key] = new SortedSet<string>(sources, StringComparer.Ordinal);
            }
            else
            {
                relationshipSources[relationship.Key].UnionWith(sources);
            }
        }

        batch.Relationships.Clear();
        batch.Relationships.AddRange(relationships.Values);
        batch.RelationshipSources.Clear();
        foreach (var (key, sources) in relationshipSources)
        {
            batch.RelationshipSources[key] = sources;
        }
    }
}

/// <summary>What entity resolution matched, and on what.</summary>
public sealed class ResolutionReport
{
    public List<Match> Matches { get; } = [];

    public List<Ambiguity> Ambiguous { get; } = [];

    /// <summary>Imported fundings that are fundings the store already holds (<see cref="EntityResolver"/>).</summary>
    public List<FundingMatch> Fundings { get; } = [];

    public sealed record Match(NodeKind Kind, string ImportedId, string ImportedName, string StoredId, string StoredName, string On)
    {
        public override string ToString() => $"{Kind} {ImportedId} \"{ImportedName}\" = {StoredId} \"{StoredName}\" (on {On})";
    }

    public sealed record FundingMatch(string ImportedKey, string StoredKey)
    {
        public override string ToString() => $"funding {ImportedKey} = {StoredKey}";
    }

    public sealed record Ambiguity(NodeKind Kind, string ImportedId, string ImportedName, string On, IReadOnlyList<string> Candidates)
    {
        public override string ToString() =>
            $"{Kind} {ImportedId} \"{ImportedName}\" fits {Candidates.Count} stored records on {On} ({string.Join(", ", Candidates)}); kept apart";
    }
}
