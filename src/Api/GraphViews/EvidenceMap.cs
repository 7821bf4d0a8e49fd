using GraphQL;
using GraphQL.Types;
using SocialEconomy.Api.ChallengeAreas;
using SocialEconomy.Api.Evidence;
using SocialEconomy.Api.Limits;
using SocialEconomy.Api.Loading;
using SocialEconomy.Api.Outcomes;
using SocialEconomy.Api.Relay;
using SocialEconomy.Api.Schema;
using SocialEconomy.Graph.EvidenceMaps;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Api.GraphViews;

/// <summary>The evidence-and-gap map field: arguments and errors here, the map itself read by <see cref="EvidenceMapReader"/>.</summary>
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

                try
                {
                    return await MapReader(context).ReadAsync(
                        within, outcomeIds, rollUp, GraphViewOptions.From(context.RequestServices!).MaxEvidenceMapCells, context.CancellationToken);
                }
                catch (EvidenceMapTooLargeException e)
                {
                    throw new ExecutionError(e.Message) { Code = GraphViewArguments.MapTooLarge };
                }
                catch (EvidenceMapOutcomeNotFoundException e)
                {
                    throw GraphViewArguments.NotFound($"outcomes[{e.Position}]");
                }
            });

    /// <summary>The evidence of many cells in one statement: a batch loader keyed by (area, outcome).</summary>
    internal static GraphQL.DataLoader.IDataLoaderResult<IReadOnlyList<EvidenceItem>> CellEvidence(IResolveFieldContext context, EvidenceMapCell cell)
    {
        var reader = MapReader(context);
        var rollUp = cell.RolledUp;
        return context.RequestServices!.GetRequiredService<BatchLoaders>().GetOrAdd<(string Area, string Outcome), IReadOnlyList<EvidenceItem>>(
            $"evidence-map-cell:{rollUp}", (keys, ct) => reader.CellEvidenceAsync(keys, rollUp, ct), []).Load((cell.Area.Id, cell.Outcome.Id));
    }

    /// <summary>
    /// The evidence about a cell's area that records no finding on any outcome: known from the map's own statement, so
    /// only the items themselves are read, by the batch loader of evidence by key (one statement for every cell).
    /// </summary>
    internal static GraphQL.DataLoader.IDataLoaderResult<IReadOnlyList<EvidenceItem>> EvidenceWithoutFinding(IResolveFieldContext context, EvidenceMapCell cell)
    {
        var reader = context.Reader();
        return cell.WithoutFinding.Select(id => reader.ById<EvidenceItem>(id)).ToList().All()
            .Then(items => EvidenceMapReader.InMapOrder(items.OfType<EvidenceItem>()));
    }

    internal static EvidenceMapReader MapReader(IResolveFieldContext context) =>
        new(context.RequestServices!.GetRequiredService<GraphDbContext>());
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
            .Resolve(c => c.Source.CellsOf(c.GetArgument("include", EvidenceMapCells.All)));
        Field<NonNullGraphType<IntGraphType>>("gapCount")
            .Description("How many cells are gaps: no evidence reports on their outcome (isGap), whether or not their area has evidence with no finding recorded on any outcome.")
            .Resolve(c => c.Source.GapCount);
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
            .Resolve(c => c.Source.IsGap);
        Field<NonNullGraphType<IntGraphType>>("evidenceWithoutFindingCount")
            .Description("How many evidence items are about the area (with rollUp, or an area beneath it) and record no finding on any outcome, e.g. a process "
                + "evaluation, or a report whose results could not be read (each one's summary says why). The same for every cell of a row, whatever the map's "
                + "columns: items whose findings are on other outcomes are not counted, as they are not evidence on this one.")
            .Resolve(c => c.Source.EvidenceWithoutFindingCount);
        Field<NonNullGraphType<IntGraphType>>("modelCount")
            .Description("How many models address the area (with rollUp, or an area beneath it) and aim to change the outcome: what is tried or paid for there "
                + "(outcomes partnerships included), whether or not evidence about it is recorded. A gap with models is practice without evidence.")
            .ResolveAsync(async c => await EvidenceMaps.MapReader(c).ModelCountAsync(c.Source, c.CancellationToken));
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
