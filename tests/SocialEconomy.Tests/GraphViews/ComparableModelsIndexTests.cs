using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;
using SocialEconomy.Graph.Synthetic;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.GraphViews;

/// <summary>
/// The API on an empty store (no seed data), into which the tests load a synthetic graph with hub organisations and
/// funders, so that some models have nearly every funder (the dense case) and others few; it records what the API logs.
/// </summary>
public abstract class SyntheticApiServer(StoreProvider provider, string? postgresCollation = null) : ApiServer(provider, postgresCollation)
{
    private Task? _loaded;
    private readonly List<GraphBatch> _batches = [];

    /// <summary>5,000 nodes: 100 models, 150 funders, 50 challenge areas' worth of sharing, about 50,000 relationships.</summary>
    public GraphBatch Graph { get; } = SyntheticGraph.Generate(5_000, seed: 3);

    public ConcurrentQueue<string> Logs { get; } = new();

    protected override IEnumerable<string> ExtraArguments => ["--Seed:LoadWhenEmpty=false", "--Logging:LogLevel:SocialEconomy.Api.GraphViews=Information"];

    protected override void Configure(WebApplicationBuilder builder) => builder.Logging.AddProvider(new RecordingLoggerProvider(Logs));

    /// <summary>Loads <see cref="Graph"/>, once, as the ingest tool would.</summary>
    public Task LoadAsync() => _loaded ??= LoadBatchAsync(Graph);

    /// <summary>Every batch loaded so far, in order.</summary>
    public IReadOnlyList<GraphBatch> Loaded => _batches;

    public async Task LoadBatchAsync(GraphBatch batch)
    {
        using var scope = Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<GraphLoader>().LoadAsync(batch);
        _batches.Add(batch);
    }

    private sealed class RecordingLoggerProvider(ConcurrentQueue<string> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Recorder(logs, categoryName);

        public void Dispose()
        {
        }

        private sealed class Recorder(ConcurrentQueue<string> logs, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (category.StartsWith("SocialEconomy.Api.GraphViews", StringComparison.Ordinal))
                {
                    logs.Enqueue($"{logLevel}: {formatter(state, exception)}");
                }
            }
        }
    }
}

public sealed class SqliteSyntheticApiServer() : SyntheticApiServer(StoreProvider.Sqlite);

public sealed class PostgresSyntheticApiServer() : SyntheticApiServer(StoreProvider.Postgres);

public sealed class PostgresNaturalCollationSyntheticApiServer() : SyntheticApiServer(StoreProvider.Postgres, PostgresServer.NaturalLanguageCollation);

/// <summary>
/// comparableModels, answered from the in-memory similarity index, against a straightforward computation of the stated
/// formula over the same synthetic graph, for several models and every filter; and the index following later loads.
/// </summary>
public abstract class ComparableModelsIndexTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : SyntheticApiServer
{
    private const string Fields = """
        score model { key }
        reasons { sharedChallengeAreas { key } sharedOutcomes { key } sharedFunders { key } sameFamily bestEvidenceLevel challengeAreaOverlap outcomeOverlap funderOverlap }
        """;

    public static TheoryData<string> Filters => new()
    {
        "",
        "where: { minEvidenceLevel: 3 }",
        "where: { minEvidenceLevel: 5 }",
        "where: { region: \"north west\" }",
        "where: { region: \"LONDON\" }",
        "where: { region: \"Atlantis\" }",
        "where: { families: [CO_OPERATIVE, MUTUAL, SERVICE_MODEL] }",
        "where: { families: [] }",
        "where: { minEvidenceLevel: 2, region: \"South East\", families: [CHARITY, SOCIAL_ENTERPRISE, COMMUNITY_BUSINESS, OUTCOMES_PARTNERSHIP] }",
    };

