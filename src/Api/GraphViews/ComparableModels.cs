using System.Globalization;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using SocialEconomy.Api.ChallengeAreas;
using SocialEconomy.Api.Funders;
using SocialEconomy.Api.Loading;
using SocialEconomy.Api.Models;
using SocialEconomy.Api.Outcomes;
using SocialEconomy.Api.Relay;
using SocialEconomy.Api.Schema;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Api.GraphViews;

/// <summary>"Models like this one, and why": similarity scored in one SQL statement, the reasons read in one more.</summary>
public static class ComparableModels
{
    public const string ScoreFormula =
        "score = 0.35 × J(challenge areas) + 0.25 × J(outcomes) + 0.15 × J(funders) + 0.10 × (same family ? 1 : 0) + 0.15 × (best evidence level ÷ 5), "
        + "where J(X) = |shared| ÷ |in either model| (0 when neither has any), the funders of a model are those that fund it or an organisation that runs it, "
        + "and the best evidence level is the highest rating level (capped at 5, 0 without evidence) among the evidence that evaluates the compared model";

    private const double AreaWeight = 0.35;
    private const double OutcomeWeight = 0.25;
    private const double FunderWeight = 0.15;
    private const double FamilyWeight = 0.10;
    private const double EvidenceWeight = 0.15;

