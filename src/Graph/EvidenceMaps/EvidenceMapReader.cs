using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.EvidenceMaps;

/// <summary>The evidence-and-gap map read from the store: challenge areas by outcomes, counted in one SQL statement.</summary>
public sealed class EvidenceMapReader(GraphDbContext db)
{
    /// <summary>
    /// The map of the areas <paramref name="within"/> (every area when null) by the outcomes named (or, when none are,
    /// those that belong to a row's area or that evidence in a row reports on, by name). Throws
    /// <see cref="EvidenceMapTooLargeException"/> when it would have more than <paramref name="maxCells"/> cells, and
    /// <see cref="EvidenceMapOutcomeNotFoundException"/> when an outcome named is not in the graph.
    /// </summary>
    public async Task<EvidenceMap> ReadAsync(
        ChallengeArea? within, List<string>? outcomeIds, bool rollUp, int maxCells, CancellationToken cancellationToken)
    {
        var path = within?.Path;
        // With the rows, the number of outcomes in the graph as the store keeps it (null if it keeps none).
        var read = await db.ChallengeAreas.AsNoTracking().Where(a => path == null || a.Path.StartsWith(path))
            .Select(a => new { Area = a, Outcomes = db.NodeCounts.Where(c => c.Kind == NodeKind.Outcome).Select(c => (int?)c.Count).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        var rows = read.Select(r => r.Area).OrderBy(a => TreeOrder(a.Path), StringComparer.Ordinal).ToList();
        var outcomesInGraph = read.Count > 0 ? read[0].Outcomes : 0;
        // Refused before any finding is read into memory: the columns are at least the outcomes named, or else the
        // outcomes that the rows' evidence reports on, which the store counts unless every outcome in the graph would
        // fit (that count joins every finding of the rows: 2 of the map's 9 ms of statements at 10^5 nodes on PostgreSQL).
        var findings = Findings(rows, path is null);
        if (outcomeIds is not null)
        {
            CheckSize(rows.Count, outcomeIds.Count, maxCells);
        }
        else if (outcomesInGraph is not { } everyOutcome || (long)rows.Count * everyOutcome > maxCells)
        {
            CheckSize(rows.Count, await ReportedOutcomeCountAsync(rows, path is null, cancellationToken), maxCells);
        }

        var (counted, withoutFinding) = await CountAsync(findings, rows, rollUp, outcomeIds, cancellationToken);

        List<Outcome> columns;
        if (outcomeIds is not null)
        {
            var found = await db.Outcomes.AsNoTracking().Where(o => outcomeIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, cancellationToken);
            var missing = outcomeIds.FindIndex(id => !found.ContainsKey(id));
            if (missing >= 0)
            {
                throw new EvidenceMapOutcomeNotFoundException(missing);
            }

            columns = [.. outcomeIds.Select(id => found[id])];
        }
        else
        {
            var rowIds = rows.Select(a => a.Id).ToArray();
            var reported = counted.Keys.Select(k => k.Outcome).Distinct().ToArray();
            // Two reads by index joined by UNION: as one condition with OR, PostgreSQL scanned every outcome (28-49 ms
            // at 10^5 nodes once the statement was prepared, and most of the map's 446 ms at 10^6).
            var inRows = db.Relationships.Where(r => r.Type == RelationshipType.OutcomeIn && rowIds.Contains(r.ToId)).Select(r => r.FromId);
            columns = [.. (await db.Outcomes.AsNoTracking().Where(o => reported.Contains(o.Id))
                    .Union(db.Outcomes.AsNoTracking().Where(o => inRows.Contains(o.Id)))
                    .ToListAsync(cancellationToken))
                .OrderBy(o => o.Name, StringComparer.Ordinal).ThenBy(o => o.Id, StringComparer.Ordinal)];
        }

        CheckSize(rows.Count, columns.Count, maxCells);
        var models = new MapModels(rows, path is null, [.. columns.Select(o => o.Id)], rollUp);

        var noEvidence = new HashSet<string>(StringComparer.Ordinal);
        var grid = rows.SelectMany(area =>
        {
            var unrecorded = withoutFinding.GetValueOrDefault(area.Id, noEvidence);
            return columns.Select(outcome =>
                counted.TryGetValue((area.Id, outcome.Id), out var c)
                    ? new EvidenceMapCell(area, outcome, rollUp, c.EvidenceCount,
                        c.BestRating is { } best ? new BestRating(ScaleOf(best % 10), best / 10) : null, c.Effects(), models, unrecorded)
                    : new EvidenceMapCell(area, outcome, rollUp, 0, null, new EffectCounts(0, 0, 0, 0, 0), models, unrecorded));
        });
        return new EvidenceMap(within, rows, columns, [.. grid]);

        static EvidenceScale ScaleOf(int rank) => rank switch
        {
            3 => EvidenceScale.Nesta,
            2 => EvidenceScale.MarylandSms,
            _ => EvidenceScale.Foundations,
        };
    }

    /// <summary>How many models address the cell's area (rolled up, or an area beneath it) and aim to change its outcome; the first call reads them for the whole map.</summary>
    public Task<int> ModelCountAsync(EvidenceMapCell cell, CancellationToken cancellationToken) =>
        cell.Models.CountAsync(db, cell.Area.Id, cell.Outcome.Id, cancellationToken);

    /// <summary>
    /// The evidence of many cells in one statement, by (area, outcome), each cell's in <see cref="InMapOrder"/>;
    /// a cell with none is left out.
    /// </summary>
    public async Task<IReadOnlyDictionary<(string Area, string Outcome), IReadOnlyList<EvidenceItem>>> CellEvidenceAsync(
        IReadOnlyCollection<(string Area, string Outcome)> cells, bool rollUp, CancellationToken cancellationToken)
    {
        var areaIds = cells.Select(k => k.Area).Distinct().ToArray();
        var outcomeIds = cells.Select(k => k.Outcome).Distinct().ToArray();
        var rows = await (from row in db.ChallengeAreas
                          where areaIds.Contains(row.Id)
                          from sub in db.ChallengeAreas
                          where rollUp ? sub.Path.StartsWith(row.Path) : sub.Id == row.Id
                          join ein in db.Relationships on sub.Id equals ein.ToId
                          where ein.Type == RelationshipType.EvidenceIn
                          join rep in db.Relationships on ein.FromId equals rep.FromId
                          where rep.Type == RelationshipType.Reports && outcomeIds.Contains(rep.ToId)
                          join e in db.Evidence on ein.FromId equals e.Id
                          select new { Area = row.Id, Outcome = rep.ToId, Evidence = e }).AsNoTracking().ToListAsync(cancellationToken);
        return rows.GroupBy(r => (r.Area, r.Outcome)).ToDictionary(
            g => g.Key,
            g => InMapOrder(g.Select(r => r.Evidence).DistinctBy(e => e.Id)));
    }

    /// <summary>The order a cell lists evidence in: highest rating level first (unrated as 0), then by key.</summary>
    public static IReadOnlyList<EvidenceItem> InMapOrder(IEnumerable<EvidenceItem> evidence) =>
        [.. evidence.OrderByDescending(e => e.Rating?.Level ?? 0).ThenBy(e => e.Id, StringComparer.Ordinal)];

    /// <summary>
    /// The cells that have evidence, and each row's evidence that records no finding at all. One statement reads every
    /// finding (evidence item, outcome, effect, rating) of evidence about the rows' areas, on any outcome, by the
    /// relationship indexes from those areas outwards, with a finding-less line for evidence that records none; the
    /// roll-up to each area's ancestors among the rows happens here, from the area's path. Counting in SQL joined every
    /// row to its sub-areas by path prefix, which no index serves: SQLite's planner then scanned every finding in the
    /// graph once per area (seconds at 10^5 nodes). Findings on outcomes that are not columns are read all the same:
    /// they are what tells an item that reports elsewhere (no evidence on the column) from one whose findings are not
    /// recorded (perhaps evidence on it).
    /// </summary>
    private static async Task<(Dictionary<(string Area, string Outcome), CellCounts> Cells, Dictionary<string, HashSet<string>> WithoutFinding)> CountAsync(
        IQueryable<Finding> findings, List<ChallengeArea> rows, bool rollUp, List<string>? outcomeIds, CancellationToken cancellationToken)
    {
        var rowIds = rows.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        // The area's path lists its ancestors' ids, top first, then its own: each that is a row counts the area's findings.
        var countedIn = rows.ToDictionary(
            a => a.Id,
            a => rollUp ? a.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(rowIds.Contains).ToArray() : [a.Id],
            StringComparer.Ordinal);
        var columns = outcomeIds?.ToHashSet(StringComparer.Ordinal);
        var cells = new Dictionary<(string Area, string Outcome), CellCounts>();
        var withoutFinding = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var finding in await findings.AsNoTracking().ToListAsync(cancellationToken))
        {
            if (!countedIn.TryGetValue(finding.Area, out var counting))
            {
                continue;
            }

            foreach (var row in counting)
            {
                // An item with no finding comes in one line with no outcome, an item with findings only in lines with one.
                if (finding.Outcome is null)
                {
                    if (!withoutFinding.TryGetValue(row, out var unrecorded))
                    {
                        withoutFinding[row] = unrecorded = new HashSet<string>(StringComparer.Ordinal);
                    }

                    unrecorded.Add(finding.Evidence);
                    continue;
                }

                if (columns is not null && !columns.Contains(finding.Outcome))
                {
                    continue;
                }

                if (!cells.TryGetValue((row, finding.Outcome), out var cell))
                {
                    cells[(row, finding.Outcome)] = cell = new CellCounts();
                }

                cell.Add(finding.Evidence, finding.Effect, finding.Level is { } level ? level * 10 + ScaleRank(finding.Scale!.Value) : null);
            }
        }

        return (cells, withoutFinding);
    }

    /// <summary>
    /// How many outcomes the evidence of the rows' areas reports on. Inner joins, which the store walks from the areas'
    /// evidence; the same count through <see cref="Findings"/>' left join made SQLite read every relationship of the
    /// graph first (3.5 s at 10^6 nodes).
    /// </summary>
    private Task<int> ReportedOutcomeCountAsync(List<ChallengeArea> rows, bool everyArea, CancellationToken cancellationToken)
    {
        var reported = from ein in db.Relationships
                       where ein.Type == RelationshipType.EvidenceIn
                       join e in db.Evidence on ein.FromId equals e.Id
                       join rep in db.Relationships on e.Id equals rep.FromId
                       where rep.Type == RelationshipType.Reports
                       select new { Area = ein.ToId, Outcome = rep.ToId };
        if (!everyArea)
        {
            var areaIds = rows.Select(a => a.Id).ToArray();
            reported = reported.Where(r => areaIds.Contains(r.Area));
        }

        return reported.Select(r => r.Outcome).Distinct().CountAsync(cancellationToken);
    }

    /// <summary>
    /// Every finding of evidence about the rows' areas (all areas when the map has no 'within'), on any outcome;
    /// evidence about them with no finding recorded comes once, with no outcome.
    /// </summary>
    private IQueryable<Finding> Findings(List<ChallengeArea> rows, bool everyArea)
    {
        var reports = db.Relationships.Where(r => r.Type == RelationshipType.Reports);
        var findings = from ein in db.Relationships
                       where ein.Type == RelationshipType.EvidenceIn
                       join e in db.Evidence on ein.FromId equals e.Id
                       from rep in reports.Where(r => r.FromId == e.Id).DefaultIfEmpty()
                       select new Finding
                       {
                           Area = ein.ToId, Evidence = e.Id, Outcome = rep == null ? null : rep.ToId, Effect = rep == null ? null : rep.Effect,
                           Level = (int?)e.Rating!.Level, Scale = (EvidenceScale?)e.Rating!.Scale,
                       };
        if (!everyArea)
        {
            var areaIds = rows.Select(a => a.Id).ToArray();
            findings = findings.Where(f => areaIds.Contains(f.Area));
        }

        return findings;
    }

    private static void CheckSize(int rows, int columns, int maxCells)
    {
        if ((long)rows * columns > maxCells)
        {
            throw new EvidenceMapTooLargeException(string.Create(CultureInfo.InvariantCulture,
                $"This map would have at least {(long)rows * columns:N0} cells ({rows:N0} challenge areas by at least {columns:N0} outcomes), more than the {maxCells:N0} "
                + $"one request may draw; draw it 'within' a narrower challenge area, or name the columns with 'outcomes'."));
        }
    }

    /// <summary>
    /// One evidence item's finding on an outcome, as counted in the cell of one of its areas, or (no outcome) an item
    /// about the area with no finding recorded on any outcome. Set by member, so queries compose over it.
    /// </summary>
    private sealed class Finding
    {
        public required string Area { get; init; }

        public required string Evidence { get; init; }

        public string? Outcome { get; init; }

        public Effect? Effect { get; init; }

        public int? Level { get; init; }

        public EvidenceScale? Scale { get; init; }
    }

    /// <summary>Where items on different scales share the best level, the scale shown: NESTA, then MARYLAND_SMS, then FOUNDATIONS.</summary>
    private static int ScaleRank(EvidenceScale scale) => scale switch
    {
        EvidenceScale.Nesta => 3,
        EvidenceScale.MarylandSms => 2,
        EvidenceScale.Foundations => 1,
        _ => 0,
    };

    /// <summary>One cell's distinct evidence items, overall and by the effect they found, and its best rating.</summary>
    /// <remarks>
    /// Each item once, with the effects it was found to have: one table a cell rather than a set per effect, of which
    /// a map of 1,600 evidenced cells made 9,600.
    /// </remarks>
    private sealed class CellCounts
    {
        private readonly Dictionary<string, EffectsFound> _evidence = new(StringComparer.Ordinal);

        public int EvidenceCount => _evidence.Count;

        /// <summary>level × 10 + scale rank, so that one maximum picks the level and, at equal levels, the scale.</summary>
        public int? BestRating { get; private set; }

        /// <summary>Counts a finding; evidence nobody has appraised (no rating) counts, but cannot be the best rated.</summary>
        public void Add(string evidence, Effect? effect, int? rating)
        {
            var found = effect switch
            {
                Effect.Positive => EffectsFound.Positive,
                Effect.NoEffect => EffectsFound.NoEffect,
                Effect.Negative => EffectsFound.Negative,
                Effect.Mixed => EffectsFound.Mixed,
                _ => EffectsFound.Unstated,
            };
            _evidence[evidence] = _evidence.GetValueOrDefault(evidence) | found;
            BestRating = rating is null || BestRating >= rating ? BestRating : rating;
        }

        /// <summary>How many of the cell's items found each effect (an item reporting two effects on the outcome counts in both).</summary>
        public EffectCounts Effects()
        {
            int positive = 0, noEffect = 0, negative = 0, mixed = 0, unstated = 0;
            foreach (var found in _evidence.Values)
            {
                positive += (found & EffectsFound.Positive) != 0 ? 1 : 0;
                noEffect += (found & EffectsFound.NoEffect) != 0 ? 1 : 0;
                negative += (found & EffectsFound.Negative) != 0 ? 1 : 0;
                mixed += (found & EffectsFound.Mixed) != 0 ? 1 : 0;
                unstated += (found & EffectsFound.Unstated) != 0 ? 1 : 0;
            }

            return new EffectCounts(positive, noEffect, negative, mixed, unstated);
        }

        [Flags]
        private enum EffectsFound
        {
            Positive = 1,
            NoEffect = 2,
            Negative = 4,
            Mixed = 8,
            Unstated = 16,
        }
    }

    /// <summary>Sorts paths as the tree reads, parents before children: "/a/" before "/a/b/" before "/a-b/".</summary>
    private static string TreeOrder(string path) => path.Replace('/', '\0');
}
