using System.Text.Json;
using System.Text.Json.Nodes;
using Snapshooter;
using Snapshooter.Xunit;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Queries;

/// <summary>
/// The example documents of schema/examples, run over HTTP against the seeded API; both stores must give the
/// same answer, recorded once as a snapshot per example.
/// </summary>
public abstract class ExampleQueryTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : ApiServer
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Repository.Examples, "*.graphql").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Examples))]
    public async Task ExampleQuery_Answer_MatchesSnapshot(string example)
    {
        server.SkipIfUnavailable();
        var response = await server.QueryAsync(await File.ReadAllTextAsync(Path.Combine(Repository.Examples, example + ".graphql")));

        Assert.Null(response["errors"]);
        // Snapshooter keeps the files in a __snapshots__ folder beneath this one.
        var folder = Path.Combine(Repository.Root, "tests", "SocialEconomy.Tests", "Queries");
        Snapshot.Match(response.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), new SnapshotFullName($"{example}.snap", folder));
    }

    [SkippableFact]
    public async Task Headline_ReturnsOnlyCooperativeModels_WithEvidenceInHomelessnessPreventionAndSourceUrls()
    {
        server.SkipIfUnavailable();
        var response = await server.QueryAsync("""
            { models(where: { family: { eq: CO_OPERATIVE },
                              evidence: { some: { challengeAreas: { some: { name: { contains: "homelessness prevention" } } } } } }) {
                totalCount nodes { key family evidence { challengeAreas { name ancestors { name } } sources { url } } } } }
            """);

        var models = response["data"]!["models"]!;
        var expected = HeadlineFromSeedFiles();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, models["nodes"]!.AsArray().Select(m => m!["key"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(expected.Count, models["totalCount"]!.GetValue<int>());
        foreach (var model in models["nodes"]!.AsArray())
        {
            Assert.Equal("CO_OPERATIVE", model!["family"]!.GetValue<string>());
            var evidence = model["evidence"]!.AsArray();
            Assert.Contains(evidence, e => e!["challengeAreas"]!.AsArray()
                .Any(a => a!["name"]!.GetValue<string>().Contains("homelessness prevention", StringComparison.OrdinalIgnoreCase)));
            Assert.Contains(evidence, e => e!["sources"]!.AsArray().Any(s => s!["url"]?.GetValue<string>() is { Length: > 0 }));
        }
    }

    /// <summary>
    /// The headline question answered from seed-data/*.json alone: co-operative models that evidence evaluates, where
    /// that evidence is about an area whose name contains "homelessness prevention".
    /// </summary>
    private static List<string> HeadlineFromSeedFiles()
    {
        JsonArray Records(string file, string property) =>
            JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.SeedData, file)))![property]!.AsArray();
        static IEnumerable<string> Ids(JsonNode? list) => list?.AsArray().Select(x => x!.GetValue<string>()) ?? [];

        var areas = Records("challenge-areas.json", "challengeAreas")
            .Where(a => a!["name"]!.GetValue<string>().Contains("homelessness prevention", StringComparison.OrdinalIgnoreCase))
            .Select(a => a!["id"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var evaluated = Records("evidence.json", "evidence")
            .Where(e => Ids(e!["challengeAreas"]).Any(areas.Contains))
            .SelectMany(e => Ids(e!["evaluates"])).ToHashSet(StringComparer.Ordinal);
        return [.. Records("models.json", "models")
            .Where(m => m!["family"]!.GetValue<string>() == "CO_OPERATIVE" && evaluated.Contains(m["id"]!.GetValue<string>()))
            .Select(m => m!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal)];
    }

    [SkippableFact]
    public async Task ModelsWithinArea_IncludeSubAreaModels_StrongestEvidenceFirst()
    {
        server.SkipIfUnavailable();
        var response = await server.QueryAsync("""
            { models(where: { challengeAreas: { some: { within: { key: { eq: "homelessness" } } } } }, order: [{ bestEvidenceLevel: DESC }]) {
                nodes { key bestEvidenceLevel challengeAreas { key ancestors { key } } } } }
            """);

        var models = response["data"]!["models"]!["nodes"]!.AsArray();
        Assert.NotEmpty(models);
        foreach (var model in models)
        {
            Assert.Contains(model!["challengeAreas"]!.AsArray(), a =>
                a!["key"]!.GetValue<string>() == "homelessness" || a["ancestors"]!.AsArray().Any(p => p!["key"]!.GetValue<string>() == "homelessness"));
        }

        Assert.Contains(models, m => m!["challengeAreas"]!.AsArray().All(a => a!["key"]!.GetValue<string>() != "homelessness"));
        var levels = models.Select(m => m!["bestEvidenceLevel"]?.GetValue<int>() ?? 0).ToList();
        Assert.Equal(levels.OrderByDescending(l => l), levels);
    }

    [SkippableFact]
    public async Task ListQuantifiers_AllNoneSomeAny_AgreeWithTheEvidenceEachModelHas()
    {
        server.SkipIfUnavailable();
        var all = await server.QueryAsync("{ models(first: 200) { nodes { key evidence { rating { level } } } } }");
        var levels = all["data"]!["models"]!["nodes"]!.AsArray().ToDictionary(
            m => m!["key"]!.GetValue<string>(),
            m => m!["evidence"]!.AsArray().Select(e => e!["rating"]!["level"]!.GetValue<int>()).ToList());

        async Task<HashSet<string>> KeysAsync(string where)
        {
            var response = await server.QueryAsync($"{{ models(first: 200, where: {where}) {{ nodes {{ key }} }} }}");
            Assert.Null(response["errors"]);
            return response["data"]!["models"]!["nodes"]!.AsArray().Select(m => m!["key"]!.GetValue<string>()).ToHashSet();
        }

        Assert.Equal(levels.Where(l => l.Value.All(v => v >= 2)).Select(l => l.Key).ToHashSet(), await KeysAsync("{ evidence: { all: { rating: { level: { gte: 2 } } } } }"));
        Assert.Equal(levels.Where(l => !l.Value.Any(v => v >= 3)).Select(l => l.Key).ToHashSet(), await KeysAsync("{ evidence: { none: { rating: { level: { gte: 3 } } } } }"));
        Assert.Equal(levels.Where(l => l.Value.Any(v => v >= 3)).Select(l => l.Key).ToHashSet(), await KeysAsync("{ evidence: { some: { rating: { level: { gte: 3 } } } } }"));
        Assert.Equal(levels.Where(l => l.Value.Count == 0).Select(l => l.Key).ToHashSet(), await KeysAsync("{ evidence: { any: false } }"));
        Assert.Equal(
            levels.Where(l => l.Value.Count == 0 || l.Value.Any(v => v >= 4)).Select(l => l.Key).ToHashSet(),
            await KeysAsync("{ or: [{ evidence: { any: false } }, { evidence: { some: { rating: { level: { gte: 4 } } } } }] }"));
    }

    [SkippableFact]
    public async Task Connection_PagingForwardThenBackward_VisitsEveryItemOnceInOrder()
    {
        server.SkipIfUnavailable();
        var everything = await server.QueryAsync("{ organisations(first: 200, order: [{ name: ASC }]) { totalCount nodes { key } } }");
        var expected = everything["data"]!["organisations"]!["nodes"]!.AsArray().Select(n => n!["key"]!.GetValue<string>()).ToList();
        Assert.Equal(expected.Count, everything["data"]!["organisations"]!["totalCount"]!.GetValue<int>());

        var forward = new List<string>();
        string? after = null;
        do
        {
            var page = (await server.QueryAsync(
                "query($after: String) { organisations(first: 7, after: $after, order: [{ name: ASC }]) { edges { cursor node { key } } pageInfo { hasNextPage endCursor } } }",
                new { after }))["data"]!["organisations"]!;
            forward.AddRange(page["edges"]!.AsArray().Select(e => e!["node"]!["key"]!.GetValue<string>()));
            after = page["pageInfo"]!["hasNextPage"]!.GetValue<bool>() ? page["pageInfo"]!["endCursor"]!.GetValue<string>() : null;
        }
        while (after is not null);

        Assert.Equal(expected, forward);

        var backward = new List<string>();
        string? before = null;
        do
        {
            var page = (await server.QueryAsync(
                "query($before: String) { organisations(last: 9, before: $before, order: [{ name: ASC }]) { nodes { key } pageInfo { hasPreviousPage startCursor } } }",
                new { before }))["data"]!["organisations"]!;
            backward.InsertRange(0, page["nodes"]!.AsArray().Select(n => n!["key"]!.GetValue<string>()));
            before = page["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>() ? page["pageInfo"]!["startCursor"]!.GetValue<string>() : null;
        }
        while (before is not null);

        Assert.Equal(expected, backward);
    }

    [SkippableFact]
    public async Task Node_FetchesAnyEntityAgainByItsGlobalId()
    {
        server.SkipIfUnavailable();
        var first = await server.QueryAsync("{ evidence(first: 1) { nodes { id title } } }");
        var evidence = first["data"]!["evidence"]!["nodes"]![0]!;
        var again = await server.QueryAsync("query($id: ID!) { node(id: $id) { id ... on Evidence { title } } }", new { id = evidence["id"]!.GetValue<string>() });
        Assert.Equal(evidence["title"]!.GetValue<string>(), again["data"]!["node"]!["title"]!.GetValue<string>());

        var missing = await server.QueryAsync("{ node(id: \"bm90LWFuLWlk\") { id } }");
        Assert.Null(missing["data"]!["node"]);
    }

    [SkippableFact]
    public async Task PageSizeOverTheMaximum_IsAnErrorWithACode()
    {
        server.SkipIfUnavailable();
        var response = await server.QueryAsync("{ models(first: 100000) { nodes { name } } }");
        Assert.Equal("PAGE_SIZE_OUT_OF_RANGE", response["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }
}

public sealed class SqliteExampleQueryTests(SqliteApiServer server) : ExampleQueryTests<SqliteApiServer>(server);

public sealed class PostgresExampleQueryTests(PostgresApiServer server) : ExampleQueryTests<PostgresApiServer>(server);

/// <summary>The same on a PostgreSQL database whose default collation follows a natural language.</summary>
public sealed class PostgresNaturalCollationExampleQueryTests(PostgresNaturalCollationApiServer server) : ExampleQueryTests<PostgresNaturalCollationApiServer>(server);