    [SkippableTheory]
    [MemberData(nameof(Filters))]
    public async Task ComparableModels_OnASyntheticGraph_AreThoseOfAStraightforwardComputation(string where)
    {
        server.SkipIfUnavailable();
        await server.LoadAsync();
        var reference = new Reference(server.Loaded);
        var filter = ParseFilter(where);
        var models = reference.Models;
        string[] targets =
        [
            models[0].Id, models[models.Count / 2].Id, models[^1].Id,
            models.MaxBy(m => reference.Funders(m.Id).Count)!.Id, models.MinBy(m => reference.Funders(m.Id).Count)!.Id,
        ];

        foreach (var target in targets.Distinct())
        {
            foreach (var first in new[] { 7, 100 })
            {
                var separator = where.Length == 0 ? "" : ", ";
                var data = await DataAsync($"query($id: ID!) {{ comparableModels(to: $id, first: {first}{separator}{where}) {{ {Fields} }} }}", new { id = Id("Model", target) });
                var expected = reference.Compare(target, filter).Take(first).Select(Describe).ToList();
                var actual = data["comparableModels"]!.AsArray().Select(Describe).ToList();
                Assert.Equal(expected, actual);
                if (where.Length == 0 && first == 100)
                {
                    Assert.NotEmpty(actual);
                }
            }
        }
    }