    public static void AddComparableModelsField(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ComparableModelType>>>>("comparableModels")
            .Description("The models most similar to a model, best first (ties by key), each with its score and the reasons. "
                + "Candidates are the models that share at least one challenge area, outcome or funder with it. " + ScoreFormula + ".")
            .Argument<NonNullGraphType<IdGraphType>>("to", "The global id of the model to compare with.")
            .Argument<IntGraphType>("first", "Most models to return (at most GraphViews:MaxResults, 100 by default).", a => a.DefaultValue = 10)
            .Argument<ComparableModelsFilterType>("where", "Conditions the compared models must meet.")
            .ResolveAsync(async context =>
            {
                var options = GraphViewOptions.From(context.RequestServices!);
                var target = GraphViewArguments.Decode("to", context.GetArgument<string>("to"), NodeKind.Model);
                var first = GraphViewArguments.InRange("first", context.GetArgument("first", 10), 0, options.MaxResults, GraphViewArguments.PageSizeOutOfRange,
                    "ask for fewer models.");
                _ = await context.Reader().ById<Model>(target.Id).GetResultAsync(context.CancellationToken) ?? throw GraphViewArguments.NotFound("to");
                var where = context.GetArgument<Dictionary<string, object?>?>("where");
                var db = context.RequestServices!.GetRequiredService<GraphDbContext>();
                return await ScoreAsync(db, target.Id, first, where, context.CancellationToken);
            });

    private static async Task<IReadOnlyList<ComparableModel>> ScoreAsync(
        GraphDbContext db, string modelId, int first, Dictionary<string, object?>? where, CancellationToken cancellationToken)
    {
        if (first == 0)
        {
            return [];
        }

        var parameters = new List<object> { modelId };
        string Parameter(object value)
        {
            parameters.Add(value);
            return $"{{{parameters.Count - 1}}}";
        }

        var filters = "";
        if (where?.GetValueOrDefault("minEvidenceLevel") is int level)
        {
            filters += $"""AND (SELECT MAX(e."RatingLevel") FROM "Relationships" ev JOIN "Evidence" e ON e."Id" = ev."FromId" WHERE ev."ToId" = m."Id" AND ev."Type" = '{RelationshipType.Evaluates}') >= {Parameter(level)} """;
        }

        if (where?.GetValueOrDefault("region") is string region)
        {
            filters += $"""AND EXISTS (SELECT 1 FROM "Relationships" run JOIN "Organisations" o ON o."Id" = run."FromId" WHERE run."ToId" = m."Id" AND run."Type" = '{RelationshipType.Runs}' AND LOWER(o."Region") = LOWER({Parameter(region)})) """;
        }

        if (where?.GetValueOrDefault("families") is IEnumerable<object?> families)
        {
            var names = families.OfType<ModelFamily>().Distinct().Select(f => Parameter(f.ToString())).ToList();
            filters += names.Count == 0 ? "AND 1 = 0 " : $"""AND m."Family" IN ({string.Join(", ", names)}) """;
        }

        var limit = Parameter(first);
        // One statement, whatever the number of candidates: the model's features (areas, outcomes, funders), the
        // models sharing any of them, their own features, then counts, the score and the top 'first'. Every step
        // reads the relationships through their (FromId, Type, ToId) or (ToId, Type, FromId) index. The kind letters
        // and enum names are constants of this code, never client input; client values are parameters.
        var sql = $$"""
            WITH target AS (
                SELECT 'A' AS "Kind", r."ToId" AS "Feature" FROM "Relationships" r WHERE r."FromId" = {0} AND r."Type" = '{{RelationshipType.Addresses}}'
                UNION SELECT 'O', r."ToId" FROM "Relationships" r WHERE r."FromId" = {0} AND r."Type" = '{{RelationshipType.Targets}}'
                UNION SELECT 'F', r."FromId" FROM "Relationships" r WHERE r."ToId" = {0} AND r."Type" = '{{RelationshipType.Funds}}'
                UNION SELECT 'F', f."FromId" FROM "Relationships" run
                    JOIN "Relationships" f ON f."ToId" = run."FromId" AND f."Type" = '{{RelationshipType.Funds}}'
                    WHERE run."ToId" = {0} AND run."Type" = '{{RelationshipType.Runs}}'
            ),
            candidate AS (
                SELECT r."FromId" AS "ModelId" FROM target t
                    JOIN "Relationships" r ON r."ToId" = t."Feature" AND r."Type" = '{{RelationshipType.Addresses}}' WHERE t."Kind" = 'A'
                UNION SELECT r."FromId" FROM target t
                    JOIN "Relationships" r ON r."ToId" = t."Feature" AND r."Type" = '{{RelationshipType.Targets}}' WHERE t."Kind" = 'O'
                UNION SELECT r."ToId" FROM target t
                    JOIN "Relationships" r ON r."FromId" = t."Feature" AND r."Type" = '{{RelationshipType.Funds}}' AND r."ToKind" = '{{NodeKind.Model}}' WHERE t."Kind" = 'F'
                UNION SELECT run."ToId" FROM target t
                    JOIN "Relationships" f ON f."FromId" = t."Feature" AND f."Type" = '{{RelationshipType.Funds}}'
                    JOIN "Relationships" run ON run."FromId" = f."ToId" AND run."Type" = '{{RelationshipType.Runs}}' WHERE t."Kind" = 'F'
            ),
            feature AS (
                SELECT c."ModelId", 'A' AS "Kind", r."ToId" AS "Feature" FROM candidate c
                    JOIN "Relationships" r ON r."FromId" = c."ModelId" AND r."Type" = '{{RelationshipType.Addresses}}'
                UNION SELECT c."ModelId", 'O', r."ToId" FROM candidate c
                    JOIN "Relationships" r ON r."FromId" = c."ModelId" AND r."Type" = '{{RelationshipType.Targets}}'
                UNION SELECT c."ModelId", 'F', r."FromId" FROM candidate c
                    JOIN "Relationships" r ON r."ToId" = c."ModelId" AND r."Type" = '{{RelationshipType.Funds}}'
                UNION SELECT c."ModelId", 'F', f."FromId" FROM candidate c
                    JOIN "Relationships" run ON run."ToId" = c."ModelId" AND run."Type" = '{{RelationshipType.Runs}}'
                    JOIN "Relationships" f ON f."ToId" = run."FromId" AND f."Type" = '{{RelationshipType.Funds}}'
            ),
            counted AS (
                SELECT f."ModelId",
                    CAST(SUM(CASE WHEN f."Kind" = 'A' THEN 1 ELSE 0 END) AS INTEGER) AS "Areas",
                    CAST(SUM(CASE WHEN f."Kind" = 'A' AND t."Feature" IS NOT NULL THEN 1 ELSE 0 END) AS INTEGER) AS "SharedAreas",
                    CAST(SUM(CASE WHEN f."Kind" = 'O' THEN 1 ELSE 0 END) AS INTEGER) AS "Outcomes",
                    CAST(SUM(CASE WHEN f."Kind" = 'O' AND t."Feature" IS NOT NULL THEN 1 ELSE 0 END) AS INTEGER) AS "SharedOutcomes",
                    CAST(SUM(CASE WHEN f."Kind" = 'F' THEN 1 ELSE 0 END) AS INTEGER) AS "Funders",
                    CAST(SUM(CASE WHEN f."Kind" = 'F' AND t."Feature" IS NOT NULL THEN 1 ELSE 0 END) AS INTEGER) AS "SharedFunders"
                FROM feature f LEFT JOIN target t ON t."Kind" = f."Kind" AND t."Feature" = f."Feature"
                GROUP BY f."ModelId"
            ),
            scored AS (
                SELECT c."ModelId", c."Areas", c."SharedAreas", c."Outcomes", c."SharedOutcomes", c."Funders", c."SharedFunders",
                    (SELECT CAST(COUNT(*) AS INTEGER) FROM target WHERE "Kind" = 'A') AS "TargetAreas",
                    (SELECT CAST(COUNT(*) AS INTEGER) FROM target WHERE "Kind" = 'O') AS "TargetOutcomes",
                    (SELECT CAST(COUNT(*) AS INTEGER) FROM target WHERE "Kind" = 'F') AS "TargetFunders",
                    CASE WHEN m."Family" = (SELECT x."Family" FROM "Models" x WHERE x."Id" = {0}) THEN 1 ELSE 0 END AS "SameFamily",
                    (SELECT MAX(e."RatingLevel") FROM "Relationships" ev JOIN "Evidence" e ON e."Id" = ev."FromId"
                        WHERE ev."ToId" = m."Id" AND ev."Type" = '{{RelationshipType.Evaluates}}') AS "BestEvidenceLevel"
                FROM counted c JOIN "Models" m ON m."Id" = c."ModelId"
                WHERE m."Id" <> {0} {{filters}}
            ),
            ranked AS (
                SELECT s.*,
                    {{AreaWeight.ToString(CultureInfo.InvariantCulture)}} * {{Jaccard("Areas", "TargetAreas", "SharedAreas")}}
                    + {{OutcomeWeight.ToString(CultureInfo.InvariantCulture)}} * {{Jaccard("Outcomes", "TargetOutcomes", "SharedOutcomes")}}
                    + {{FunderWeight.ToString(CultureInfo.InvariantCulture)}} * {{Jaccard("Funders", "TargetFunders", "SharedFunders")}}
                    + {{FamilyWeight.ToString(CultureInfo.InvariantCulture)}} * CAST(s."SameFamily" AS DOUBLE PRECISION)
                    + {{EvidenceWeight.ToString(CultureInfo.InvariantCulture)}} * CAST(CASE WHEN s."BestEvidenceLevel" IS NULL THEN 0 WHEN s."BestEvidenceLevel" > 5 THEN 5 ELSE s."BestEvidenceLevel" END AS DOUBLE PRECISION) / 5
                    AS "Score"
                FROM scored s
            )
            SELECT * FROM ranked ORDER BY "Score" DESC, "ModelId" LIMIT {{limit}}
            """;
        var rows = await db.Database.SqlQueryRaw<ComparableModelRow>(sql, [.. parameters]).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return [];
        }

        var shared = await FeaturesAsync(db, [modelId, .. rows.Select(r => r.ModelId)], cancellationToken);
        var own = shared.GetValueOrDefault(modelId) ?? [];
        return [.. rows.Select(row =>
        {
            var theirs = shared.GetValueOrDefault(row.ModelId) ?? [];
            IReadOnlyList<string> Shared(RelationshipType type) =>
                [.. theirs.Where(f => f.Type == type).Select(f => f.Feature).Intersect(own.Where(f => f.Type == type).Select(f => f.Feature)).Order(StringComparer.Ordinal)];
            return new ComparableModel(row.ModelId, Math.Round(row.Score, 4), new SimilarityReasons(
                Shared(RelationshipType.Addresses), Shared(RelationshipType.Targets), Shared(RelationshipType.Funds),
                row.SameFamily == 1, row.BestEvidenceLevel,
                Overlap(row.SharedAreas, row.Areas, row.TargetAreas),
                Overlap(row.SharedOutcomes, row.Outcomes, row.TargetOutcomes),
                Overlap(row.SharedFunders, row.Funders, row.TargetFunders)));
        })];

        static string Jaccard(string theirs, string ours, string shared) =>
            $"""(CASE WHEN s."{theirs}" + s."{ours}" - s."{shared}" = 0 THEN 0 ELSE CAST(s."{shared}" AS DOUBLE PRECISION) / (s."{theirs}" + s."{ours}" - s."{shared}") END)""";

        static double Overlap(int shared, int theirs, int ours) =>
            theirs + ours - shared == 0 ? 0 : Math.Round((double)shared / (theirs + ours - shared), 4);
    }

