using System.Text.Json.Nodes;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Queries;

/// <summary>Facets count the whole filtered list in the same request; checked against counting the list itself.</summary>
public abstract class FacetTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : ApiServer
{
    private static Dictionary<string, int> Counts(JsonNode facet) =>
        facet.AsArray().ToDictionary(f => f!["value"]?.GetValue<string>() ?? "(none)", f => f!["count"]!.GetValue<int>());

    [SkippableFact]
    public async Task ModelFacets_CountEveryMatchingModel_NotJustThePage()
    {
        server.SkipIfUnavailable();
        var response = await server.QueryAsync("""
            { models(first: 3, where: { evidence: { any: true } }) {
                totalCount
                facets { family { value count } challengeArea { value count node { ... on ChallengeArea { key } } } bestEvidenceLevel { value count } }
              }
              all: models(first: 200, where: { evidence: { any: true } }) { nodes { family bestEvidenceLevel challengeAreas { key } } } }
            """);
        Assert.Null(response["errors"]);
        var facets = response["data"]!["models"]!["facets"]!;
        var models = response["data"]!["all"]!["nodes"]!.AsArray();

        Assert.Equal(models.Count, response["data"]!["models"]!["totalCount"]!.GetValue<int>());
        Assert.Equal(models.GroupBy(m => m!["family"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Count()), Counts(facets["family"]!));
        Assert.Equal(models.GroupBy(m => m!["bestEvidenceLevel"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture)).ToDictionary(g => g.Key, g => g.Count()),
            Counts(facets["bestEvidenceLevel"]!));
        Assert.Equal(
            models.SelectMany(m => m!["challengeAreas"]!.AsArray().Select(a => a!["key"]!.GetValue<string>())).GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count()),
            Counts(facets["challengeArea"]!));
        Assert.All(facets["challengeArea"]!.AsArray(), f => Assert.Equal(f!["value"]!.GetValue<string>(), f["node"]!["key"]!.GetValue<string>()));
        var counts = facets["family"]!.AsArray().Select(f => f!["count"]!.GetValue<int>()).ToList();
        Assert.Equal(counts.OrderByDescending(c => c), counts);
    }

    /// <summary>
    /// Models per region delivered in, counted from the regions of the organisations running each model of the list
    /// (each region once per model); and each count is what the filter organisations: { some: { region: { eq } } } keeps.
    /// </summary>
    [SkippableFact]
    public async Task ModelFacets_ByRegion_CountEachModelOnceInEachRegionOfItsOrganisations_AsTheRegionFilterDoes()
    {
        server.SkipIfUnavailable();
        var response = await server.QueryAsync("""
            { models(first: 1, where: { family: { neq: OUTCOMES_PARTNERSHIP } }) { facets { region { value count } } }
              all: models(first: 200, where: { family: { neq: OUTCOMES_PARTNERSHIP } }) { nodes { organisations { region } } } }
            """);
        Assert.Null(response["errors"]);
        var facet = response["data"]!["models"]!["facets"]!["region"]!;
        var models = response["data"]!["all"]!["nodes"]!.AsArray();

        var expected = models
            .SelectMany(m => m!["organisations"]!.AsArray().Select(o => o!["region"]?.GetValue<string>() ?? "(none)").Distinct())
            .GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(expected.Count > 2, $"The seed's models are run in {expected.Count} regions; the test needs several.");
        Assert.Equal(expected, Counts(facet));

        foreach (var region in facet.AsArray().Select(f => f!["value"]?.GetValue<string>()))
        {
            var filtered = await server.QueryAsync("""
                query($region: String) { models(where: { family: { neq: OUTCOMES_PARTNERSHIP }, organisations: { some: { region: { eq: $region } } } }) { totalCount } }
                """, new { region });
            Assert.Equal(expected[region ?? "(none)"], filtered["data"]!["models"]!["totalCount"]!.GetValue<int>());
        }
    }

    [SkippableFact]
    public async Task FunderFacets_SumTheFundingsOfEveryMatchingFunder_PerCurrency()
    {
        server.SkipIfUnavailable();
        var response = await server.QueryAsync("""
            { funders(first: 1, where: { kind: { in: [GOVERNMENT, LOCAL_AUTHORITY] } }) { facets { kind { value count } totals { currency amount count } } }
              all: funders(first: 200, where: { kind: { in: [GOVERNMENT, LOCAL_AUTHORITY] } }) { nodes { kind totals { currency amount count } } } }
            """);
        Assert.Null(response["errors"]);
        var facets = response["data"]!["funders"]!["facets"]!;
        var funders = response["data"]!["all"]!["nodes"]!.AsArray();

        Assert.Equal(funders.GroupBy(f => f!["kind"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Count()), Counts(facets["kind"]!));
        var expected = funders.SelectMany(f => f!["totals"]!.AsArray()).GroupBy(t => t!["currency"]!.GetValue<string>())
            .ToDictionary(g => g.Key, g => (Amount: g.Sum(t => t!["amount"]!.GetValue<double>()), Count: g.Sum(t => t!["count"]!.GetValue<int>())));
        var actual = facets["totals"]!.AsArray().ToDictionary(t => t!["currency"]!.GetValue<string>(), t => (Amount: t!["amount"]!.GetValue<double>(), Count: t["count"]!.GetValue<int>()));
        Assert.NotEmpty(actual);
        Assert.Equal(expected, actual);
    }

    [SkippableFact]
    public async Task EvidenceFacets_ByRatingDesignAndYear_MatchTheList()
    {
        server.SkipIfUnavailable();
        var response = await server.QueryAsync("""
            { evidence(first: 1) { facets { rating { value count } design { value count } year { value count } } }
              all: evidence(first: 200) { nodes { design year rating { scale level } } } }
            """);
        Assert.Null(response["errors"]);
        var facets = response["data"]!["evidence"]!["facets"]!;
        var evidence = response["data"]!["all"]!["nodes"]!.AsArray();

        Assert.Equal(evidence.GroupBy(e => $"{e!["rating"]!["scale"]} {e["rating"]!["level"]}").ToDictionary(g => g.Key, g => g.Count()), Counts(facets["rating"]!));
        Assert.Equal(evidence.GroupBy(e => e!["design"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Count()), Counts(facets["design"]!));
        Assert.Equal(evidence.GroupBy(e => e!["year"]?.ToJsonString() ?? "(none)").ToDictionary(g => g.Key, g => g.Count()), Counts(facets["year"]!));
    }
}

public sealed class SqliteFacetTests(SqliteApiServer server) : FacetTests<SqliteApiServer>(server);

public sealed class PostgresFacetTests(PostgresApiServer server) : FacetTests<PostgresApiServer>(server);
