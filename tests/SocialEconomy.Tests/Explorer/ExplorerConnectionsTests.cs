using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SocialEconomy.Tests.Export;
using SocialEconomy.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SocialEconomy.Tests.Explorer;

/// <summary>
/// "How are these connected?" in the explorer, on the seed and both open datasets: both ends picked by search from a
/// record page, the chains equal to the API's paths, each step a sentence with its sources, the CSV of what is shown,
/// and the way in from the graph view.
/// </summary>
[Collection(ExplorerOpenDataCollection.Name)]
public sealed class ExplorerConnectionsTests(ExplorerOpenDataServer server, ChromiumBrowser chromium, ITestOutputHelper output)
{
    private const string PathsQuery = """
        query($from: ID!, $to: ID!, $maxHops: Int) {
          paths(from: $from, to: $to, maxHops: $maxHops, first: 10) {
            length
            nodes { id ... on Organisation { name } ... on Model { name } ... on ChallengeArea { name } ... on Funder { name } ... on Outcome { name } ... on Evidence { title } ... on Source { title } }
            relationships { type from { id } to { id } sources { id } }
          }
        }
        """;

    [SkippableFact]
    public async Task FromARecordPage_PickingTheOtherEndBySearch_ShowsTheApisChains_AsSentences_AndExportsThem()
    {
        var from = await server.IdAsync("organisations", "st-mungos");
        var page = await ExplorerPages.OpenAsync(server, chromium, $"/organisation/{Uri.EscapeDataString(from)}");
        await page.GetByRole(AriaRole.Link, new() { Name = "How is this connected to…" }).ClickAsync();
        await page.GetByLabel("To", new() { Exact = true }).WaitForAsync();
        Assert.Contains($"from={Uri.EscapeDataString(from)}", page.Url, StringComparison.Ordinal);

        await page.GetByLabel("To", new() { Exact = true }).FillAsync("Big Society Capital");
        await page.GetByLabel("To", new() { Exact = true }).PressAsync("Enter");
        // Searched by the name it had until 2024, it is offered under today's name, as a funder and as an organisation.
        var choice = page.Locator("#connection-to-results button[data-choose]", new() { HasText = "Better Society Capital · Organisation" });
        await choice.WaitForAsync();
        var to = (await choice.GetAttributeAsync("data-choose"))!;
        await choice.ClickAsync();
        await page.Locator("#connection-summary").WaitForAsync();
        Assert.Contains($"to={Uri.EscapeDataString(to)}", page.Url, StringComparison.Ordinal);

        var paths = (await server.DataAsync(PathsQuery, new { from, to, maxHops = 4 }))["paths"]!.AsArray();
        Assert.True(paths.Count > 0, "The API finds no chain from St Mungo's to Big Society Capital within 4 relationships.");
        output.WriteLine($"{paths.Count} chains; the shortest has {paths[0]!["length"]} steps.");
        var chains = page.Locator("section.path");
        Assert.Equal(paths.Count, await chains.CountAsync());
        for (var index = 0; index < paths.Count; index++)
        {
            var path = paths[index]!;
            var names = path["nodes"]!.AsArray().Select(Name).ToList();
            Assert.Equal(names, await chains.Nth(index).Locator(".chain-node a").AllTextContentsAsync());
            var sentences = await chains.Nth(index).Locator(".step-sentence").AllTextContentsAsync();
            Assert.Equal(path["length"]!.GetValue<int>(), sentences.Count);
            // Each step reads from the relationship's own start to its end, whichever way the chain walks it.
            var nodes = path["nodes"]!.AsArray().ToDictionary(n => n!["id"]!.GetValue<string>(), Name);
            foreach (var (relationship, sentence) in path["relationships"]!.AsArray().Zip(sentences))
            {
                var subject = nodes[relationship!["from"]!["id"]!.GetValue<string>()];
                var @object = nodes[relationship["to"]!["id"]!.GetValue<string>()];
                Assert.Matches($"^↓ {Regex(subject)} [a-z ]+ {Regex(@object)}$", sentence.Trim());
            }

            Assert.Equal(path["relationships"]!.AsArray().Sum(r => r!["sources"]!.AsArray().Count),
                await chains.Nth(index).Locator(".step-detail .sources a").CountAsync());
        }

        await ExplorerPages.AssertNoEnumCodesAsync(server, page, "main", "RelationshipType", "ParticipationRole", "FundingInstrument", "Effect");
        await ExplorerPages.AssertAccessibleAsync(page, output, "journey-connections");

        var (name, csv) = await ExplorerPages.DownloadAsync(page, page.Locator("main .page-heading [data-export=csv]"));
        Assert.EndsWith(".csv", name, StringComparison.Ordinal);
        var rows = Csv.Parse(csv.Replace("\r\n", "\n", StringComparison.Ordinal));
        var header = rows[0];
        Assert.Equal(paths.Sum(p => p!["length"]!.GetValue<int>()), rows.Count - 1);
        var fromIds = rows.Skip(1).Select(row => row[Array.IndexOf(header, "from id")]!).ToHashSet();
        var expectedFromIds = paths.SelectMany(p => p!["relationships"]!.AsArray().Select(r => r!["from"]!["id"]!.GetValue<string>())).ToHashSet();
        Assert.Equal(expectedFromIds, fromIds);
        Assert.All(rows.Skip(1), row => Assert.StartsWith(server.BaseUrl, row[Array.IndexOf(header, "to page")]!, StringComparison.Ordinal));

        // The address is the view: opened afresh, at a phone's width, it shows the same chains without spilling sideways.
        var narrow = await ExplorerPages.OpenAsync(server, chromium, new Uri(page.Url).PathAndQuery, width: 390, shown: "#connection-summary");
        Assert.Equal(paths.Count, await narrow.Locator("section.path").CountAsync());
        await ExplorerPages.AssertFitsThePhoneAsync(narrow, output, "journey-connections-390");
    }