    /// <summary>Areas (ADDRESSES), outcomes (TARGETS) and funders (FUNDS, of the model or of an organisation that runs it) of some models: one statement.</summary>
    private static async Task<Dictionary<string, List<(RelationshipType Type, string Feature)>>> FeaturesAsync(
        GraphDbContext db, string[] ids, CancellationToken cancellationToken)
    {
        var relationships = db.Relationships.AsNoTracking();
        var direct = relationships.Where(r => (r.Type == RelationshipType.Addresses || r.Type == RelationshipType.Targets) && ids.Contains(r.FromId))
            .Select(r => new { Model = r.FromId, r.Type, Feature = r.ToId });
        var funded = relationships.Where(r => r.Type == RelationshipType.Funds && ids.Contains(r.ToId))
            .Select(r => new { Model = r.ToId, r.Type, Feature = r.FromId });
        var throughOrganisations = from run in relationships
                                   where run.Type == RelationshipType.Runs && ids.Contains(run.ToId)
                                   join f in relationships on run.FromId equals f.ToId
                                   where f.Type == RelationshipType.Funds
                                   select new { Model = run.ToId, f.Type, Feature = f.FromId };
        var rows = await direct.Concat(funded).Concat(throughOrganisations).Distinct().ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.Model).ToDictionary(g => g.Key, g => g.Select(r => (r.Type, r.Feature)).ToList());
    }
}

