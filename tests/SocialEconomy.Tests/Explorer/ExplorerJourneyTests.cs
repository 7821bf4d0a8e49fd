using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SocialEconomy.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SocialEconomy.Tests.Explorer;

/// <summary>
/// The journeys commissioners, researchers and developers take through the explorer, click by click from where they
/// would start, on the seed and both open datasets, each ending in an answer equal to the API's. Screenshots of each
/// journey's answer at desktop width and at 390 px are kept (journey-*.png). Two journeys have classes of their own:
/// an area's gap map and a cell's evidence (ExplorerGapMapTests) and how two records are connected, with its export
/// (ExplorerConnectionsTests).
/// </summary>
[Collection(ExplorerOpenDataCollection.Name)]
public sealed class ExplorerJourneyTests(ExplorerOpenDataServer server, ChromiumBrowser chromium, ITestOutputHelper output)
{
    /// <summary>
    /// A commissioner asks what works best in preventing homelessness, and who funds it: from the home page's search to
    /// the area, its models ranked by the evidence there (what works first, then the strongest evidence) with the
    /// funders of each, and the first model's page with its own funding.
    /// </summary>
    [SkippableFact]
    public async Task StrongestEvidenceForPreventingHomelessness_WithItsFunders()
    {
        var area = (await server.DataAsync("""
            query($key: String!) {
              challengeAreas(where: { key: { eq: $key } }) { nodes {
                name
                modelsByEvidence(first: 200) { nodes { value bestEvidenceLevel model { name } } }
                best: modelsByEvidence(first: 1) { nodes { model { name fundings { funder { name } } organisations { fundings { funder { name } } } } } }
              } }
            }
            """, new { key = "homelessness-prevention" }))["challengeAreas"]!["nodes"]![0]!;
        var ranked = area["modelsByEvidence"]!["nodes"]!.AsArray();
        Assert.NotEmpty(ranked);
        var best = area["best"]!["nodes"]![0]!["model"]!;
        var bestFunders = best["fundings"]!.AsArray().Concat(best["organisations"]!.AsArray().SelectMany(o => o!["fundings"]!.AsArray()))
            .Select(f => f!["funder"]!["name"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal).ToList();
        output.WriteLine($"First in {Name(area)}: {Name(best)} ({ranked[0]!["value"]}, level {ranked[0]!["bestEvidenceLevel"]}), funded by {string.Join("; ", bestFunders)}.");

        var page = await OpenAsync("/");
        await page.GetByLabel("What are you looking for?").FillAsync("homelessness prevention");
        await page.GetByLabel("What are you looking for?").PressAsync("Enter");
        await page.Locator("#search-results .result", new() { HasText = "Challenge area" }).GetByRole(AriaRole.Link, new() { Name = Name(area), Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = Name(area), Level = 1 }).WaitForAsync();

        var rows = page.Locator("#models-with-evidence tbody tr");
        await rows.First.WaitForAsync();
        Assert.Equal(ranked.Select(n => Name(n!["model"])), await rows.Locator("th").AllTextContentsAsync());
        Assert.Equal(bestFunders, (await rows.First.Locator("ul.funders li").AllTextContentsAsync()).Order(StringComparer.Ordinal));
        await ExplorerPages.AssertAccessibleAsync(page, output, "journey-strongest-evidence-area", "#models-with-evidence");

        await rows.First.Locator("th a").ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = Name(best), Level = 1 }).WaitForAsync();
        // Its funding section holds the money given to it and to the organisations running it, charted by funder.
        await page.Locator("#funders").WaitForAsync();
        var fundings = await page.Locator("#funders .table-wrap tbody tr th").AllTextContentsAsync();
        Assert.Equal(bestFunders, fundings.Distinct().Order(StringComparer.Ordinal));
        // A single funding is its own row of the table; from two, a chart draws them by funder and instrument.
        if (fundings.Count > 1)
        {
            await page.Locator("#funding-charts svg.chart-svg").First.WaitForAsync();
        }

