using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SocialEconomy.Tests.Export;
using SocialEconomy.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SocialEconomy.Tests.Explorer;

/// <summary>
/// The evidence-and-gap map of the whole connected graph (the curated areas and outcomes, with the INDIGO outcomes
/// partnerships and Co-operatives UK's models counted in): each cell's evidence and models as the API counts them, the
/// gaps where models are tried without evidence marked apart, one Tab stop with arrow keys between cells, and a map
/// that scrolls in its own box on a phone. Every expectation is the API's answer, fetched in the test.
/// </summary>
[Collection(ExplorerOpenDataCollection.Name)]
public sealed class ExplorerGapMapTests(ExplorerOpenDataServer server, ChromiumBrowser chromium, ITestOutputHelper output)
{
    private const string MapQuery = """
        { evidenceMap {
            challengeAreas { id key name }
            outcomes { id key name }
            gapCount
            cells { challengeArea { id } outcome { id } evidenceCount modelCount isGap }
        } }
        """;

    [SkippableFact]
    public async Task WholeGraphMap_ShowsEachCellsEvidenceAndModels_AndMarksTheGapsWhereModelsAreTried()
    {
        var map = await MapAsync();
        var practice = map.Cells.Where(c => c.IsGap && c.Models > 0).ToList();
        Assert.True(practice.Count > 0, "No gap of the whole-graph map has a model: the open data's outcomes partnerships are not counted.");
        output.WriteLine($"{map.Areas.Count} areas by {map.Outcomes.Count} outcomes; {map.GapCount} gaps, {practice.Count} of them with models.");

        var page = await OpenAsync("/gap-map");
        Assert.Equal(map.Areas.Select(a => a.Name), await page.Locator("#gap-map tbody th").AllTextContentsAsync());
        Assert.Equal(map.Outcomes.Select(o => o.Name), await page.Locator("#gap-map thead th.outcome-head").AllTextContentsAsync());

        // What each cell shows, row by row: the evidence count (a gap shows none) and the models line.
        var shown = await page.Locator("#gap-map td.cell").EvaluateAllAsync<string[][]>("""
            cells => cells.map(td => { const a = td.querySelector('a'); return [a.dataset.area, a.dataset.outcome,
              td.querySelector('.gap') ? 'gap' : td.querySelector('.n').textContent, td.querySelector('.models')?.textContent ?? '',
              td.classList.contains('practice') ? 'practice' : '']; })
            """);
        Assert.Equal(
            map.Cells.Select(c => $"{c.Area} {c.Outcome} {(c.IsGap ? "gap" : Count(c.Evidence))} {ModelsText(c.Models)} {(c.IsGap && c.Models > 0 ? "practice" : "")}"),
            shown.Select(s => string.Join(' ', s)));
        Assert.Equal(map.GapCount, await page.Locator("#gap-map td.cell .gap").CountAsync());

        var caption = await page.Locator("#gap-map caption").TextContentAsync();
        Assert.Contains($"{map.GapCount} gaps, of which {practice.Count} with models tried but no evidence", caption, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator(".legend li:has(.swatch.practice)")).ToHaveTextAsync("gap, but practice: models, no evidence");

        // A gap with models says so to a screen reader and on hover, not by its stripes alone.
        var busiestGap = practice.MaxBy(c => c.Models)!;
        var link = CellLink(page, busiestGap.Area, busiestGap.Outcome);
        Assert.Contains($"no evidence, a gap, but {ModelsText(busiestGap.Models)} tried here", await link.GetAttributeAsync("title"), StringComparison.Ordinal);
        Assert.Contains($"gap{ModelsText(busiestGap.Models)}: ", await link.TextContentAsync(), StringComparison.Ordinal);

        await AssertIndigoModelCountedAsync(map, page);

        // The CSV has a models column beside the evidence count, one row per cell in the map's order.
        var rows = Csv.Parse((await DownloadAsync(page, page.Locator(".page-heading [data-export=csv]"))).Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal(["challenge area", "outcome", "evidence items", "models"], rows[0].Take(4));
        Assert.Equal(map.Cells.Select(c => $"{Count(c.Evidence)} {Count(c.Models)}"), rows.Skip(1).Select(r => $"{r[2]} {r[3]}"));

        await AssertAccessibleAsync(page, "gap-map-whole-graph");
    }

    [SkippableFact]
    public async Task Keyboard_TabReachesTheMapOnce_ArrowsMoveBetweenCells_AndEnterOpensACell()
    {
        var map = await MapAsync();
        var page = await OpenAsync("/gap-map");
        string First(int row) => map.Areas[row].Id;

        // From the control before the map, one Tab lands on its first cell and a second leaves it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Show map" }).FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal($"{First(0)} {map.Outcomes[0].Id}", await FocusedAsync(page));
        Assert.Equal(1, await TabStopsInMapAsync(page));
        await page.Keyboard.PressAsync("Tab");
        Assert.False(await page.EvaluateAsync<bool>("!!document.activeElement.closest('.gap-map-wrap')"), "A second Tab stayed in the map.");
        await page.Keyboard.PressAsync("Shift+Tab");
        Assert.Equal($"{First(0)} {map.Outcomes[0].Id}", await FocusedAsync(page));

        // The arrow keys move to the neighbouring cell; left of the first cell is the row's evidence status, then its header; Home and End go to the row's ends.
        async Task PressAsync(string key, string expected)
        {
            await page.Keyboard.PressAsync(key);
            Assert.Equal(expected, await FocusedAsync(page));
        }

        await PressAsync("ArrowRight", $"{First(0)} {map.Outcomes[1].Id}");
        await PressAsync("ArrowDown", $"{First(1)} {map.Outcomes[1].Id}");
        await PressAsync("ArrowLeft", $"{First(1)} {map.Outcomes[0].Id}");
        await PressAsync("ArrowLeft", $"{First(1)} status");
        await PressAsync("ArrowLeft", $"{First(1)} ");
        await PressAsync("ArrowLeft", $"{First(1)} ");
        await PressAsync("ArrowUp", $"{First(0)} ");
        await PressAsync("ArrowUp", $"{First(0)} ");
        await PressAsync("End", $"{First(0)} {map.Outcomes[^1].Id}");
        await PressAsync("ArrowRight", $"{First(0)} {map.Outcomes[^1].Id}");
        await PressAsync("Home", $"{First(0)} ");
        await PressAsync("Control+End", $"{map.Areas[^1].Id} {map.Outcomes[^1].Id}");
        await PressAsync("ArrowDown", $"{map.Areas[^1].Id} {map.Outcomes[^1].Id}");
        await AssertShownWholeAsync(page);
        await PressAsync("Control+Home", $"{First(0)} ");
        Assert.Equal(1, await TabStopsInMapAsync(page));

        // To the cell with most evidence by arrows alone; it shows beside the sticky headers, and Enter opens its list.
        var busiest = map.Cells.MaxBy(c => c.Evidence)!;
        var row = map.Areas.FindIndex(a => a.Id == busiest.Area);
        var column = map.Outcomes.FindIndex(o => o.Id == busiest.Outcome);
        for (var i = 0; i <= column + 1; i++)
        {
            await page.Keyboard.PressAsync("ArrowRight");
        }

        for (var i = 0; i < row; i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        Assert.Equal($"{busiest.Area} {busiest.Outcome}", await FocusedAsync(page));
        await AssertShownWholeAsync(page);
        var titles = (await server.DataAsync("""
            query($area: ID!, $outcome: ID!) { evidenceMap(within: $area, outcomes: [$outcome]) { cells { challengeArea { id } evidence { title } } } }
            """, new { area = busiest.Area, outcome = busiest.Outcome }))["evidenceMap"]!["cells"]!.AsArray()
            .Single(c => c!["challengeArea"]!["id"]!.GetValue<string>() == busiest.Area)!["evidence"]!.AsArray().Select(e => e!["title"]!.GetValue<string>()).ToList();
        Assert.Equal(busiest.Evidence, titles.Count);
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#cell-evidence").WaitForAsync();
        Assert.Contains("outcome=", page.Url, StringComparison.Ordinal);
        Assert.Equal(titles, await page.Locator("#cell-evidence tbody th a").AllTextContentsAsync());
        Assert.Equal("cell-evidence-heading", await page.EvaluateAsync<string>("document.activeElement.id"));

        // Back into the map, the keyboard returns to the open cell, which shows; the map is still one Tab stop.
        await page.Keyboard.PressAsync("Shift+Tab");
        Assert.Equal($"{busiest.Area} {busiest.Outcome}", await FocusedAsync(page));
        Assert.Equal("true", await page.EvaluateAsync<string>("document.activeElement.getAttribute('aria-current')"));
        await AssertShownWholeAsync(page);
        Assert.Equal(1, await TabStopsInMapAsync(page));
        await AssertAccessibleAsync(page, "gap-map-keyboard-open-cell");
    }

    [SkippableFact]
    public async Task OnAPhone_ThePageDoesNotScrollSideways_TheMapScrollsInItsOwnBox()
    {
        var map = await MapAsync();
        var page = await OpenAsync("/gap-map", 390, 844);
        Assert.Equal(map.Cells.Count, await page.Locator("#gap-map td.cell").CountAsync());
        var pageWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        var wide = await page.EvaluateAsync<string[]>("""
            [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391 && !e.parentElement?.closest('.gap-map-wrap'))
              .slice(0, 5).map(e => e.tagName + '.' + e.className)
            """);
        Assert.True(pageWidth <= 390, $"The page is {pageWidth}px wide on a 390px screen: {string.Join(", ", wide)}");

        var box = page.Locator(".gap-map-wrap");
        var sizes = await box.EvaluateAsync<int[]>("b => [b.scrollWidth, b.clientWidth, b.scrollHeight, b.clientHeight]");
        Assert.True(sizes[0] > sizes[1] && sizes[2] > sizes[3], $"The map's box does not scroll both ways: {string.Join(", ", sizes)}");

        // Scrolled right and down, the row headers and the column headers stay at the box's edges.
        var before = await EdgesAsync(box);
        var scrolled = await box.EvaluateAsync<int[]>("b => { b.scrollLeft = 400; b.scrollTop = 300; return [b.scrollLeft, b.scrollTop]; }");
        Assert.True(scrolled[0] > 0 && scrolled[1] > 0, "The map's box did not scroll.");
        var after = await EdgesAsync(box);
        Assert.Equal(before.BoxLeft, after.RowHeadLeft, 1.0);
        Assert.Equal(before.BoxTop, after.ColumnHeadTop, 1.0);
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390);
        await box.EvaluateAsync("b => { b.scrollLeft = 0; b.scrollTop = 0; }");
        await AssertAccessibleAsync(page, "gap-map-phone");
    }

    /// <summary>
    /// An INDIGO outcomes partnership is counted: for one of its area-and-outcome pairs that is a cell of the map,
    /// the API's models of that area (or beneath it) aiming at that outcome include it and number the cell's
    /// modelCount, and the page shows that count.
    /// </summary>
    private async Task AssertIndigoModelCountedAsync(MapData map, IPage page)
    {
        var indigo = (await server.DataAsync("""
            { models(where: { origin: { eq: "indigo" } }, first: 200) { totalCount nodes { name challengeAreas { key } outcomes { key } } } }
            """))["models"]!;
        var areas = map.Areas.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        var outcomes = map.Outcomes.Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        var pair = indigo["nodes"]!.AsArray()
            .SelectMany(m => m!["challengeAreas"]!.AsArray().SelectMany(a => m["outcomes"]!.AsArray().Select(o => (
                Model: m["name"]!.GetValue<string>(), Area: a!["key"]!.GetValue<string>(), Outcome: o!["key"]!.GetValue<string>()))))
            .FirstOrDefault(p => areas.Contains(p.Area) && outcomes.Contains(p.Outcome));
        Assert.True(pair.Model is not null, $"None of the {indigo["totalCount"]} INDIGO models addresses an area of the map and aims at one of its outcomes.");

        const string CountQuery = """
            query($area: String!, $outcome: String!, $origin: [String!]) {
              models(where: { origin: { in: $origin }, challengeAreas: { some: { within: { key: { eq: $area } } } }, outcomes: { some: { key: { eq: $outcome } } } }, first: 1) { totalCount }
            }
            """;
        var everyOrigin = await server.DataAsync(CountQuery, new { area = pair.Area, outcome = pair.Outcome, origin = new[] { "seed", "indigo", "coops-uk" } });
        var fromIndigo = await server.DataAsync(CountQuery, new { area = pair.Area, outcome = pair.Outcome, origin = new[] { "indigo" } });
        var cell = map.Cells.Single(c => c.Area == map.Areas.Single(a => a.Key == pair.Area).Id && c.Outcome == map.Outcomes.Single(o => o.Key == pair.Outcome).Id);
        output.WriteLine($"{pair.Model}: {pair.Area} x {pair.Outcome}, {cell.Models} models, {fromIndigo["models"]!["totalCount"]} from INDIGO.");
        Assert.True(fromIndigo["models"]!["totalCount"]!.GetValue<int>() > 0);
        Assert.Equal(everyOrigin["models"]!["totalCount"]!.GetValue<int>(), cell.Models);
        Assert.Equal(ModelsText(cell.Models), await CellLink(page, cell.Area, cell.Outcome).Locator(".models").TextContentAsync());
    }

    private async Task<MapData> MapAsync()
    {
        server.SkipIfUnavailable();
        var map = (await server.DataAsync(MapQuery))["evidenceMap"]!;
        static List<Header> Headers(JsonNode list) =>
            [.. list.AsArray().Select(n => new Header(n!["id"]!.GetValue<string>(), n["key"]!.GetValue<string>(), n["name"]!.GetValue<string>()))];
        return new MapData(Headers(map["challengeAreas"]!), Headers(map["outcomes"]!), map["gapCount"]!.GetValue<int>(),
            [.. map["cells"]!.AsArray().Select(c => new MapCell(c!["challengeArea"]!["id"]!.GetValue<string>(), c["outcome"]!["id"]!.GetValue<string>(),
                c["evidenceCount"]!.GetValue<int>(), c["modelCount"]!.GetValue<int>(), c["isGap"]!.GetValue<bool>()))]);
    }

    private Task<IPage> OpenAsync(string path, int width = 1366, int height = 900) =>
        ExplorerPages.OpenAsync(server, chromium, path, width, height, shown: "#gap-map", timeout: 60_000);

    private static ILocator CellLink(IPage page, string area, string outcome) =>
        page.Locator($"#gap-map a[data-area='{area}'][data-outcome='{outcome}']");

    /// <summary>The focused element's row and column: "area outcome", "area status" on a row's evidence status, or "area " on a row's header.</summary>
    private static Task<string> FocusedAsync(IPage page) =>
        page.EvaluateAsync<string>("""
            (() => { const e = document.activeElement; return e.closest('#gap-map')
              ? `${e.dataset.area} ${e.dataset.outcome ?? (e.dataset.status !== undefined ? 'status' : '')}` : `outside the map: ${e.tagName}`; })()
            """);

    /// <summary>How many elements of the map the Tab key stops at.</summary>
    private static Task<int> TabStopsInMapAsync(IPage page) =>
        page.EvaluateAsync<int>("[...document.querySelectorAll('.gap-map-wrap, .gap-map-wrap a, .gap-map-wrap [tabindex]')].filter(e => e.tabIndex >= 0).length");

    /// <summary>The focused cell shows whole in the map's box, not under its sticky headers: its centre is the cell itself.</summary>
    private static async Task AssertShownWholeAsync(IPage page)
    {
        var hit = await page.EvaluateAsync<bool>("""
            (() => { const a = document.activeElement, r = a.getBoundingClientRect(), box = a.closest('.gap-map-wrap').getBoundingClientRect();
              const inside = r.left >= box.left && r.right <= box.right + 1 && r.top >= box.top && r.bottom <= box.bottom + 1;
              return inside && a.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)); })()
            """);
        Assert.True(hit, $"The focused cell {await FocusedAsync(page)} is out of sight or under the map's headers.");
    }

    private static async Task<(double BoxLeft, double BoxTop, double RowHeadLeft, double ColumnHeadTop)> EdgesAsync(ILocator box)
    {
        var edges = await box.EvaluateAsync<double[]>("""
            b => { const r = b.getBoundingClientRect(); return [r.left + b.clientLeft, r.top + b.clientTop,
              b.querySelector('tbody th').getBoundingClientRect().left, b.querySelector('thead th.outcome-head').getBoundingClientRect().top]; }
            """);
        return (edges[0], edges[1], edges[2], edges[3]);
    }

    private Task AssertAccessibleAsync(IPage page, string name) => ExplorerPages.AssertAccessibleAsync(page, output, name);

    private static async Task<string> DownloadAsync(IPage page, ILocator button) => (await ExplorerPages.DownloadAsync(page, button)).Text;

    /// <summary>The models line of a cell: "1 model", "3 models", nothing without models.</summary>
    private static string ModelsText(int models) => models switch { 0 => "", 1 => "1 model", _ => $"{Count(models)} models" };

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record Header(string Id, string Key, string Name);

    private sealed record MapCell(string Area, string Outcome, int Evidence, int Models, bool IsGap);

    private sealed record MapData(List<Header> Areas, List<Header> Outcomes, int GapCount, List<MapCell> Cells);
}
