using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.Playwright;
using SocialEconomy.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SocialEconomy.Tests.Explorer;

/// <summary>
/// The explorer where relationship lists run to thousands (the Co-operatives UK open data): a long list is read a
/// page at a time through its connection, its heading gives the API's total, and "Show more" reads the next page.
/// </summary>
[Collection(ExplorerOpenDataCollection.Name)]
public sealed class ExplorerLongListTests(ExplorerOpenDataServer server, ChromiumBrowser chromium, ITestOutputHelper output)
{
    private const int PageSize = 200;

    /// <summary>The page lists the organisations running the model by name, read through organisations(where:) so that it can filter them.</summary>
    private const string OrganisationsPage = """
        query($key: String!, $after: String) {
          organisations(where: { models: { some: { key: { eq: $key } } } }, order: [{ name: ASC }], first: 200, after: $after) { totalCount pageInfo { endCursor } nodes { name } }
        }
        """;

    [SkippableFact]
    public async Task ModelPage_OfTheLargestCoopsUkModel_CountsAllItsOrganisations_ShowsAPage_AndShowsMore()
    {
        server.SkipIfUnavailable();
        chromium.SkipIfUnavailable();
        var models = (await server.DataAsync("""
            { models(where: { origin: { eq: "coops-uk" } }, first: 200) { nodes { id key name organisationsConnection(first: 1) { totalCount } } } }
            """))["models"]!["nodes"]!.AsArray();
        var largest = models.MaxBy(m => m!["organisationsConnection"]!["totalCount"]!.GetValue<int>())!;
        var id = largest["id"]!.GetValue<string>();
        var key = largest["key"]!.GetValue<string>();
        var total = largest["organisationsConnection"]!["totalCount"]!.GetValue<int>();
        output.WriteLine($"Largest Co-operatives UK model: {largest["name"]} with {total} organisations.");
        Assert.True(total > 1_000, $"The largest Co-operatives UK model runs {total} organisations; the test needs more than a plain list may return.");

        // Why the page reads a connection: the plain list is refused at this length.
        var plain = await server.QueryAsync("""query($id: ID!) { node(id: $id) { ... on Model { organisations { name } } } }""", new { id });
        Assert.Equal("LIST_TOO_LONG", plain["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());

        var first = (await server.DataAsync(OrganisationsPage, new { key, after = (string?)null }))["organisations"]!;
        var second = (await server.DataAsync(OrganisationsPage, new { key, after = first["pageInfo"]!["endCursor"]!.GetValue<string>() }))["organisations"]!;
        Assert.Equal(total, first["totalCount"]!.GetValue<int>());

        var watch = Stopwatch.StartNew();
        var (_, page, errors) = await chromium.NewPageAsync(server.BaseUrl);
        await page.GotoAsync($"/model/{Uri.EscapeDataString(id)}");
        await page.GetByRole(AriaRole.Heading, new() { Name = largest["name"]!.GetValue<string>(), Level = 1 }).WaitForAsync();
        output.WriteLine($"Model page shown in {watch.ElapsedMilliseconds} ms.");

        var heading = page.Locator("#organisations h2");
        Assert.Equal($"Organisations running it ({Count(total)}; the first {PageSize} shown)", await heading.TextContentAsync());
        var rows = page.Locator("#organisations tbody tr");
        Assert.Equal(Names(first), await rows.Locator("th").AllTextContentsAsync());
        Assert.Equal(0, await page.Locator("[role=alert]").CountAsync());
        Assert.True(await page.Locator("#funders").IsVisibleAsync(), "The funding section is missing.");
        await ChromiumScreenshotAsync(page, "long-list-model");

        watch.Restart();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Show {PageSize} more of organisations running it" }).ClickAsync();
        await page.Locator($"#organisations tbody tr:nth-child({2 * PageSize})").WaitForAsync();
        output.WriteLine($"Next page shown in {watch.ElapsedMilliseconds} ms.");
        Assert.Equal(Names(first).Concat(Names(second)), await rows.Locator("th").AllTextContentsAsync());
        Assert.Equal($"Organisations running it ({Count(total)}; the first {2 * PageSize} shown)", await heading.TextContentAsync());
        Assert.Equal(Names(second)[0], await page.EvaluateAsync<string>("document.activeElement.textContent"));

        // An export of part of a list says so: in its file name, and in GraphML's description of the graph.
        var csv = await DownloadAsync(page, page.Locator("#organisations [data-export=csv]"));
        Assert.EndsWith($"-first-{2 * PageSize}-of-{total}.csv", csv.Name, StringComparison.Ordinal);
        Assert.Equal(2 * PageSize + 1, csv.Text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        var graphml = XDocument.Parse((await DownloadAsync(page, page.Locator("#organisations [data-export=graphml]"))).Text);
        XNamespace ns = "http://graphml.graphdrawing.org/xmlns";
        Assert.Contains($"the first {2 * PageSize} of {total}", graphml.Root!.Element(ns + "graph")!.Element(ns + "desc")!.Value, StringComparison.Ordinal);
        Assert.True(errors.Count == 0, $"Script errors: {string.Join("; ", errors)}");
    }

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static List<string> Names(JsonNode connection) => [.. connection["nodes"]!.AsArray().Select(n => n!["name"]!.GetValue<string>())];

    private Task ChromiumScreenshotAsync(IPage page, string name) => ExplorerPages.ScreenshotAsync(page, output, name);

    private static Task<(string Name, string Text)> DownloadAsync(IPage page, ILocator button) => ExplorerPages.DownloadAsync(page, button);
}
