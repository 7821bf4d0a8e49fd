using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SocialEconomy.Tests.Export;
using SocialEconomy.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SocialEconomy.Tests.Explorer;

/// <summary>
/// The evidence-and-gap map of the whole connected graph (the curated areas and outcomes, with the INDIGO outcomes
/// partnerships and Co-operatives UK's models counted in): sub-areas folded under their area and outcomes grouped by
/// the areas they belong to; each cell's evidence and models as the API counts them, a cell whose area has evidence
/// without a finding on its outcome told apart from a gap and listing that evidence, one Tab stop with arrow keys
/// between cells, and a map that scrolls in its own box. Every expectation is the API's answer, fetched in the test.
/// </summary>
[Collection(ExplorerOpenDataCollection.Name)]
public sealed class ExplorerGapMapTests(ExplorerOpenDataServer server, ChromiumBrowser chromium, ITestOutputHelper output)
{
    private const string MapQuery = """
        { evidenceMap {
            challengeAreas { id key name parent { id } }
            outcomes { id key name challengeAreas { id } }
            gapCount
            cells { challengeArea { id } outcome { id } evidenceCount modelCount isGap evidenceWithoutFindingCount }
        } }
        """;

    [SkippableFact]
    public async Task WholeGraphMap_FoldsSubAreasAndGroupsOutcomes_AndShowsEachCellAsTheApiCountsIt()
    {
        var map = await MapAsync();
        var practice = map.Cells.Where(c => c.IsGap && c.Models > 0).ToList();
        var noFinding = map.Cells.Where(c => c.IsGap && c.WithoutFinding > 0).ToList();
        Assert.True(practice.Count > 0, "No gap of the whole-graph map has a model: the open data's outcomes partnerships are not counted.");
        Assert.True(noFinding.Count > 0, "No gap of the whole-graph map has evidence about its area without a finding on its outcome.");
        output.WriteLine($"{map.Areas.Count} areas by {map.Outcomes.Count} outcomes; {map.GapCount} gaps, {noFinding.Count} with evidence about the area, {practice.Count} with models.");

        // It opens folded: the top-level areas only, each with a fold for its sub-areas; the outcomes under their groups.
        var page = await OpenAsync("/gap-map");
        var tops = map.Areas.Where(a => a.Parent is null).ToList();
        Assert.Equal(tops.Select(a => a.Name), await page.Locator("#gap-map tbody th a").AllTextContentsAsync());
        Assert.Equal(tops.Count, await page.Locator("#gap-map tbody th button[aria-expanded=false]").CountAsync());
        var groups = Groups(map);
        Assert.True(groups.Count > 1, "The whole map's outcomes fall in one group.");
        var groupHeads = await page.Locator("#gap-map thead th.group-head").EvaluateAllAsync<string[][]>(
            "ths => ths.map(th => [th.querySelector('.group-name').textContent, th.colSpan + ''])");
        Assert.Equal(groups.Select(g => $"{g.Name} {Count(g.Outcomes.Count)}"), groupHeads.Select(g => string.Join(' ', g)));
        var columns = groups.SelectMany(g => g.Outcomes).ToList();
        Assert.Equal(columns.Select(o => o.Name), await page.Locator("#gap-map thead th.outcome-head").AllTextContentsAsync());

        // Folded into one column each, a group shows per row how many of its outcomes have evidence.
        await page.GetByRole(AriaRole.Button, new() { Name = "Fold outcome groups" }).ClickAsync();
        var first = tops[0].Id;
        Assert.Equal(
            groups.Select(g => $"{Count(g.Outcomes.Count(o => map.Cell(first, o.Id).Evidence > 0))} of {Count(g.Outcomes.Count)}"),
            await page.Locator($"#gap-map tbody tr:first-child button.summary .n").AllTextContentsAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Unfold every outcome group" }).ClickAsync();

        // Unfolded, every area and every cell, row by row: the evidence count, "no finding" with the items about the
        // area where none of them reports on the outcome, "gap" where the area has no evidence at all; the models line.
        await page.GetByRole(AriaRole.Button, new() { Name = "Unfold every sub-area" }).ClickAsync();
        Assert.Equal(map.Areas.Select(a => a.Name), await page.Locator("#gap-map tbody th a").AllTextContentsAsync());
        var shown = await page.Locator("#gap-map td.cell").EvaluateAllAsync<string[][]>("""
            cells => cells.map(td => { const a = td.querySelector('a'); return [a.dataset.area, a.dataset.outcome,
              td.querySelector('.gap') ? 'gap' : td.querySelector('.no-finding-label') ? `no finding ${td.querySelector('.others').textContent}` : td.querySelector('.n').textContent,
              td.querySelector('.models')?.textContent ?? '', td.classList.contains('no-finding') ? 'dotted' : '', td.classList.contains('practice') ? 'practice' : '']; })
            """);
        Assert.Equal(
            map.Areas.SelectMany(a => columns.Select(o => map.Cell(a.Id, o.Id))).Select(c => string.Join(' ', c.Area, c.Outcome, Shows(c), ModelsText(c.Models),
                c.IsGap && c.WithoutFinding > 0 ? "dotted" : "", c.IsGap && c.Models > 0 ? "practice" : "")),
            shown.Select(s => string.Join(' ', s)));
        Assert.Equal(map.GapCount - noFinding.Count, await page.Locator("#gap-map td.cell .gap").CountAsync());

        var caption = await page.Locator("#gap-map caption").TextContentAsync();
        Assert.Contains($"{map.GapCount} with no finding on the outcome ({noFinding.Count} where the area has other evidence, ", caption, StringComparison.Ordinal);
        Assert.Contains($"models tried in {practice.Count} of those {map.GapCount}", caption, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator(".legend li:has(.swatch.no-finding)")).ToHaveTextAsync("no finding: the area’s evidence reports none on the outcome");
        await Assertions.Expect(page.Locator(".legend li:has(.swatch.practice)")).ToHaveTextAsync("striped: models tried, no finding on the outcome");

        // A gap with models says so to a screen reader and on hover, not by its stripes alone.
        var busiestGap = practice.MaxBy(c => c.Models)!;
        var link = CellLink(page, busiestGap.Area, busiestGap.Outcome);
        Assert.Contains($"but {ModelsText(busiestGap.Models)} tried here", await link.GetAttributeAsync("title"), StringComparison.Ordinal);
        Assert.Contains($"{ModelsText(busiestGap.Models)}: ", await link.TextContentAsync(), StringComparison.Ordinal);

        await AssertIndigoModelCountedAsync(map, page);

        // The CSV has a models column and the evidence without a finding beside the evidence count, one row per cell in the API's order.
        var rows = Csv.Parse((await DownloadAsync(page, page.Locator(".page-heading [data-export=csv]"))).Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal(["challenge area", "outcome", "evidence items", "models", "evidence about the area without a finding on the outcome"], rows[0].Take(5));
        Assert.Equal(map.Cells.Select(c => $"{Count(c.Evidence)} {Count(c.Models)} {Count(c.WithoutFinding)}"), rows.Skip(1).Select(r => $"{r[2]} {r[3]} {r[4]}"));

        // However large, the map scrolls inside its box: the page is no wider than the window, and the map is one Tab stop.
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 1366);
        var box = await page.Locator(".gap-map-wrap").EvaluateAsync<int[]>("b => [b.scrollWidth, b.clientWidth, b.getBoundingClientRect().width]");
        Assert.True(box[0] > box[1] && box[2] <= 1366, $"The map's box does not hold the map: {string.Join(", ", box)}");
        Assert.Equal(1, await TabStopsInMapAsync(page));
        await AssertAccessibleAsync(page, "gap-map-whole-graph");
    }

    [SkippableFact]
    public async Task ACellWhoseAreaHasEvidenceWithoutAFindingOnItsOutcome_SaysSo_AndListsThatEvidence()
    {
        var map = await MapAsync();
        // The area the issue names, which lists evidence with no findings recorded, if it still has such a cell; else the one with most such evidence.
        var housing = map.Areas.Single(a => a.Key == "perpetrator-housing");
        var cell = map.Cells.Where(c => c.IsGap && c.WithoutFinding > 0).OrderByDescending(c => c.Area == housing.Id).ThenByDescending(c => c.WithoutFinding).First();
        var area = map.Areas.Single(a => a.Id == cell.Area);
        var outcome = map.Outcomes.Single(o => o.Id == cell.Outcome);
        var listed = (await server.DataAsync("""
            query($area: ID!, $outcome: ID!) { evidenceMap(within: $area, outcomes: [$outcome]) { cells { challengeArea { id } evidenceWithoutFinding { id title findings { outcome { id } } } } } }
            """, new { area = cell.Area, outcome = cell.Outcome }))["evidenceMap"]!["cells"]!.AsArray()
            .Single(c => c!["challengeArea"]!["id"]!.GetValue<string>() == cell.Area)!["evidenceWithoutFinding"]!.AsArray()
            .Select(e => (Id: e!["id"]!.GetValue<string>(), Title: e["title"]!.GetValue<string>(), Findings: e["findings"]!.AsArray().Count)).ToList();
        Assert.Equal(cell.WithoutFinding, listed.Count);
        output.WriteLine($"{area.Name} x {outcome.Name}: {listed.Count} items without a finding, {listed.Count(e => e.Findings == 0)} with none recorded at all.");

        // Unfold the area's parent with the mouse, as a reader would, to reach the cell.
        var page = await OpenAsync("/gap-map");
        if (area.Parent is { } parent)
        {
            await page.Locator($"#gap-map tbody th button[data-area='{parent}']").ClickAsync();
        }

        var link = CellLink(page, cell.Area, cell.Outcome);
        Assert.Equal($"no finding in {ItemsText(cell.WithoutFinding)}", await link.EvaluateAsync<string>(
            "a => `${a.querySelector('.no-finding-label').textContent} ${a.querySelector('.others').textContent}`"));
        Assert.Contains($"{area.Name} and {outcome.Name}: no finding on this outcome in the {Count(cell.WithoutFinding)} evidence item",
            await link.GetAttributeAsync("title"), StringComparison.Ordinal);
        Assert.Contains("no-finding", await link.EvaluateAsync<string>("a => a.parentElement.className"), StringComparison.Ordinal);

        // Opened, the cell has no evidence on the outcome and lists, with links, the evidence about the area the API names.
        await link.ClickAsync();
        await page.Locator("#cell-without-finding").WaitForAsync();
        await Assertions.Expect(page.Locator("#cell-evidence .empty")).ToContainTextAsync("No evidence about this area reports a finding on this outcome");
        await Assertions.Expect(page.Locator("#cell-without-finding h2")).ToContainTextAsync($"Evidence about {area.Name} without a finding on {outcome.Name} ({Count(listed.Count)})");
        var rows = page.Locator("#cell-without-finding tbody tr");
        Assert.Equal(listed.Select(e => e.Title), await rows.Locator("th a").AllTextContentsAsync());
        Assert.Equal(listed.Select(e => $"/evidence/{Uri.EscapeDataString(e.Id)}"), await rows.Locator("th a").EvaluateAllAsync<string[]>("as => as.map(a => a.getAttribute('href'))"));
        Assert.Equal(listed.Select(e => e.Findings == 0), (await rows.Locator("td:last-child").AllTextContentsAsync()).Select(t => t == "none recorded"));
        await AssertAccessibleAsync(page, "gap-map-no-finding-cell");
    }

    [SkippableFact]
    public async Task Keyboard_TabReachesTheMapOnce_ArrowsMoveBetweenCellsAndHeaders_AndEnterUnfoldsOrOpens()
    {
        var map = await MapAsync();
        var page = await OpenAsync("/gap-map");
        var tops = map.Areas.Where(a => a.Parent is null).ToList();
        var columns = Groups(map).SelectMany(g => g.Outcomes).ToList();
        string Top(int row) => tops[row].Id;

        // From the control before the map, one Tab lands on its first cell and a second leaves it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Fold outcome groups" }).FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal($"{Top(0)} {columns[0].Id}", await FocusedAsync(page));
        Assert.Equal(1, await TabStopsInMapAsync(page));
        await page.Keyboard.PressAsync("Tab");
        Assert.False(await page.EvaluateAsync<bool>("!!document.activeElement.closest('.gap-map-wrap')"), "A second Tab stayed in the map.");
        await page.Keyboard.PressAsync("Shift+Tab");
        Assert.Equal($"{Top(0)} {columns[0].Id}", await FocusedAsync(page));

        async Task PressAsync(string key, string expected)
        {
            await page.Keyboard.PressAsync(key);
            Assert.Equal(expected, await FocusedAsync(page));
        }

        // Up from a cell is its outcome's group; left of a row's first cell are its evidence status, its name and its fold.
        var group = Groups(map).First(g => g.Outcomes.Contains(columns[1]));
        await PressAsync("ArrowRight", $"{Top(0)} {columns[1].Id}");
        await PressAsync("ArrowUp", $"group {group.Key}");
        await PressAsync("ArrowUp", $"group {group.Key}");
        await PressAsync("ArrowDown", $"{Top(0)} {group.Outcomes[0].Id}");
        await PressAsync("ArrowDown", $"{Top(1)} {group.Outcomes[0].Id}");
        await PressAsync("Home", $"{Top(1)} fold");
        await PressAsync("ArrowRight", $"{Top(1)} ");
        await PressAsync("ArrowRight", $"{Top(1)} status");
        await PressAsync("ArrowLeft", $"{Top(1)} ");
        await PressAsync("ArrowLeft", $"{Top(1)} fold");
        await PressAsync("ArrowLeft", $"{Top(1)} fold");

        // Enter on a fold shows the area's sub-areas beneath it and keeps focus there; down is then the first sub-area.
        var children = map.Areas.Where(a => a.Parent == Top(1)).ToList();
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal($"{Top(1)} fold", await FocusedAsync(page));
        Assert.Equal("true", await page.EvaluateAsync<string>("document.activeElement.getAttribute('aria-expanded')"));
        Assert.Equal(tops.Count + children.Count, await page.Locator("#gap-map tbody tr").CountAsync());
        await PressAsync("ArrowDown", $"{children[0].Id} ");
        await PressAsync("End", $"{children[0].Id} {columns[^1].Id}");
        await PressAsync("ArrowRight", $"{children[0].Id} {columns[^1].Id}");
        await PressAsync("Control+End", $"{tops[^1].Id} {columns[^1].Id}");
        await PressAsync("ArrowDown", $"{tops[^1].Id} {columns[^1].Id}");
        await AssertShownWholeAsync(page);
        await PressAsync("Control+Home", $"{Top(0)} fold");
        Assert.Equal(1, await TabStopsInMapAsync(page));

        // To the top-level cell with most evidence by arrows alone; it shows beside the sticky headers, and Enter opens its list.
        var busiest = map.Cells.Where(c => tops.Any(t => t.Id == c.Area)).MaxBy(c => c.Evidence)!;
        var row = tops.FindIndex(a => a.Id == busiest.Area);
        var column = columns.FindIndex(o => o.Id == busiest.Outcome);
        for (var i = 0; i < row; i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        // Below the unfolded area its sub-areas come first; then from the row's start past its fold, name and evidence status, and along the outcomes.
        for (var i = 0; i < (row > 1 ? children.Count : 0); i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        await PressAsync("Home", $"{Top(row)} fold");
        for (var i = 0; i < column + 3; i++)
        {
            await page.Keyboard.PressAsync("ArrowRight");
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

        // Back into the map, the keyboard returns to the open cell, which shows; the area unfolded before stays so; still one Tab stop.
        await page.Keyboard.PressAsync("Shift+Tab");
        Assert.Equal($"{busiest.Area} {busiest.Outcome}", await FocusedAsync(page));
        Assert.Equal("true", await page.EvaluateAsync<string>("document.activeElement.getAttribute('aria-current')"));
        Assert.Equal(tops.Count + children.Count, await page.Locator("#gap-map tbody tr").CountAsync());
        await AssertShownWholeAsync(page);
        Assert.Equal(1, await TabStopsInMapAsync(page));
        await AssertAccessibleAsync(page, "gap-map-keyboard-open-cell");
    }

    [SkippableFact]
    public async Task OnAPhone_ThePageDoesNotScrollSideways_TheMapScrollsInItsOwnBox()
    {
        var map = await MapAsync();
        var page = await OpenAsync("/gap-map", 390, 844);
        Assert.Equal(map.Areas.Count(a => a.Parent is null) * map.Outcomes.Count, await page.Locator("#gap-map td.cell").CountAsync());
        var pageWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        var wide = await page.EvaluateAsync<string[]>("""
            [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391 && !e.parentElement?.closest('.gap-map-wrap'))
              .slice(0, 5).map(e => e.tagName + '.' + e.className)
            """);
        Assert.True(pageWidth <= 390, $"The page is {pageWidth}px wide on a 390px screen: {string.Join(", ", wide)}");

        var box = page.Locator(".gap-map-wrap");
        var sizes = await box.EvaluateAsync<int[]>("b => [b.scrollWidth, b.clientWidth, b.scrollHeight, b.clientHeight]");
        Assert.True(sizes[0] > sizes[1] && sizes[2] > sizes[3], $"The map's box does not scroll both ways: {string.Join(", ", sizes)}");

        // Scrolled right and down, the row headers and both rows of column headers stay at the box's edges, the outcomes' just below their groups'.
        var before = await EdgesAsync(box);
        var scrolled = await box.EvaluateAsync<int[]>("b => { b.scrollLeft = 400; b.scrollTop = 300; return [b.scrollLeft, b.scrollTop]; }");
        Assert.True(scrolled[0] > 0 && scrolled[1] > 0, "The map's box did not scroll.");
        var after = await EdgesAsync(box);
        Assert.Equal(before.BoxLeft, after.RowHeadLeft, 1.0);
        Assert.Equal(before.BoxTop, after.GroupHeadTop, 1.0);
        Assert.Equal(after.GroupHeadBottom, after.OutcomeHeadTop, 1.0);
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
            [.. list.AsArray().Select(n => new Header(n!["id"]!.GetValue<string>(), n["key"]!.GetValue<string>(), n["name"]!.GetValue<string>(),
                n["parent"]?["id"]?.GetValue<string>(), [.. n["challengeAreas"]?.AsArray().Select(a => a!["id"]!.GetValue<string>()) ?? []]))];
        return new MapData(Headers(map["challengeAreas"]!), Headers(map["outcomes"]!), map["gapCount"]!.GetValue<int>(),
            [.. map["cells"]!.AsArray().Select(c => new MapCell(c!["challengeArea"]!["id"]!.GetValue<string>(), c["outcome"]!["id"]!.GetValue<string>(),
                c["evidenceCount"]!.GetValue<int>(), c["modelCount"]!.GetValue<int>(), c["isGap"]!.GetValue<bool>(), c["evidenceWithoutFindingCount"]!.GetValue<int>()))]);
    }

    /// <summary>
    /// The whole map's groups of outcomes, as the page is to draw them: by the top-level area of the areas each outcome
    /// belongs to, in the rows' order; an outcome of several top-level areas goes with those across areas, one of none last.
    /// </summary>
    private static List<OutcomeGroup> Groups(MapData map)
    {
        var parentOf = map.Areas.ToDictionary(a => a.Id, a => a.Parent);
        string Top(string area) => parentOf[area] is { } parent ? Top(parent) : area;
        var tops = map.Outcomes.Select(o => (Outcome: o, Tops: o.Areas.Where(parentOf.ContainsKey).Select(Top).Distinct().ToList())).ToList();
        return [
            .. map.Areas.Where(a => a.Parent is null)
                .Select(a => new OutcomeGroup(a.Id, a.Name, [.. tops.Where(t => t.Tops is [var only] && only == a.Id).Select(t => t.Outcome)]))
                .Where(g => g.Outcomes.Count > 0),
            .. new[] { new OutcomeGroup("across", "Across several areas", [.. tops.Where(t => t.Tops.Count > 1).Select(t => t.Outcome)]),
                new OutcomeGroup("elsewhere", "In no area", [.. tops.Where(t => t.Tops.Count == 0).Select(t => t.Outcome)]) }.Where(g => g.Outcomes.Count > 0),
        ];
    }

    private Task<IPage> OpenAsync(string path, int width = 1366, int height = 900) =>
        ExplorerPages.OpenAsync(server, chromium, path, width, height, shown: "#gap-map", timeout: 60_000);

    private static ILocator CellLink(IPage page, string area, string outcome) =>
        page.Locator($"#gap-map a[data-area='{area}'][data-outcome='{outcome}']");

    /// <summary>
    /// The focused element's row and column: "area outcome", "area status" on a row's evidence status, "area fold" on
    /// the fold of its sub-areas, "area " on a row's name, or "group key" on the header of a group of outcomes.
    /// </summary>
    private static Task<string> FocusedAsync(IPage page) =>
        page.EvaluateAsync<string>("""
            (() => { const e = document.activeElement; if (!e.closest('#gap-map')) return `outside the map: ${e.tagName}`;
              if (e.dataset.area === undefined) return `group ${e.dataset.group}`;
              return `${e.dataset.area} ${e.dataset.outcome ?? (e.dataset.status !== undefined ? 'status' : e.dataset.fold !== undefined ? 'fold' : '')}`; })()
            """);

    /// <summary>How many elements of the map the Tab key stops at (anything with a tabindex of 0 or more: links, buttons, the box itself).</summary>
    private static Task<int> TabStopsInMapAsync(IPage page) =>
        page.EvaluateAsync<int>("[...document.querySelectorAll('.gap-map-wrap, .gap-map-wrap *')].filter(e => e.tabIndex >= 0).length");

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

    private static async Task<(double BoxLeft, double BoxTop, double RowHeadLeft, double GroupHeadTop, double GroupHeadBottom, double OutcomeHeadTop)> EdgesAsync(ILocator box)
    {
        var edges = await box.EvaluateAsync<double[]>("""
            b => { const r = b.getBoundingClientRect(), group = b.querySelector('thead th.group-head').getBoundingClientRect();
              return [r.left + b.clientLeft, r.top + b.clientTop, b.querySelector('tbody th').getBoundingClientRect().left, group.top, group.bottom,
                b.querySelector('thead th.outcome-head').getBoundingClientRect().top]; }
            """);
        return (edges[0], edges[1], edges[2], edges[3], edges[4], edges[5]);
    }

    private Task AssertAccessibleAsync(IPage page, string name) => ExplorerPages.AssertAccessibleAsync(page, output, name);

    private static async Task<string> DownloadAsync(IPage page, ILocator button) => (await ExplorerPages.DownloadAsync(page, button)).Text;

    /// <summary>The models line of a cell: "1 model", "3 models", nothing without models.</summary>
    private static string ModelsText(int models) => models switch { 0 => "", 1 => "1 model", _ => $"{Count(models)} models" };

    /// <summary>"1 item", "15 items".</summary>
    private static string ItemsText(int items) => items == 1 ? "1 item" : $"{Count(items)} items";

    /// <summary>What a cell shows first: its evidence count, "no finding in N items" where only its area has evidence, or "gap".</summary>
    private static string Shows(MapCell cell) => !cell.IsGap ? Count(cell.Evidence) : cell.WithoutFinding > 0 ? $"no finding in {ItemsText(cell.WithoutFinding)}" : "gap";

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A row or column of the map: an area with its parent, or an outcome with the areas it belongs to.</summary>
    private sealed record Header(string Id, string Key, string Name, string? Parent, List<string> Areas);

    private sealed record MapCell(string Area, string Outcome, int Evidence, int Models, bool IsGap, int WithoutFinding);

    private sealed record OutcomeGroup(string Key, string Name, List<Header> Outcomes);

    private sealed record MapData(List<Header> Areas, List<Header> Outcomes, int GapCount, List<MapCell> Cells)
    {
        private readonly Dictionary<(string, string), MapCell> _cells = Cells.ToDictionary(c => (c.Area, c.Outcome));

        public MapCell Cell(string area, string outcome) => _cells[(area, outcome)];
    }
}
