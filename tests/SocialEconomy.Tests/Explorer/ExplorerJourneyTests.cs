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
