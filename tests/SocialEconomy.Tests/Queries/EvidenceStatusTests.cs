using System.Text.Json.Nodes;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Queries;

/// <summary>
/// Each challenge area's evidence status on the seeded API: its counts by design, strength and the verdicts of its
/// models agree with the facets of the lists of evidence and models within the area, and the curated statements of
/// thin areas come back with their sources.
/// </summary>
public abstract class EvidenceStatusTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : ApiServer
{
    [SkippableFact]
    public async Task EveryArea_CountsItsEvidence_AsTheFacetsOfTheListWithinIt_AndItsModels_ByTheirVerdictThere()
    {
        var areas = (await DataAsync("""
            { challengeAreas(first: 200) { nodes { key evidenceStatus {
                evidenceCount modelCount byDesign { design count } byRating { scale level count } modelsByVerdict { verdict count } } } } }
            """))["challengeAreas"]!["nodes"]!.AsArray();
        Assert.True(areas.Count > 20, $"only {areas.Count} areas");

        foreach (var area in areas)
        {
            var key = area!["key"]!.GetValue<string>();
            var status = area["evidenceStatus"]!;
            var lists = await DataAsync($$"""
                { evidence(where: { challengeAreas: { some: { within: { key: { eq: "{{key}}" } } } } }) { totalCount facets { design { value count } rating { value count } } }
                  models(where: { challengeAreas: { some: { within: { key: { eq: "{{key}}" } } } } }, first: 200) { totalCount nodes { areaVerdicts { area { key } value } } } }
                """);
            Assert.True(lists["evidence"]!["totalCount"]!.GetValue<int>() == status["evidenceCount"]!.GetValue<int>(), $"{key}: evidence count");
            Assert.Equal(Facet(lists["evidence"]!["facets"]!["design"]!), Pairs(status["byDesign"]!, s => s["design"]!.GetValue<string>()));
            Assert.Equal(Facet(lists["evidence"]!["facets"]!["rating"]!), Pairs(status["byRating"]!, s => $"{s["scale"]} {s["level"]}"));
            Assert.True(lists["models"]!["totalCount"]!.GetValue<int>() == status["modelCount"]!.GetValue<int>(), $"{key}: model count");
            // Each model by its verdict here: on the evidence about this area, none when no evidence here evaluates it.
            var verdictsHere = lists["models"]!["nodes"]!.AsArray()
                .Select(m => m!["areaVerdicts"]!.AsArray().SingleOrDefault(v => v!["area"]!["key"]!.GetValue<string>() == key)?["value"]!.GetValue<string>() ?? "INSUFFICIENT_EVIDENCE")
                .GroupBy(v => v).Select(g => (g.Key, g.Count())).Order().ToList();
            Assert.Equal(verdictsHere, Pairs(status["modelsByVerdict"]!, s => s["verdict"]!.GetValue<string>()));
        }
    }

    [SkippableFact]
    public async Task AThinArea_SaysSo_WithTheSourcesItRestsOn_AndOthersSayNothing()
    {
        var seed = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.SeedData, "challenge-areas.json")))!["challengeAreas"]!.AsArray();
        var curated = seed.Where(a => a!["evidenceStatement"] is not null).ToList();
        Assert.NotEmpty(curated);

        var areas = (await DataAsync("""{ challengeAreas(first: 200) { nodes { key evidenceStatus { statement statementSources { key url } } } } }"""))["challengeAreas"]!["nodes"]!.AsArray()
            .ToDictionary(a => a!["key"]!.GetValue<string>(), a => a!["evidenceStatus"]!);
        foreach (var area in seed)
        {
            var status = areas[area!["id"]!.GetValue<string>()];
            if (area["evidenceStatement"] is { } statement)
            {
                Assert.Equal(statement["text"]!.GetValue<string>(), status["statement"]!.GetValue<string>());
                Assert.Equal(statement["sources"]!.AsArray().Select(s => s!.GetValue<string>()).Order(StringComparer.Ordinal),
                    status["statementSources"]!.AsArray().Select(s => s!["key"]!.GetValue<string>()).Order(StringComparer.Ordinal));
                Assert.All(status["statementSources"]!.AsArray(), s => Assert.StartsWith("http", s!["url"]!.GetValue<string>(), StringComparison.Ordinal));
            }
            else
            {
                Assert.Null(status["statement"]);
                Assert.Empty(status["statementSources"]!.AsArray());
            }
        }
    }

    private static List<(string, int)> Facet(JsonNode facet) =>
        [.. facet.AsArray().Select(f => (f!["value"]!.GetValue<string>(), f["count"]!.GetValue<int>())).Order()];

    private static List<(string, int)> Pairs(JsonNode counts, Func<JsonNode, string> value) =>
        [.. counts.AsArray().Select(c => (value(c!), c!["count"]!.GetValue<int>())).Order()];

    private async Task<JsonObject> DataAsync(string query)
    {
        server.SkipIfUnavailable();
        var response = await server.QueryAsync(query);
        Assert.True(response["errors"] is null, response["errors"]?.ToJsonString());
        return response["data"]!.AsObject();
    }
}

public sealed class SqliteEvidenceStatusTests(SqliteApiServer server) : EvidenceStatusTests<SqliteApiServer>(server);

public sealed class PostgresEvidenceStatusTests(PostgresApiServer server) : EvidenceStatusTests<PostgresApiServer>(server);