    [SkippableFact]
    public async Task ConcurrentFirstRequests_ShareOneBuild_AndLogIt()
    {
        server.SkipIfUnavailable();
        await server.LoadAsync();
        var id = Id("Model", server.Graph.Models[1].Id);
        const string query = "query($id: ID!) { comparableModels(to: $id, first: 3) { score model { key } } }";
        var warm = await DataAsync(query, new { id });
        var builds = server.Logs.Count(l => l.Contains("read the graph into memory", StringComparison.Ordinal));

        // A new load: the next requests all see a new store version, and one build serves them all.
        await server.LoadBatchAsync(TwinOf(server.Graph.Models[1].Id, server.Loaded, "synthetic-model-twin"));
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => DataAsync(query, new { id })));

        Assert.Equal(builds + 1, server.Logs.Count(l => l.Contains("read the graph into memory", StringComparison.Ordinal)));
        Assert.Contains(server.Logs, l => l.StartsWith("Information: ", StringComparison.Ordinal) && Regex.IsMatch(l, @"in [0-9.]+ s: [0-9]+ relationships read; [0-9]+ models"));
        Assert.All(answers, a => Assert.Equal(answers[0].ToJsonString(), a.ToJsonString()));
        Assert.NotEqual(warm.ToJsonString(), answers[0].ToJsonString());
        Assert.Equal("synthetic-model-twin", answers[0]["comparableModels"]![0]!["model"]!["key"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task ALaterLoad_ChangesTheAnswer_WithoutARestart()
    {
        server.SkipIfUnavailable();
        await server.LoadAsync();
        var target = server.Graph.Models[^2].Id;
        const string query = "query($id: ID!) { comparableModels(to: $id, first: 100) { score model { key } reasons { sameFamily } } }";
        var before = await DataAsync(query, new { id = Id("Model", target) });
        Assert.DoesNotContain(before["comparableModels"]!.AsArray(), c => c!["model"]!["key"]!.GetValue<string>() == "synthetic-model-later");

        int loads;
        using (var scope = server.Services.CreateScope())
        {
            loads = await scope.ServiceProvider.GetRequiredService<GraphDbContext>().StoreLoads.CountAsync();
        }

        await server.LoadBatchAsync(TwinOf(target, server.Loaded, "synthetic-model-later"));
        var after = await DataAsync(query, new { id = Id("Model", target) });

        using (var scope = server.Services.CreateScope())
        {
            var last = await scope.ServiceProvider.GetRequiredService<GraphDbContext>().StoreLoads.OrderBy(l => l.Id).LastAsync();
            Assert.Equal(loads + 1, await scope.ServiceProvider.GetRequiredService<GraphDbContext>().StoreLoads.CountAsync());
            Assert.Equal(GraphOrigins.Synthetic, last.Origin);
            Assert.True(last.Added > 0);
        }

        var twin = Assert.Single(after["comparableModels"]!.AsArray(), c => c!["model"]!["key"]!.GetValue<string>() == "synthetic-model-later");
        Assert.True(twin!["reasons"]!["sameFamily"]!.GetValue<bool>());
        Assert.Equal(after["comparableModels"]![0]!.ToJsonString(), twin.ToJsonString());
    }

    /// <summary>A new model of the target's family addressing its areas, targeting its outcomes and funded by its funders.</summary>
    private static GraphBatch TwinOf(string target, IReadOnlyList<GraphBatch> graph, string id)
    {
        var batch = new GraphBatch(GraphOrigins.Synthetic);
        var source = graph[0].Sources[0];
        var reference = new Reference(graph);
        var family = reference.Models.Single(m => m.Id == target).Family;
        batch.Models.Add(new Model { Id = id, Name = $"Twin of {target}", Family = family });
        batch.NodeSources[id] = new SortedSet<string>(StringComparer.Ordinal) { source.Id };
        var links = reference.Areas(target).Select(a => (RelationshipType.Addresses, NodeKind.Model, id, NodeKind.ChallengeArea, a))
            .Concat(reference.Outcomes(target).Select(o => (RelationshipType.Targets, NodeKind.Model, id, NodeKind.Outcome, o)))
            .Concat(reference.Funders(target).Select(f => (RelationshipType.Funds, NodeKind.Funder, f, NodeKind.Model, id)));
        foreach (var (type, fromKind, from, toKind, to) in links)
        {
            var relationship = new Relationship { Key = "", Type = type, FromKind = fromKind, FromId = from, ToKind = toKind, ToId = to };
            relationship.Key = RelationshipKeys.For(relationship);
            batch.Relationships.Add(relationship);
            batch.RelationshipSources[relationship.Key] = new SortedSet<string>(StringComparer.Ordinal) { source.Id };
        }

        return batch;
    }

    private static (int? MinLevel, string? Region, HashSet<ModelFamily>? Families) ParseFilter(string where)
    {
        var level = Regex.Match(where, @"minEvidenceLevel: (\d+)");
        var region = Regex.Match(where, "region: \"([^\"]*)\"");
        var families = Regex.Match(where, @"families: \[([^\]]*)\]");
        return (
            level.Success ? int.Parse(level.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null,
            region.Success ? region.Groups[1].Value : null,
            families.Success
                ? families.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(f => Enum.GetValues<ModelFamily>().Single(v => GraphQLName(v) == f)).ToHashSet()
                : null);
    }

    private static string GraphQLName(ModelFamily family) => Regex.Replace(family.ToString(), "(?<!^)([A-Z])", "_$1").ToUpperInvariant();

    private static string Describe(JsonNode? c)
    {
        var reasons = c!["reasons"]!;
        static string Keys(JsonNode? list) => string.Join(",", list!.AsArray().Select(n => n!["key"]!.GetValue<string>()));
        return $"{c["model"]!["key"]} {c["score"]} | {Keys(reasons["sharedChallengeAreas"])} | {Keys(reasons["sharedOutcomes"])} | {Keys(reasons["sharedFunders"])} | "
            + $"{reasons["sameFamily"]} {reasons["bestEvidenceLevel"]?.ToString() ?? "null"} {reasons["challengeAreaOverlap"]} {reasons["outcomeOverlap"]} {reasons["funderOverlap"]}";
    }

    private static string Describe(Expected e) =>
        Describe(JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(new
        {
            score = Math.Round(e.Score, 4),
            model = new { key = e.Model },
            reasons = new
            {
                sharedChallengeAreas = e.SharedAreas.Select(k => new { key = k }),
                sharedOutcomes = e.SharedOutcomes.Select(k => new { key = k }),
                sharedFunders = e.SharedFunders.Select(k => new { key = k }),
                sameFamily = e.SameFamily,
                bestEvidenceLevel = e.BestLevel,
                challengeAreaOverlap = Math.Round(e.AreaOverlap, 4),
                outcomeOverlap = Math.Round(e.OutcomeOverlap, 4),
                funderOverlap = Math.Round(e.FunderOverlap, 4),
            },
        })));

    private static string Id(string kind, string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{kind}:{key}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private async Task<JsonObject> DataAsync(string query, object? variables)
    {
        var response = await server.QueryAsync(query, variables);
        Assert.True(response["errors"] is null, response["errors"]?.ToJsonString());
        return response["data"]!.AsObject();
    }

    private sealed record Expected(
        string Model, double Score, List<string> SharedAreas, List<string> SharedOutcomes, List<string> SharedFunders, bool SameFamily, int? BestLevel,
        double AreaOverlap, double OutcomeOverlap, double FunderOverlap);

    /// <summary>The schema's formula over a batch's records, set by set, model by model.</summary>
    private sealed class Reference(IReadOnlyList<GraphBatch> graph)
    {
        private readonly ILookup<(RelationshipType, string), string> _from = graph.SelectMany(b => b.Relationships).ToLookup(r => (r.Type, r.FromId), r => r.ToId);
        private readonly ILookup<(RelationshipType, string), string> _to = graph.SelectMany(b => b.Relationships).ToLookup(r => (r.Type, r.ToId), r => r.FromId);
        private readonly Dictionary<string, int> _levels = graph.SelectMany(b => b.Evidence).Where(e => e.Rating is not null).ToDictionary(e => e.Id, e => e.Rating!.Level, StringComparer.Ordinal);

        public List<Model> Models { get; } = [.. graph.SelectMany(b => b.Models).OrderBy(m => m.Id, StringComparer.Ordinal)];

        public HashSet<string> Areas(string model) => [.. _from[(RelationshipType.Addresses, model)]];

        public HashSet<string> Outcomes(string model) => [.. _from[(RelationshipType.Targets, model)]];

        public HashSet<string> Funders(string model) =>
            [.. _to[(RelationshipType.Funds, model)].Concat(Runners(model).SelectMany(r => _to[(RelationshipType.Funds, r)]))];

        private IEnumerable<string> Runners(string model) => _to[(RelationshipType.Runs, model)];

        private int? BestLevel(string model)
        {
            var levels = _to[(RelationshipType.Evaluates, model)].Where(_levels.ContainsKey).Select(e => _levels[e]).ToList();
            return levels.Count == 0 ? null : levels.Max();
        }

        public List<Expected> Compare(string target, (int? MinLevel, string? Region, HashSet<ModelFamily>? Families) filter)
        {
            var family = Models.Single(m => m.Id == target).Family;
            var (areas, outcomes, funders) = (Areas(target), Outcomes(target), Funders(target));
            var regions = graph.SelectMany(b => b.Organisations).ToDictionary(o => o.Id, o => o.Region, StringComparer.Ordinal);
            var results = new List<Expected>();
            foreach (var model in Models.Where(m => m.Id != target))
            {
                var (a, o, f) = (Areas(model.Id), Outcomes(model.Id), Funders(model.Id));
                var best = BestLevel(model.Id);
                if (!a.Overlaps(areas) && !o.Overlaps(outcomes) && !f.Overlaps(funders)
                    || filter.MinLevel is { } min && !(best >= min)
                    || filter.Region is { } region && !Runners(model.Id).Any(r => string.Equals(regions[r], region, StringComparison.OrdinalIgnoreCase))
                    || filter.Families is { } families && !families.Contains(model.Family))
                {
                    continue;
                }

                var score = 0.35 * Jaccard(a, areas) + 0.25 * Jaccard(o, outcomes) + 0.15 * Jaccard(f, funders)
                    + 0.10 * (model.Family == family ? 1 : 0) + 0.15 * Math.Min(best ?? 0, 5) / 5;
                results.Add(new Expected(model.Id, score, Shared(a, areas), Shared(o, outcomes), Shared(f, funders), model.Family == family, best,
                    Jaccard(a, areas), Jaccard(o, outcomes), Jaccard(f, funders)));
            }

            return [.. results.OrderByDescending(r => r.Score).ThenBy(r => r.Model, StringComparer.Ordinal)];

            static double Jaccard(HashSet<string> x, HashSet<string> y) => x.Count + y.Count == 0 ? 0 : (double)x.Intersect(y).Count() / x.Union(y).Count();

            static List<string> Shared(HashSet<string> x, HashSet<string> y) => [.. x.Intersect(y).Order(StringComparer.Ordinal)];
        }
    }
}

public sealed class SqliteComparableModelsIndexTests(SqliteSyntheticApiServer server) : ComparableModelsIndexTests<SqliteSyntheticApiServer>(server);

public sealed class PostgresComparableModelsIndexTests(PostgresSyntheticApiServer server) : ComparableModelsIndexTests<PostgresSyntheticApiServer>(server);