/// <summary>One row of the scoring statement.</summary>
public sealed class ComparableModelRow
{
    public required string ModelId { get; init; }

    public int Areas { get; init; }

    public int SharedAreas { get; init; }

    public int Outcomes { get; init; }

    public int SharedOutcomes { get; init; }

    public int Funders { get; init; }

    public int SharedFunders { get; init; }

    public int TargetAreas { get; init; }

    public int TargetOutcomes { get; init; }

    public int TargetFunders { get; init; }

    public int SameFamily { get; init; }

    public int? BestEvidenceLevel { get; init; }

    public double Score { get; init; }
}

public sealed record ComparableModel(string ModelId, double Score, SimilarityReasons Reasons);

public sealed record SimilarityReasons(
    IReadOnlyList<string> ChallengeAreaIds, IReadOnlyList<string> OutcomeIds, IReadOnlyList<string> FunderIds,
    bool SameFamily, int? BestEvidenceLevel, double ChallengeAreaOverlap, double OutcomeOverlap, double FunderOverlap);

public sealed class ComparableModelType : ObjectGraphType<ComparableModel>
{
    public ComparableModelType()
    {
        Name = "ComparableModel";
        Description = "A model similar to the one asked about, with its score and the reasons for it.";
        Field<NonNullGraphType<ModelType>>("model").Description("The similar model.").Resolve(c => c.Reader().ById<Model>(c.Source.ModelId));
        Field<NonNullGraphType<FloatGraphType>>("score").Description("Similarity from 0 to 1, rounded to 4 places: " + ComparableModels.ScoreFormula + ".")
            .Resolve(c => c.Source.Score);
        Field<NonNullGraphType<SimilarityReasonsType>>("reasons").Description("What the two models have in common, term by term of the score.")
            .Resolve(c => c.Source.Reasons);
    }
}

public sealed class SimilarityReasonsType : ObjectGraphType<SimilarityReasons>
{
    public SimilarityReasonsType()
    {
        Name = "SimilarityReasons";
        Description = "Why two models are comparable: what they share, and how strong the compared model's evidence is.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ChallengeAreaType>>>>("sharedChallengeAreas")
            .Description("Challenge areas both models address (the same area, not merely the same parent), by key.")
            .Resolve(c => LoadedList.Of(c.Source.ChallengeAreaIds.Select(id => c.Reader().ById<ChallengeArea>(id))));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OutcomeType>>>>("sharedOutcomes")
            .Description("Outcomes both models aim to change, by key.")
            .Resolve(c => LoadedList.Of(c.Source.OutcomeIds.Select(id => c.Reader().ById<Outcome>(id))));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FunderType>>>>("sharedFunders")
            .Description("Funders of both models, each having funded the model itself or an organisation that runs it, by key.")
            .Resolve(c => LoadedList.Of(c.Source.FunderIds.Select(id => c.Reader().ById<Funder>(id))));
        Field<NonNullGraphType<BooleanGraphType>>("sameFamily").Description("Both models belong to the same family.").Resolve(c => c.Source.SameFamily);
        Field<IntGraphType>("bestEvidenceLevel")
            .Description("The highest rating level among the evidence that evaluates the compared model, on whatever scale each uses; null without evidence.")
            .Resolve(c => c.Source.BestEvidenceLevel);
        Field<NonNullGraphType<FloatGraphType>>("challengeAreaOverlap")
            .Description("Shared challenge areas over the areas either model addresses (0 to 1, rounded to 4 places).").Resolve(c => c.Source.ChallengeAreaOverlap);
        Field<NonNullGraphType<FloatGraphType>>("outcomeOverlap")
            .Description("Shared outcomes over the outcomes either model targets (0 to 1, rounded to 4 places).").Resolve(c => c.Source.OutcomeOverlap);
        Field<NonNullGraphType<FloatGraphType>>("funderOverlap")
            .Description("Shared funders over the funders of either model (0 to 1, rounded to 4 places).").Resolve(c => c.Source.FunderOverlap);
    }
}

public sealed class ComparableModelsFilterType : InputObjectGraphType
{
    public ComparableModelsFilterType()
    {
        Name = "ComparableModelsFilter";
        Description = "Conditions on the models comparableModels returns; all given conditions must hold.";
        Field<IntGraphType>("minEvidenceLevel").Description("Only models evaluated by evidence rated at this level or above, on any scale (e.g. 3).");
        Field<StringGraphType>("region").Description("Only models run by at least one organisation in this region, e.g. \"North West\" (case ignored).");
        Field<ListGraphType<NonNullGraphType<ModelFamilyType>>>("families").Description("Only models of these families.");
    }
}