        await ExplorerPages.ScreenshotAsync(page, output, "journey-strongest-evidence-model");
        await ExplorerPages.AssertFitsThePhoneAsync(await OpenAsync(new Uri(page.Url).PathAndQuery, 390), output, "journey-strongest-evidence-model-390");
    }

    /// <summary>
    /// The commissioner's first journey by keyboard alone: from the header to the models, the area, family and region
    /// chosen by typing into each list, applied with Enter; the list is the API's answer to the same conditions.
    /// </summary>
    [SkippableFact]
    public async Task CooperativeModelsForElderlyCareInARegion_ByKeyboardAlone()
    {
        const string Area = "elderly-care";
        var where = new JsonObject
        {
            ["challengeAreas"] = new JsonObject { ["some"] = new JsonObject { ["within"] = new JsonObject { ["key"] = new JsonObject { ["eq"] = Area } } } },
            ["family"] = new JsonObject { ["eq"] = "CO_OPERATIVE" },
        };
        const string Query = """
            query($where: ModelFilterInput) {
              models(where: $where, order: [{ verdict: DESC }, { bestEvidenceLevel: DESC }, { name: ASC }], first: 200) { totalCount nodes { name } facets { region { value count } } }
            }
            """;
        var cooperative = (await server.DataAsync(Query, new { where }))["models"]!;
        var region = cooperative["facets"]!["region"]!.AsArray().Where(f => f!["value"] is not null).MaxBy(f => f!["count"]!.GetValue<int>())!["value"]!.GetValue<string>();
        where["organisations"] = new JsonObject { ["some"] = new JsonObject { ["region"] = new JsonObject { ["eq"] = region } } };
        var answer = (await server.DataAsync(Query, new { where }))["models"]!;
        var areaName = Name((await server.DataAsync("""query($key: String!) { challengeAreas(where: { key: { eq: $key } }) { nodes { name } } }""", new { key = Area }))["challengeAreas"]!["nodes"]![0]);

        var page = await OpenAsync("/");
        await ExplorerPages.TabUntilAsync(page, ".site-header nav a[href='/models']");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#models").WaitForAsync();
        foreach (var (control, typed) in new[] { ("#models-area", areaName), ("#models-family", "Co-operative"), ("#models-region", region) })
        {
            await ExplorerPages.TabUntilAsync(page, control);
            // A closed list takes the first letters of a choice, as it does for anyone using the keyboard.
            await page.Keyboard.TypeAsync(typed[..Math.Min(typed.Length, 12)]);
        }

        await ExplorerPages.TabUntilAsync(page, "#models-apply");
        await page.Keyboard.PressAsync("Enter");
        await ExplorerPages.WaitForAddressAsync(page, "region=");
        await Assertions.Expect(page.Locator("#models h2")).ToHaveTextAsync($"Models ({answer["totalCount"]!.GetValue<int>().ToString("N0", CultureInfo.InvariantCulture)})");
        Assert.Equal(answer["nodes"]!.AsArray().Select(Name), await page.Locator("#models tbody tr th").AllTextContentsAsync());
        Assert.Equal("models-apply", await page.EvaluateAsync<string>("document.activeElement.id"));
        await ExplorerPages.ScreenshotAsync(page, output, "journey-keyboard");
        await ExplorerPages.AssertFitsThePhoneAsync(await OpenAsync(new Uri(page.Url).PathAndQuery, 390, "#models"), output, "journey-keyboard-390");
    }

    /// <summary>A researcher on a model's page asks which models are like it, and why: the API's answer, with each reason.</summary>
    [SkippableFact]
    public async Task ComparableModels_FromAModelPage_WithTheirReasons()
    {
        var id = await server.IdAsync("models", "housing-first");
        var page = await OpenAsync($"/model/{Uri.EscapeDataString(id)}");
        await page.Locator("main .view-actions").GetByRole(AriaRole.Link, new() { Name = "Comparable models", Exact = true }).ClickAsync();
        await page.Locator("#comparable").WaitForAsync();

        var expected = (await server.DataAsync("""
            query($id: ID!) { comparableModels(to: $id, first: 20) { score model { name } reasons { sharedChallengeAreas { name } sharedOutcomes { name } sharedFunders { name } } } }
            """, new { id }))["comparableModels"]!.AsArray();
        Assert.NotEmpty(expected);
        var rows = page.Locator("#comparable tbody tr");
        Assert.Equal(expected.Select(c => c!["model"]!["name"]!.GetValue<string>()), await rows.Locator("th a").AllTextContentsAsync());
        for (var index = 0; index < Math.Min(3, expected.Count); index++)
        {
            var reasons = expected[index]!["reasons"]!;
            var text = await rows.Nth(index).InnerTextAsync();
            foreach (var name in new[] { "sharedChallengeAreas", "sharedOutcomes", "sharedFunders" }.SelectMany(field => reasons[field]!.AsArray().Select(Name)))
            {
                Assert.Contains(name, text, StringComparison.Ordinal);
            }
        }

        await ExplorerPages.AssertAccessibleAsync(page, output, "journey-comparable");
        await ExplorerPages.AssertFitsThePhoneAsync(await OpenAsync(new Uri(page.Url).PathAndQuery, 390, "#comparable"), output, "journey-comparable-390");
    }

    /// <summary>
    /// A developer sees an area's page, opens the query behind it in GraphiQL and runs it: the same query, answered
    /// there with data.
    /// </summary>
    [SkippableFact]
    public async Task AViewOpenedInGraphiQL_RunsThereAsTheViewsQuery()
    {
        var id = await server.IdAsync("challengeAreas", "homelessness-prevention");
        var page = await OpenAsync($"/challenge-area/{Uri.EscapeDataString(id)}");
        await page.Locator(".page-heading [data-graphiql]").ClickAsync();
        await page.WaitForURLAsync("**/graphql?query=**");
        await page.Locator(".graphiql-container .view-lines", new() { HasText = "query" }).First.WaitForAsync(new() { Timeout = 30_000 });
        var operation = new Uri(page.Url).Query;
        Assert.Contains("variables=", operation, StringComparison.Ordinal);

        await page.Locator(".graphiql-execute-button").ClickAsync();
        var response = page.Locator(".graphiql-response .view-lines");
        await response.Filter(new() { HasText = "\"data\"" }).First.WaitForAsync(new() { Timeout = 30_000 });
        Assert.DoesNotContain("\"errors\"", await response.First.InnerTextAsync(), StringComparison.Ordinal);
        await ExplorerPages.ScreenshotAsync(page, output, "journey-graphiql");

        var narrow = await ExplorerPages.OpenAsync(server, chromium, new Uri(page.Url).PathAndQuery, 390, 844, ".graphiql-container");
        await ExplorerPages.ScreenshotAsync(narrow, output, "journey-graphiql-390");
    }

    /// <summary>
    /// On a phone: the home page, search results for a word that matches thousands of co-operatives, and the page of
    /// the model with most organisations (its chart, filters and long list) fit the screen.
    /// </summary>
    [SkippableFact]
    public async Task OnAPhone_TheHomeSearchAndModelPages_FitTheScreen()
    {
        var largest = (await server.DataAsync("""
            { models(where: { origin: { eq: "coops-uk" } }, first: 200) { nodes { id organisationsConnection(first: 1) { totalCount } } } }
            """))["models"]!["nodes"]!.AsArray().MaxBy(m => m!["organisationsConnection"]!["totalCount"]!.GetValue<int>())!["id"]!.GetValue<string>();
        foreach (var (name, path, shown) in new[]
        {
            ("journey-phone-home", "/", "main h1"),
            ("journey-phone-search", "/search?q=co-operative", "#search-results"),
            ("journey-phone-model", $"/model/{Uri.EscapeDataString(largest)}", "#organisations"),
        })
        {
            await ExplorerPages.AssertFitsThePhoneAsync(await OpenAsync(path, 390, shown), output, name);
        }
    }

    private Task<IPage> OpenAsync(string path, int width = 1366, string shown = "main h1") =>
        ExplorerPages.OpenAsync(server, chromium, path, width, width < 500 ? 844 : 900, shown);

    private static string Name(JsonNode? node) => node!["name"]!.GetValue<string>();
}