    [SkippableFact]
    public async Task FromTheGraphView_ANodePicked_LinksToItsChainToTheCentre_AndFewerHops_SayNotConnected()
    {
        var centre = await server.IdAsync("organisations", "st-mungos");
        var page = await ExplorerPages.OpenAsync(server, chromium, $"/graph/{Uri.EscapeDataString(centre)}", shown: "#graph-canvas[data-ready]");
        var expand = page.Locator("#graph-nodes button[data-expand]").First;
        var neighbour = (await expand.GetAttributeAsync("data-expand"))!;
        await expand.ClickAsync();
        var link = page.Locator($"#graph-selection a[data-connect='{neighbour}']");
        await link.ClickAsync();
        await page.Locator("#connection-summary").WaitForAsync();

        var paths = (await server.DataAsync(PathsQuery, new { from = neighbour, to = centre, maxHops = 4 }))["paths"]!.AsArray();
        Assert.Equal(1, paths[0]!["length"]!.GetValue<int>());
        Assert.Equal(paths.Count, await page.Locator("section.path").CountAsync());

        // Swapping the ends asks the API the other way round, in the address too; Back returns to the ends before.
        await page.GetByRole(AriaRole.Button, new() { Name = "Swap the ends" }).ClickAsync();
        await ExplorerPages.WaitForAddressAsync(page, $"from={Uri.EscapeDataString(centre)}");
        var swapped = (await server.DataAsync(PathsQuery, new { from = centre, to = neighbour, maxHops = 4 }))["paths"]!.AsArray();
        await Assertions.Expect(page.Locator("section.path")).ToHaveCountAsync(swapped.Count);
        Assert.Equal(swapped[0]!["nodes"]!.AsArray().Select(Name), await page.Locator("section.path").First.Locator(".chain-node a").AllTextContentsAsync());
        await page.GoBackAsync();
        await ExplorerPages.WaitForAddressAsync(page, $"from={Uri.EscapeDataString(neighbour)}");

        // A chain of two steps or more is out of reach at one: the page says so and offers the longest search.
        var twoSteps = paths.FirstOrDefault(p => p!["length"]!.GetValue<int>() >= 2);
        if (twoSteps is not null)
        {
            var far = twoSteps["nodes"]!.AsArray()[2]!["id"]!.GetValue<string>();
            var near = (await server.DataAsync(PathsQuery, new { from = neighbour, to = far, maxHops = 1 }))["paths"]!.AsArray();
            if (near.Count == 0)
            {
                await page.GotoAsync($"/connections?from={Uri.EscapeDataString(neighbour)}&to={Uri.EscapeDataString(far)}&hops=1");
                await page.Locator("#connection-summary").WaitForAsync();
                Assert.Equal("Not connected (0)", (await page.Locator("#connection-summary h2").TextContentAsync())?.Trim());
                Assert.Equal("1", await page.Locator("#connection-hops").InputValueAsync());
                await page.GetByRole(AriaRole.Link, new() { Name = "Look for chains of up to 6 relationships" }).ClickAsync();
                await page.Locator("section.path").First.WaitForAsync();
            }
        }

        // An id that names nothing is said in words, and the ends can be picked again.
        await page.GotoAsync($"/connections?from={Uri.EscapeDataString(centre)}&to=nothing-here");
        await page.Locator("main [role=alert]").WaitForAsync();
        Assert.Contains("nothing-here", await page.Locator("main [role=alert]").TextContentAsync(), StringComparison.Ordinal);
        await page.GetByLabel("To", new() { Exact = true }).WaitForAsync();
    }

    private static string Name(JsonNode? node) => (node!["name"] ?? node["title"])!.GetValue<string>();

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
