using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SocialEconomy.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SocialEconomy.Tests.Explorer;

/// <summary>
/// The explorer's charts on the seed data: funding by funder and instrument on a model's page, by recipient and
/// instrument on a funder's (amounts per currency, fundings without an amount counted apart), and evidence by study
/// design and strength on an area's page. Each bar's length, parts and written number are the API's figures, fetched
/// and added up in the test; the charts pass axe with their tables open, and fit a phone's width.
/// </summary>
public sealed class ExplorerChartTests(ExplorerApiServer server, ChromiumBrowser chromium, ITestOutputHelper output)
    : IClassFixture<ExplorerApiServer>, IClassFixture<ChromiumBrowser>
{
    private const int PhoneWidth = 390;

    /// <summary>The most bars a chart draws before it sums the rest (entities/fundingCharts.ts).</summary>
    private const int MostBars = 12;

    /// <summary>The key of a part whose instrument, or a bar whose rating, is not recorded.</summary>
    private const string NotRecorded = "none";

    private const string FundingFields = "amount currency instrument";

    private static readonly string[] ChartEnums = ["FundingInstrument", "StudyDesign", "EvidenceScale"];

    [SkippableFact]
    public async Task ModelAndFunderPages_ChartFundingByPartyAndInstrument_AsTheApiRecordsIt()
    {
        server.SkipIfUnavailable();
        var models = (await server.DataAsync($$"""
            { models(first: 200) { totalCount nodes { id key name fundings { funder { id name } {{FundingFields}} } } } }
            """))["models"]!;
        Assert.True(models["totalCount"]!.GetValue<int>() <= models["nodes"]!.AsArray().Count, "More models than the first page the test reads.");
        // A model with fundings both with and without an amount, so that both kinds of chart are drawn: the one with most.
        var model = models["nodes"]!.AsArray().Where(m => Mixed(m!["fundings"]!.AsArray())).MaxBy(m => m!["fundings"]!.AsArray().Count);
        Assert.True(model is not null, "No seed model has fundings both with and without an amount.");
        var key = model["key"]!.GetValue<string>();
        // The model page's funding: the model's own, and that of the organisations running it.
        var running = (await server.DataAsync($$"""
            query($key: String!) {
              organisations(where: { models: { some: { key: { eq: $key } } }, fundings: { any: true } }, first: 200) {
                totalCount nodes { fundings { funder { id name } {{FundingFields}} } }
              }
            }
            """, new { key }))["organisations"]!;
        Assert.True(running["totalCount"]!.GetValue<int>() <= running["nodes"]!.AsArray().Count, $"{key}: more funded organisations than the page reads.");
        var modelFundings = model["fundings"]!.AsArray().Concat(running["nodes"]!.AsArray().SelectMany(o => o!["fundings"]!.AsArray()))
            .Select(f => Funding(f!, f!["funder"])).ToList();
        output.WriteLine($"Model {key}: {modelFundings.Count} fundings.");

        var funders = (await server.DataAsync($$"""
            { funders(first: 200) { totalCount nodes { id key fundings { recipient { ... on Organisation { id name } ... on Model { id name } } {{FundingFields}} } } } }
            """))["funders"]!;
        Assert.True(funders["totalCount"]!.GetValue<int>() <= funders["nodes"]!.AsArray().Count, "More funders than the first page the test reads.");
        var funder = funders["nodes"]!.AsArray().Where(f => Mixed(f!["fundings"]!.AsArray())).MaxBy(f => f!["fundings"]!.AsArray().Count);
        Assert.True(funder is not null, "No seed funder has fundings both with and without an amount.");
        var funderFundings = funder["fundings"]!.AsArray().Select(f => Funding(f!, f!["recipient"])).ToList();
        output.WriteLine($"Funder {funder["key"]}: {funderFundings.Count} fundings.");

        foreach (var (name, path, fundings) in new[]
        {
            ("model", $"/model/{Uri.EscapeDataString(model["id"]!.GetValue<string>())}", modelFundings),
            ("funder", $"/funder/{Uri.EscapeDataString(funder["id"]!.GetValue<string>())}", funderFundings),
        })
        {
            var page = await OpenAsync(path);
            await page.Locator("#funding-charts").WaitForAsync();
            await WaitUntilDrawnAsync(page);
            await ScreenshotAsync(page, $"chart-{name}-funding", "#funding-charts");
            Assert.StartsWith($"{Count(fundings.Count)} fundings: ", await page.Locator("#funding-charts .chart-summary").TextContentAsync(), StringComparison.Ordinal);

            // Amounts in pounds, summed per funder or recipient and per instrument; the seed states no other currency.
            Assert.All(fundings.Where(f => f.Amount is not null), f => Assert.Equal("GBP", f.Currency));
            var amounts = Expected(fundings.Where(f => f.Amount is not null), f => f.Amount!.Value);
            await AssertChartAsync(page, "funding-charts-amounts-gbp", amounts, total => $"£{Count(total)}");
            // Fundings with no amount stated: counted, never taken for nothing.
            var unstated = Expected(fundings.Where(f => f.Amount is null), _ => 1);
            await AssertChartAsync(page, "funding-charts-unstated", unstated, Count);
            Assert.Equal(2, await page.Locator("#funding-charts figure").CountAsync());

            // The legend names each instrument charted, in words.
            Assert.Equal(
                fundings.Where(f => f.Amount is not null).Select(f => InstrumentLabel(f.Instrument)).Distinct().Order(StringComparer.Ordinal),
                (await page.Locator("#funding-charts-amounts-gbp .chart-legend li").AllTextContentsAsync()).Order(StringComparer.Ordinal));

            await OpenTablesAsync(page, "#funding-charts");
            await ExplorerPages.AssertNoEnumCodesAsync(server, page, "#funding-charts", ChartEnums);
            await AssertAccessibleAsync(page, $"chart-{name}-funding-tables", "#funding-charts");
            await AssertFitsAPhoneAsync(path, "#funding-charts", $"chart-{name}-funding-phone");
        }
    }

    [SkippableFact]
    public async Task AreaPage_ChartsEvidenceByDesignAndStrength_AsTheApiCountsIt()
    {
        server.SkipIfUnavailable();
        var areas = (await server.DataAsync("""
            { challengeAreas(where: { depth: { eq: 0 } }, first: 200) { nodes { id key evidenceStatus { evidenceCount } } } }
            """))["challengeAreas"]!["nodes"]!.AsArray();
        var area = areas.MaxBy(a => a!["evidenceStatus"]!["evidenceCount"]!.GetValue<int>())!;
        var key = area["key"]!.GetValue<string>();

        // Every evidence item about the area or an area within it, counted here by design and by rating.
        var items = new List<JsonNode>();
        string? after = null;
        do
        {
            var answer = (await server.DataAsync("""
                query($key: String!, $after: String) {
                  evidence(where: { challengeAreas: { some: { within: { key: { eq: $key } } } } }, first: 200, after: $after) {
                    totalCount pageInfo { hasNextPage endCursor } nodes { design rating { scale level } }
                  }
                }
                """, new { key, after }))["evidence"]!;
            items.AddRange(answer["nodes"]!.AsArray().Select(n => n!));
            after = answer["pageInfo"]!["hasNextPage"]!.GetValue<bool>() ? answer["pageInfo"]!["endCursor"]!.GetValue<string>() : null;
        }
        while (after is not null);
        Assert.Equal(area["evidenceStatus"]!["evidenceCount"]!.GetValue<int>(), items.Count);
        var expected = items.GroupBy(i => i["design"]!.GetValue<string>()).ToDictionary(g => g.Key, g => new Bar(
            Design(g.Key), g.Count(), g.GroupBy(Rating).ToDictionary(r => r.Key, r => (double)r.Count())));
        Assert.True(expected.Count > 1 && expected.Values.Any(b => b.Parts.Count > 1), $"The seed area {key} has too few designs or ratings for a stacked chart.");
        output.WriteLine($"Area {key}: {items.Count} items in {expected.Count} designs.");

        var path = $"/challenge-area/{Uri.EscapeDataString(area["id"]!.GetValue<string>())}";
        var page = await OpenAsync(path);
        await page.Locator("#evidence-by-design").WaitForAsync();
        await WaitUntilDrawnAsync(page);
        await ScreenshotAsync(page, "chart-area-evidence", "#evidence-chart");
        Assert.Equal("Evidence by design and strength", await page.Locator("#evidence-chart h2").TextContentAsync());
        Assert.Contains($"{Count(items.Count)} in all", await page.Locator("#evidence-by-design figcaption").TextContentAsync(), StringComparison.Ordinal);
        await AssertChartAsync(page, "evidence-by-design", expected, Count);

        // The legend: each rating found, as its scale's name and level in words, and the unappraised as such.
        var legend = await page.Locator("#evidence-by-design .chart-legend li").EvaluateAllAsync<string[]>("items => items.map(li => li.dataset.series + ' | ' + li.textContent)");
        Assert.Equal(expected.Values.SelectMany(b => b.Parts.Keys).Distinct().Order(StringComparer.Ordinal), legend.Select(l => l.Split(" | ")[0]).Order(StringComparer.Ordinal));
        Assert.All(legend, entry =>
        {
            var parts = entry.Split(" | ");
            Assert.EndsWith(parts[0] == NotRecorded ? "Not appraised" : $": level {parts[0].Split(' ')[1]}", parts[1], StringComparison.Ordinal);
        });

        await OpenTablesAsync(page, "#evidence-chart");
        await ExplorerPages.AssertNoEnumCodesAsync(server, page, "#evidence-chart", ChartEnums);
        await AssertAccessibleAsync(page, "chart-area-evidence-table", "#evidence-chart");
        await AssertFitsAPhoneAsync(path, "#evidence-chart", "chart-area-evidence-phone");
    }

    /// <summary>What a chart should show: per bar, its label, its length and its parts by series.</summary>
    private sealed record Bar(string Label, double Value, Dictionary<string, double> Parts);

    private sealed record FundingRow(string PartyId, string PartyName, double? Amount, string? Currency, string? Instrument);

    /// <summary>
    /// The chart <paramref name="id"/> as drawn: one bar per expected bar, its label, length, parts and written number as
    /// expected, longest first, and its table with a row per bar saying the same number.
    /// </summary>
    private static async Task AssertChartAsync(IPage page, string id, Dictionary<string, Bar> expected, Func<double, string> written)
    {
        Assert.True(expected.Count <= MostBars, $"{id}: {expected.Count} bars expected; the chart sums those past {MostBars}, which this test does not add up.");
        var drawn = JsonNode.Parse(await page.EvaluateAsync<string>("""
            id => JSON.stringify([...document.querySelectorAll(`#${id} .chart-bar`)].map(bar => ({
              key: bar.dataset.key,
              value: Number(bar.dataset.value),
              label: [...bar.querySelectorAll('.chart-label tspan')].map(line => line.textContent).join(' '),
              number: bar.querySelector('.chart-number').textContent,
              parts: Object.fromEntries([...bar.querySelectorAll('.chart-segment')].map(part => [part.dataset.series, Number(part.dataset.value)])),
            })))
            """, id))!.AsArray();
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), drawn.Select(b => b!["key"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        foreach (var bar in drawn)
        {
            var want = expected[bar!["key"]!.GetValue<string>()];
            Assert.Equal(want.Label, bar["label"]!.GetValue<string>());
            Assert.Equal(want.Value, bar["value"]!.GetValue<double>(), 2);
            Assert.Equal(written(want.Value), bar["number"]!.GetValue<string>());
            var parts = bar["parts"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<double>());
            Assert.Equal(want.Parts.Keys.Order(StringComparer.Ordinal), parts.Keys.Order(StringComparer.Ordinal));
            Assert.All(want.Parts, part => Assert.Equal(part.Value, parts[part.Key], 2));
        }

        var values = drawn.Select(b => b!["value"]!.GetValue<double>()).ToList();
        Assert.Equal(values.OrderDescending(), values);
        await OpenTablesAsync(page, $"#{id}");
        Assert.Equal(drawn.Select(b => b!["number"]!.GetValue<string>()),
            await page.Locator($"#{id}-table tbody tr td:last-child").AllTextContentsAsync());
    }

    /// <summary>Bars per funder or recipient: the sum of <paramref name="value"/> over its fundings, in parts by instrument.</summary>
    private static Dictionary<string, Bar> Expected(IEnumerable<FundingRow> fundings, Func<FundingRow, double> value) =>
        fundings.GroupBy(f => f.PartyId).ToDictionary(g => g.Key, g => new Bar(g.First().PartyName, g.Sum(value),
            g.GroupBy(f => f.Instrument ?? NotRecorded).ToDictionary(i => i.Key, i => i.Sum(value))));

    private static FundingRow Funding(JsonNode funding, JsonNode? party) => new(
        party!["id"]!.GetValue<string>(), party["name"]!.GetValue<string>(), funding["amount"]?.GetValue<double>(),
        funding["currency"]?.GetValue<string>(), funding["instrument"]?.GetValue<string>());

    private static bool Mixed(JsonArray fundings) =>
        fundings.Any(f => f!["amount"] is null) && fundings.Any(f => f!["amount"] is not null);

    /// <summary>An evidence item's rating as the API's facets name it ("NESTA 3"), or "none" when nobody has appraised it.</summary>
    private static string Rating(JsonNode item) =>
        item["rating"] is { } rating ? $"{rating["scale"]!.GetValue<string>()} {rating["level"]!.GetValue<int>()}" : NotRecorded;

    /// <summary>Opens every chart's table under <paramref name="part"/> not open yet (each is made when first opened), and waits for them.</summary>
    private static async Task OpenTablesAsync(IPage page, string part)
    {
        var closed = page.Locator($"{part} details.chart-data:not([open]) > summary");
        while (await closed.CountAsync() > 0)
        {
            await closed.First.ClickAsync();
        }

        foreach (var table in await page.Locator($"{part} details.chart-data").AllAsync())
        {
            await table.Locator(".chart-table table").WaitForAsync();
        }
    }

    /// <summary>
    /// On a phone the page is no wider than the screen, each chart drawn at the width of its box (its text not shrunk
    /// by scaling) with its tables open too.
    /// </summary>
    private async Task AssertFitsAPhoneAsync(string path, string part, string name)
    {
        var page = await OpenAsync(path, PhoneWidth, 844);
        await page.Locator(part).WaitForAsync();
        await WaitUntilDrawnAsync(page);
        await ScreenshotAsync(page, name, part);
        await OpenTablesAsync(page, part);
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        var wide = await page.EvaluateAsync<string[]>("""
            [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.parentElement?.closest('.table-wrap, .chart-table'))
              .slice(0, 5).map(e => e.tagName + '.' + e.className)
            """);
        Assert.True(width <= PhoneWidth, $"{path} is {width}px wide on a {PhoneWidth}px screen: {string.Join(", ", wide)}");
    }

    /// <summary>Every chart on the page drawn at the width of its box: first drawn at a likely width, each is drawn again at its own.</summary>
    private static Task WaitUntilDrawnAsync(IPage page) => page.WaitForFunctionAsync("""
        () => [...document.querySelectorAll('.chart-canvas')].every(canvas => canvas.firstElementChild.getAttribute('width') === String(Math.floor(canvas.clientWidth)))
        """);

    private static string InstrumentLabel(string? instrument) => instrument is null ? "Instrument not recorded" : Words(instrument);

    /// <summary>A study design as the explorer writes it: the designs able to attribute an effect in full, the others in words.</summary>
    private static string Design(string design) => design switch
    {
        "RCT" => "Randomised controlled trial",
        "QUASI_EXPERIMENTAL" => "Quasi-experimental comparison",
        _ => Words(design),
    };

    /// <summary>An enum code in words: OUTCOMES_PAYMENT is "Outcomes payment".</summary>
    private static string Words(string code)
    {
        var text = code.ToLowerInvariant().Replace('_', ' ');
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    private Task<IPage> OpenAsync(string path, int width = 1366, int height = 900) => ExplorerPages.OpenAsync(server, chromium, path, width, height);

    private Task AssertAccessibleAsync(IPage page, string name, string part) => ExplorerPages.AssertAccessibleAsync(page, output, name, part);

    private Task ScreenshotAsync(IPage page, string name, string part) => ExplorerPages.ScreenshotAsync(page, output, name, part);

    private static string Count(double value) => Math.Round(value, MidpointRounding.AwayFromZero).ToString("N0", CultureInfo.InvariantCulture);
}
