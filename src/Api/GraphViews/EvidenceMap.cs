using System.Globalization;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using SocialEconomy.Api.ChallengeAreas;
using SocialEconomy.Api.Evidence;
using SocialEconomy.Api.Limits;
using SocialEconomy.Api.Loading;
using SocialEconomy.Api.Outcomes;
using SocialEconomy.Api.Relay;
using SocialEconomy.Api.Schema;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Api.GraphViews;

/// <summary>The evidence-and-gap map: challenge areas by outcomes, counted in one SQL statement.</summary>
public static class EvidenceMaps
{
    public static void AddEvidenceMapField(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<EvidenceMapType>>("evidenceMap")
            .Description("The evidence-and-gap map: challenge areas (rows) by outcomes (columns). A cell counts the evidence items that are about the row's area "
                + "(EVIDENCE_IN; with rollUp, also any area beneath it) and report a finding on the column's outcome (REPORTS), with their best rating and the "
                + "direction of their findings. Every row-by-column pair has a cell; a cell with no evidence reporting on its outcome is a gap. Evidence about an area "
                + "whose findings are recorded, none on an outcome, is not evidence on that outcome; but evidence about the area with no finding recorded on any "
                + "outcome (evidenceWithoutFindingCount) may have found something on it that is not recorded: such a gap is one of findings not recorded, "
                + "not necessarily one of evidence.")
            .Argument<IdGraphType>("within", "The global id of a challenge area: the rows are this area and every area beneath it. All areas when omitted.")
            .Argument<ListGraphType<NonNullGraphType<IdGraphType>>>("outcomes",
                "Global ids of the outcomes to use as columns, in this order. When omitted: the outcomes that belong to a row's area (OUTCOME_IN) or that evidence in a row reports on, by name.")
            .Argument<BooleanGraphType>("rollUp", "Count in each row the evidence about the area and everything beneath it (the default), or, when false, only evidence about exactly that area.",
                a => a.DefaultValue = true)
            .ResolveAsync(async context =>
            {
                var db = context.RequestServices!.GetRequiredService<GraphDbContext>();
                var rollUp = context.GetArgument("rollUp", true);
                ChallengeArea? within = null;
                if (context.GetArgument<string?>("within") is { } withinId)
                {
                    var area = GraphViewArguments.Decode("within", withinId, NodeKind.ChallengeArea);
                    within = await context.Reader().ById<ChallengeArea>(area.Id).GetResultAsync(context.CancellationToken)
                        ?? throw GraphViewArguments.NotFound("within");
                }

                List<string>? outcomeIds = null;
                if (context.GetArgument<List<string>?>("outcomes") is { } given)
                {
                    outcomeIds = [.. given.Select((id, i) => GraphViewArguments.Decode($"outcomes[{i}]", id, NodeKind.Outcome).Id).Distinct()];
                }

                return await BuildAsync(db, within, outcomeIds, rollUp, GraphViewOptions.From(context.RequestServices!).MaxEvidenceMapCells, context.CancellationToken);
            });

    private static async Task<EvidenceMap> BuildAsync(
        GraphDbContext db, ChallengeArea? within, List<string>? outcomeIds, bool rollUp, int maxCells, CancellationToken cancellationToken)
    {
        var path = within?.Path;
        var rows = (await db.ChallengeAreas.AsNoTracking().Where(a => path == null || a.Path.StartsWith(path)).ToListAsync(cancellationToken))
            .OrderBy(a => TreeOrder(a.Path), StringComparer.Ordinal).ToList();
        // Refused before any finding is read into memory: the columns are at least the outcomes named, or else the
        // outcomes that the rows' evidence reports on (counted by the store).
        var findings = Findings(db, rows, path is null);
        var fewestColumns = outcomeIds?.Count ?? await findings.Where(f => f.Outcome != null).Select(f => f.Outcome).Distinct().CountAsync(cancellationToken);
        CheckSize(rows.Count, fewestColumns, maxCells);
        var (counted, withoutFinding) = await CountAsync(findings, rows, rollUp, outcomeIds, cancellationToken);

        List<Outcome> columns;
        if (outcomeIds is not null)
        {
            var found = await db.Outcomes.AsNoTracking().Where(o => outcomeIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, cancellationToken);
            var missing = outcomeIds.FindIndex(id => !found.ContainsKey(id));
            if (missing >= 0)
            {
                throw GraphViewArguments.NotFound($"outcomes[{missing}]");
            }

            columns = [.. outcomeIds.Select(id => found[id])];
        }
        else
        {
            var rowIds = rows.Select(a => a.Id).ToArray();
            var reported = counted.Keys.Select(k => k.Outcome).Distinct().ToArray();
            columns = [.. (await db.Outcomes.AsNoTracking()
                    .Where(o => reported.Contains(o.Id)
                        || db.Relationships.Any(r => r.Type == RelationshipType.OutcomeIn && r.FromId == o.Id && rowIds.Contains(r.ToId)))
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
                    ? new EvidenceMapCell(area, outcome, rollUp, c.Evidence.Count,
                        c.BestRating is { } best ? new BestRating(ScaleOf(best % 10), best / 10) : null,
                        new EffectCounts(c.Positive.Count, c.NoEffect.Count, c.Negative.Count, c.Mixed.Count, c.Unstated.Count), models, unrecorded)
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
        var pathOf = rows.ToDictionary(a => a.Id, a => a.Path, StringComparer.Ordinal);
        var columns = outcomeIds?.ToHashSet(StringComparer.Ordinal);
        var cells = new Dictionary<(string Area, string Outcome), CellCounts>();
        var withoutFinding = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var finding in await findings.AsNoTracking().ToListAsync(cancellationToken))
        {
            if (!pathOf.TryGetValue(finding.Area, out var areaPath))
            {
                continue;
            }

            // The area's path lists its ancestors' ids, top first, then its own: each that is a row counts the finding.
            var counting = rollUp ? areaPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(pathOf.ContainsKey) : [finding.Area];
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
    /// Every finding of evidence about the rows' areas (all areas when the map has no 'within'), on any outcome;
    /// evidence about them with no finding recorded comes once, with no outcome.
    /// </summary>
    private static IQueryable<Finding> Findings(GraphDbContext db, List<ChallengeArea> rows, bool everyArea)
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
            throw new ExecutionError(string.Create(CultureInfo.InvariantCulture,
                $"This map would have at least {(long)rows * columns:N0} cells ({rows:N0} challenge areas by at least {columns:N0} outcomes), more than the {maxCells:N0} "
                + $"one request may draw; draw it 'within' a narrower challenge area, or name the columns with 'outcomes'."))
            {
                Code = GraphViewArguments.MapTooLarge,
            };
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
    private sealed class CellCounts
    {
        public HashSet<string> Evidence { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Positive { get; } = new(StringComparer.Ordinal);

        public HashSet<string> NoEffect { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Negative { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Mixed { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Unstated { get; } = new(StringComparer.Ordinal);

        /// <summary>level × 10 + scale rank, so that one maximum picks the level and, at equal levels, the scale.</summary>
        public int? BestRating { get; private set; }

        /// <summary>Counts a finding; evidence nobody has appraised (no rating) counts, but cannot be the best rated.</summary>
        public void Add(string evidence, Effect? effect, int? rating)
        {
            Evidence.Add(evidence);
            (effect switch
            {
                Effect.Positive => Positive,
                Effect.NoEffect => NoEffect,
                Effect.Negative => Negative,
                Effect.Mixed => Mixed,
                _ => Unstated,
            }).Add(evidence);
            BestRating = rating is null || BestRating >= rating ? BestRating : rating;
        }
    }

    /// <summary>Sorts paths as the tree reads, parents before children: "/a/" before "/a/b/" before "/a-b/".</summary>
    private static string TreeOrder(string path) => path.Replace('/', '\0');

    /// <summary>The evidence of many cells in one statement: a batch loader keyed by (area, outcome).</summary>
    internal static GraphQL.DataLoader.IDataLoaderResult<IReadOnlyList<EvidenceItem>> CellEvidence(IResolveFieldContext context, EvidenceMapCell cell)
    {
        var db = context.RequestServices!.GetRequiredService<GraphDbContext>();
        var rollUp = cell.RolledUp;
        return context.RequestServices!.GetRequiredService<BatchLoaders>().GetOrAdd<(string Area, string Outcome), IReadOnlyList<EvidenceItem>>(
            $"evidence-map-cell:{rollUp}", async (keys, ct) =>
            {
                var areaIds = keys.Select(k => k.Area).Distinct().ToArray();
                var outcomeIds = keys.Select(k => k.Outcome).Distinct().ToArray();
                var rows = await (from row in db.ChallengeAreas
                                  where areaIds.Contains(row.Id)
                                  from sub in db.ChallengeAreas
                                  where rollUp ? sub.Path.StartsWith(row.Path) : sub.Id == row.Id
                                  join ein in db.Relationships on sub.Id equals ein.ToId
                                  where ein.Type == RelationshipType.EvidenceIn
                                  join rep in db.Relationships on ein.FromId equals rep.FromId
                                  where rep.Type == RelationshipType.Reports && outcomeIds.Contains(rep.ToId)
                                  join e in db.Evidence on ein.FromId equals e.Id
                                  select new { Area = row.Id, Outcome = rep.ToId, Evidence = e }).AsNoTracking().ToListAsync(ct);
                return rows.GroupBy(r => (r.Area, r.Outcome)).ToDictionary(
                    g => g.Key,
                    g => (IReadOnlyList<EvidenceItem>)[.. g.Select(r => r.Evidence).DistinctBy(e => e.Id)
                        .OrderByDescending(e => e.Rating?.Level ?? 0).ThenBy(e => e.Id, StringComparer.Ordinal)]);
            }, []).Load((cell.Area.Id, cell.Outcome.Id));
    }

    /// <summary>
    /// The evidence about a cell's area that records no finding on any outcome: known from the map's own statement, so
    /// only the items themselves are read, by the batch loader of evidence by key (one statement for every cell).
    /// </summary>
    internal static GraphQL.DataLoader.IDataLoaderResult<IReadOnlyList<EvidenceItem>> EvidenceWithoutFinding(IResolveFieldContext context, EvidenceMapCell cell)
    {
        var reader = context.Reader();
        return cell.WithoutFinding.Select(id => reader.ById<EvidenceItem>(id)).ToList().All()
            .Then(items => (IReadOnlyList<EvidenceItem>)[.. items.OfType<EvidenceItem>()
                .OrderByDescending(e => e.Rating?.Level ?? 0).ThenBy(e => e.Id, StringComparer.Ordinal)]);
    }
}

public sealed record EvidenceMap(ChallengeArea? Within, IReadOnlyList<ChallengeArea> Rows, IReadOnlyList<Outcome> Columns, IReadOnlyList<EvidenceMapCell> Cells);

/// <param name="WithoutFinding">The evidence about the row's area (rolled up, beneath it too) that records no finding on any outcome; shared by the row's cells.</param>
public sealed record EvidenceMapCell(
    ChallengeArea Area, Outcome Outcome, bool RolledUp, int EvidenceCount, BestRating? BestRating, EffectCounts Effects, MapModels Models,
    IReadOnlySet<string> WithoutFinding)
{
    public int EvidenceWithoutFindingCount => WithoutFinding.Count;
}

/// <summary>
/// The distinct models of each cell of one map: those that address the row's area (or, rolled up, an area beneath it)
/// and aim to change the column's outcome. Read only when a cell's modelCount is asked for, then once for the whole map
/// in one statement of (area, model, outcome) triples, rolled up here from the areas' paths as the findings are.
/// </summary>
public sealed class MapModels(List<ChallengeArea> rows, bool everyArea, string[] outcomeIds, bool rollUp)
{
    private Task<Dictionary<(string Area, string Outcome), HashSet<string>>>? _counts;

    public async Task<int> CountAsync(GraphDbContext db, string area, string outcome, CancellationToken cancellationToken) =>
        (await (_counts ??= ReadAsync(db, cancellationToken))).TryGetValue((area, outcome), out var models) ? models.Count : 0;

    private async Task<Dictionary<(string Area, string Outcome), HashSet<string>>> ReadAsync(GraphDbContext db, CancellationToken cancellationToken)
    {
        var triples = from addresses in db.Relationships
                      where addresses.Type == RelationshipType.Addresses
                      join targets in db.Relationships on addresses.FromId equals targets.FromId
                      where targets.Type == RelationshipType.Targets && outcomeIds.Contains(targets.ToId)
                      select new { Area = addresses.ToId, Model = addresses.FromId, Outcome = targets.ToId };
        if (!everyArea)
        {
            var areaIds = rows.Select(a => a.Id).ToArray();
            triples = triples.Where(t => areaIds.Contains(t.Area));
        }

        var pathOf = rows.ToDictionary(a => a.Id, a => a.Path, StringComparer.Ordinal);
        var cells = new Dictionary<(string Area, string Outcome), HashSet<string>>();
        foreach (var triple in await triples.AsNoTracking().ToListAsync(cancellationToken))
        {
            if (!pathOf.TryGetValue(triple.Area, out var areaPath))
            {
                continue;
            }

            foreach (var row in rollUp ? areaPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(pathOf.ContainsKey) : [triple.Area])
            {
                if (!cells.TryGetValue((row, triple.Outcome), out var models))
                {
                    cells[(row, triple.Outcome)] = models = new HashSet<string>(StringComparer.Ordinal);
                }

                models.Add(triple.Model);
            }
        }

        return cells;
    }
}

public sealed record BestRating(EvidenceScale Scale, int Level);

public sealed record EffectCounts(int Positive, int NoEffect, int Negative, int Mixed, int Unstated);

public enum EvidenceMapCells
{
    All,
    Evidenced,
    Gaps,
}

public sealed class EvidenceMapType : ObjectGraphType<EvidenceMap>
{
    public EvidenceMapType()
    {
        Name = "EvidenceMap";
        Description = "Challenge areas by outcomes: how much evidence there is for each pair, how strong, and which way it points. Cells with no evidence "
            + "reporting on their outcome are the gaps; where the area has evidence with no finding recorded on any outcome (evidenceWithoutFindingCount), "
            + "that evidence may cover the outcome: a gap in what is recorded rather than, for certain, in what is known.";
        Field<ChallengeAreaType>("within").Description("The area the map is drawn within; null for the whole graph.").Resolve(c => c.Source.Within);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ChallengeAreaType>>>>("challengeAreas")
            .Description("The rows: the area and every area beneath it (every area without 'within'), parents before their sub-areas, siblings by key.")
            .Resolve(c => c.Source.Rows);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OutcomeType>>>>("outcomes").Description("The columns, in order.")
            .Resolve(c => c.Source.Columns);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EvidenceMapCellType>>>>("cells")
            .Description("The cells row by row (in the order of 'challengeAreas'), and within a row in the order of 'outcomes'.")
            .Argument<EvidenceMapCellsType>("include", "Which cells to list: ALL (the default; every row-by-column pair), EVIDENCED, or GAPS (whether or not their area has evidence with no finding recorded on any outcome).",
                a => a.DefaultValue = EvidenceMapCells.All)
            .Resolve(c => c.GetArgument("include", EvidenceMapCells.All) switch
            {
                EvidenceMapCells.Evidenced => c.Source.Cells.Where(cell => cell.EvidenceCount > 0).ToList(),
                EvidenceMapCells.Gaps => c.Source.Cells.Where(cell => cell.EvidenceCount == 0).ToList(),
                _ => c.Source.Cells,
            });
        Field<NonNullGraphType<IntGraphType>>("gapCount")
            .Description("How many cells are gaps: no evidence reports on their outcome (isGap), whether or not their area has evidence with no finding recorded on any outcome.")
            .Resolve(c => c.Source.Cells.Count(cell => cell.EvidenceCount == 0));
        BoundedExecutionStrategy.MarkListsBoundedByOwnLimit(this);
    }
}

public sealed class EvidenceMapCellsType : EnumerationGraphType<EvidenceMapCells>
{
    public EvidenceMapCellsType()
    {
        Name = "EvidenceMapCells";
        Description = "Which cells of an evidence map to list: ALL, EVIDENCED (at least one evidence item reports on the outcome) or GAPS (none does).";
    }
}

public sealed class EvidenceMapCellType : ObjectGraphType<EvidenceMapCell>
{
    public EvidenceMapCellType()
    {
        Name = "EvidenceMapCell";
        Description = "The evidence for one challenge area and one outcome: the items that report a finding on the outcome, and those about the area with no finding recorded at all, which may cover it.";
        Field<NonNullGraphType<ChallengeAreaType>>("challengeArea").Description("The row.").Resolve(c => c.Source.Area);
        Field<NonNullGraphType<OutcomeType>>("outcome").Description("The column.").Resolve(c => c.Source.Outcome);
        Field<NonNullGraphType<IntGraphType>>("evidenceCount").Description("How many evidence items are about the area (with rollUp, or an area beneath it) and report a finding on the outcome.")
            .Resolve(c => c.Source.EvidenceCount);
        Field<NonNullGraphType<BooleanGraphType>>("isGap")
            .Description("True when no evidence about the area reports a finding on the outcome. Evidence whose findings are all on other outcomes does not change that; "
                + "but where the area has evidence with no finding recorded on any outcome (evidenceWithoutFindingCount above 0), that evidence may cover the outcome: "
                + "the findings are not recorded, rather than known to be absent.")
            .Resolve(c => c.Source.EvidenceCount == 0);
        Field<NonNullGraphType<IntGraphType>>("evidenceWithoutFindingCount")
            .Description("How many evidence items are about the area (with rollUp, or an area beneath it) and record no finding on any outcome, e.g. a process "
                + "evaluation, or a report whose results could not be read (each one's summary says why). The same for every cell of a row, whatever the map's "
                + "columns: items whose findings are on other outcomes are not counted, as they are not evidence on this one.")
            .Resolve(c => c.Source.EvidenceWithoutFindingCount);
        Field<NonNullGraphType<IntGraphType>>("modelCount")
            .Description("How many models address the area (with rollUp, or an area beneath it) and aim to change the outcome: what is tried or paid for there "
                + "(outcomes partnerships included), whether or not evidence about it is recorded. A gap with models is practice without evidence.")
            .ResolveAsync(async c => await c.Source.Models.CountAsync(
                c.RequestServices!.GetRequiredService<GraphDbContext>(), c.Source.Area.Id, c.Source.Outcome.Id, c.CancellationToken));
        Field<EvidenceMapRatingType>("bestRating")
            .Description("The highest rating level among the cell's evidence and its scale (where items on different scales share the level: NESTA, then MARYLAND_SMS, then FOUNDATIONS); null in a gap.")
            .Resolve(c => c.Source.BestRating);
        Field<NonNullGraphType<EffectCountsType>>("effects").Description("How many of the cell's evidence items found each direction of effect on the outcome.")
            .Resolve(c => c.Source.Effects);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EvidenceType>>>>("evidence").Description("The cell's evidence items, highest rating level first, then by key.")
            .Resolve(c => EvidenceMaps.CellEvidence(c, c.Source));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EvidenceType>>>>("evidenceWithoutFinding")
            .Description("The evidence items about the area that record no finding on any outcome (evidenceWithoutFindingCount of them), highest rating level first, "
                + "then by key; each one's summary says why none is recorded.")
            .Resolve(c => EvidenceMaps.EvidenceWithoutFinding(c, c.Source));
    }
}

public sealed class EvidenceMapRatingType : ObjectGraphType<BestRating>
{
    public EvidenceMapRatingType()
    {
        Name = "EvidenceMapRating";
        Description = "A rating level on a named scale.";
        Field<NonNullGraphType<EvidenceScaleType>>("scale").Description("The scale the level is on.").Resolve(c => c.Source.Scale);
        Field<NonNullGraphType<IntGraphType>>("level").Description("The level on that scale; higher is stronger.").Resolve(c => c.Source.Level);
    }
}

public sealed class EffectCountsType : ObjectGraphType<EffectCounts>
{
    public EffectCountsType()
    {
        Name = "EffectCounts";
        Description = "Evidence items counted by the direction of the effect they report on an outcome.";
        Field<NonNullGraphType<IntGraphType>>("positive").Description("Items that found a positive effect.").Resolve(c => c.Source.Positive);
        Field<NonNullGraphType<IntGraphType>>("noEffect").Description("Items that found no effect.").Resolve(c => c.Source.NoEffect);
        Field<NonNullGraphType<IntGraphType>>("negative").Description("Items that found a negative effect.").Resolve(c => c.Source.Negative);
        Field<NonNullGraphType<IntGraphType>>("mixed").Description("Items that found mixed effects.").Resolve(c => c.Source.Mixed);
        Field<NonNullGraphType<IntGraphType>>("unstated").Description("Items that report on the outcome without stating a direction.").Resolve(c => c.Source.Unstated);
    }
}
