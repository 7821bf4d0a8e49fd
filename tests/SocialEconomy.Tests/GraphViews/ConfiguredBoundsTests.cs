using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.GraphViews;

/// <summary>Graph-view bounds set low in configuration. The bounds are the API's, not the store's, so SQLite suffices.</summary>
public sealed class TightGraphViewApiServer() : ApiServer(StoreProvider.Sqlite)
{
    protected override IEnumerable<string> ExtraArguments =>
        ["--GraphViews:MaxNeighbourhoodDepth=1", "--GraphViews:MaxNeighbourhoodLimit=5", "--GraphViews:MaxPathRelationships=20", "--GraphViews:MaxResults=3",
            "--GraphViews:MaxEvidenceMapCells=100"];
}

public sealed class ConfiguredBoundsTests(TightGraphViewApiServer server) : IClassFixture<TightGraphViewApiServer>
{
    private const string HousingFirst = "TW9kZWw6aG91c2luZy1maXJzdA";
    private const string Shelter = "T3JnYW5pc2F0aW9uOnNoZWx0ZXI";
    private const string SustainingTenancies = "Q2hhbGxlbmdlQXJlYTpzdXN0YWluaW5nLXRlbmFuY2llcw";

    [Theory]
    [InlineData($"{{ neighbourhood(id: \"{HousingFirst}\", depth: 2) {{ truncated }} }}", "DEPTH_OUT_OF_RANGE")]
    [InlineData($"{{ neighbourhood(id: \"{HousingFirst}\", limit: 6) {{ truncated }} }}", "LIMIT_OUT_OF_RANGE")]
    [InlineData($"{{ paths(from: \"{HousingFirst}\", to: \"{Shelter}\", first: 4) {{ length }} }}", "PAGE_SIZE_OUT_OF_RANGE")]
    [InlineData($"{{ comparableModels(to: \"{HousingFirst}\", first: 4) {{ score }} }}", "PAGE_SIZE_OUT_OF_RANGE")]
    // Reading two hops around Housing First (12 relationships of its own, and those of its 12 neighbours) passes 20.
    [InlineData($"{{ paths(from: \"{HousingFirst}\", to: \"{Shelter}\", maxHops: 4, first: 3) {{ length }} }}", "TRAVERSAL_TOO_LARGE")]
    // The whole seed graph's map: 31 challenge areas by some 30 outcomes.
    [InlineData("{ evidenceMap { gapCount } }", "MAP_TOO_LARGE")]
    public async Task ConfiguredBounds_AreEnforced_WithCodes(string query, string code)
    {
        var response = await server.QueryAsync(query);
        var error = Assert.Single(response["errors"]!.AsArray());
        Assert.Equal(code, error!["extensions"]!["code"]!.GetValue<string>());
        Assert.Null(response["data"]);
    }

    [Fact]
    public async Task MapWithinTheBound_IsDrawn_WhenEveryOutcomeInTheGraphAsAColumnWouldPassIt()
    {
        // Homelessness and its 4 sub-areas by the 37 outcomes of the seed graph would be 185 cells; by those reported
        // on or belonging to them, fewer than 100.
        var response = await server.QueryAsync("""
            { evidenceMap(within: "Q2hhbGxlbmdlQXJlYTpob21lbGVzc25lc3M") { challengeAreas { key } outcomes { key } cells { evidenceCount } } }
            """);
        Assert.Null(response["errors"]);
        var map = response["data"]!["evidenceMap"]!;
        var rows = map["challengeAreas"]!.AsArray().Count;
        var columns = map["outcomes"]!.AsArray().Count;
        Assert.Equal(5, rows);
        Assert.InRange(rows * columns, 1, 100);
        Assert.Equal(rows * columns, map["cells"]!.AsArray().Count);
    }

    [Fact]
    public async Task WithinConfiguredBounds_TheViewsAnswer()
    {
        var response = await server.QueryAsync($$"""
            { neighbourhood(id: "{{HousingFirst}}", depth: 1, limit: 5) { truncated nodes { distance } }
              paths(from: "{{HousingFirst}}", to: "{{Shelter}}", maxHops: 1, first: 3) { length }
              evidenceMap(within: "{{SustainingTenancies}}") { challengeAreas { key } cells(include: EVIDENCED) { evidenceCount } } }
            """);
        Assert.Null(response["errors"]);
        Assert.Equal(5, response["data"]!["neighbourhood"]!["nodes"]!.AsArray().Count);
        Assert.True(response["data"]!["neighbourhood"]!["truncated"]!.GetValue<bool>());
        Assert.Equal(1, response["data"]!["paths"]![0]!["length"]!.GetValue<int>());
        Assert.Single(response["data"]!["evidenceMap"]!["challengeAreas"]!.AsArray());
        Assert.NotEmpty(response["data"]!["evidenceMap"]!["cells"]!.AsArray());
    }
}
