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
/// with no finding recorded on any outcome ("not recorded") told apart from a gap and listing that evidence, one Tab stop with arrow keys
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
        var notRecorded = map.Cells.Where(c => c.IsGap && c.WithoutFinding > 0).ToList();
        var gaps = map.Cells.Count(c => c.IsGap && c.WithoutFinding == 0);
        // All three kinds of cell: every area of this store has evidence, so a real gap is one whose area's evidence all reports elsewhere.
        Assert.True(map.Cells.Any(c => !c.IsGap), "No cell of the whole-graph map has evidence.");
        Assert.True(notRecorded.Count > 0, "No gap of the whole-graph map has evidence about its area with no findings recorded.");
        Assert.True(gaps > 0, "Every gap of the whole-graph map has evidence without findings about its area: no real gap shows.");
        Assert.True(practice.Count > 0, "No gap of the whole-graph map has a model: the open data's outcomes partnerships are not counted.");
        output.WriteLine($"{map.Areas.Count} areas by {map.Outcomes.Count} outcomes; {map.GapCount} without a finding, {notRecorded.Count} of them not recorded, {gaps} gaps, {practice.Count} with models.");

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

        // Unfolded, every area and every cell, row by row: the evidence count, "not recorded" with the items about the
        // area that record no finding at all, "gap" where there are none of either; the models line.
        await page.GetByRole(AriaRole.Button, new() { Name = "Unfold every sub-area" }).ClickAsync();
        Assert.Equal(map.Areas.Select(a => a.Name), await page.Locator("#gap-map tbody th a").AllTextContentsAsync());
        var shown = await page.Locator("#gap-map td.cell").EvaluateAllAsync<string[][]>("""
            cells => cells.map(td => { const a = td.querySelector('a'); return [a.dataset.area, a.dataset.outcome,
              td.querySelector('.gap') ? 'gap' : td.querySelector('.no-finding-label') ? `${td.querySelector('.no-finding-label').textContent} ${td.querySelector('.others').textContent}` : td.querySelector('.n').textContent,
              td.querySelector('.models')?.textContent ?? '', td.classList.contains('no-finding') ? 'dotted' : '', td.classList.contains('practice') ? 'practice' : '']; })
            """);
        Assert.Equal(
            map.Areas.SelectMany(a => columns.Select(o => map.Cell(a.Id, o.Id))).Select(c => string.Join(' ', c.Area, c.Outcome, Shows(c), ModelsText(c.Models),
                c.IsGap && c.WithoutFinding > 0 ? "dotted" : "", c.IsGap && c.Models > 0 ? "practice" : "")),
            shown.Select(s => string.Join(' ', s)));
        Assert.Equal(gaps, await page.Locator("#gap-map td.cell .gap").CountAsync());
        Assert.Equal(notRecorded.Count, await page.Locator("#gap-map td.cell.no-finding").CountAsync());

        var caption = await page.Locator("#gap-map caption").TextContentAsync();
        Assert.Contains($"{Grouped(map.Cells.Count(c => !c.IsGap))} cells with evidence; {Grouped(map.GapCount)} with no finding on the outcome: "
            + $"{Grouped(notRecorded.Count)} where findings are not recorded (the area has evidence without any), {Grouped(gaps)} gap", caption, StringComparison.Ordinal);
        Assert.Contains($"models tried in {Grouped(practice.Count)} of those {Grouped(map.GapCount)}", caption, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator(".legend li:has(.swatch.no-finding)"))
            .ToHaveTextAsync("findings not recorded: the area has evidence whose findings are not recorded; it may cover this outcome");
        await Assertions.Expect(page.Locator(".legend li:has(.swatch.shade-0:not(.no-finding):not(.practice))"))
            .ToHaveTextAsync("gap: no evidence about the area reports on the outcome");
        await Assertions.Expect(page.Locator(".legend li:has(.swatch.practice)")).ToHaveTextAsync("striped: models tried, no finding on the outcome");

        // A gap with models says so to a screen reader and on hover, not by its stripes alone.
        var busiestGap = practice.MaxBy(c => c.Models)!;
        var link = CellLink(page, busiestGap.Area, busiestGap.Outcome);
        Assert.Contains($"but {ModelsText(busiestGap.Models)} tried here", await link.GetAttributeAsync("title"), StringComparison.Ordinal);
        Assert.Contains($"{ModelsText(busiestGap.Models)}: ", await link.TextContentAsync(), StringComparison.Ordinal);

        await AssertIndigoModelCountedAsync(map, page);

        // The CSV has a models column and the evidence without findings beside the evidence count, one row per cell in the API's order.
        var rows = Csv.Parse((await DownloadAsync(page, page.Locator(".page-heading [data-export=csv]"))).Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal(["challenge area", "outcome", "evidence items", "models", "evidence about the area with no findings recorded"], rows[0].Take(5));
        Assert.Equal(map.Cells.Select(c => $"{Count(c.Evidence)} {Count(c.Models)} {Count(c.WithoutFinding)}"), rows.Skip(1).Select(r => $"{r[2]} {r[3]} {r[4]}"));

        // However large, the map scrolls inside its box: the page is no wider than the window, and the map is one Tab stop.
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 1366);
        var box = await page.Locator(".gap-map-wrap").EvaluateAsync<int[]>("b => [b.scrollWidth, b.clientWidth, b.getBoundingClientRect().width]");
        Assert.True(box[0] > box[1] && box[2] <= 1366, $"The map's box does not hold the map: {string.Join(", ", box)}");
        Assert.Equal(1, await TabStopsInMapAsync(page));
        await AssertAccessibleAsync(page, "gap-map-whole-graph");
    }

    [SkippableFact]
    public async Task TheIssuesArea_ItsGapsSayFindingsNotRecorded_AndOpenedListTheEvidenceWithoutFindings()
    {
        var map = await MapAsync();
        // The area the issue names: its Restart and Sanctuary evidence, and every item about it, with the findings each records, from the API.
        var housing = map.Areas.Single(a => a.Key == "perpetrator-housing");
        Assert.Null(map.Areas.FirstOrDefault(a => a.Parent == housing.Id));
        var about = (await server.DataAsync("""
            query($id: ID!) { node(id: $id) { ... on ChallengeArea { evidence { id key title rating { level } summary findings { outcome { id } } } } } }
            """, new { id = housing.Id }))["node"]!["evidence"]!.AsArray()
            .Select(e => (Id: e!["id"]!.GetValue<string>(), Key: e["key"]!.GetValue<string>(), Title: e["title"]!.GetValue<string>(), Level: e["rating"]?["level"]?.GetValue<int>() ?? 0,
                Summary: e["summary"]?.GetValue<string>() ?? "", Findings: e["findings"]!.AsArray().Count)).ToList();
        var named = about.Where(e => e.Key.Contains("restart", StringComparison.Ordinal) || e.Key.Contains("sanctuary", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, named.Count);
        var withoutFindings = about.Where(e => e.Findings == 0).OrderByDescending(e => e.Level).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(withoutFindings);
        output.WriteLine($"{housing.Name}: {about.Count} items, {withoutFindings.Count} with no findings; "
            + string.Join("; ", named.Select(e => $"{e.Title}: {e.Findings} findings")));

        // Every gap of its row says so, with the number of items without findings; the API agrees.
        var row = map.Cells.Where(c => c.Area == housing.Id).ToList();
        Assert.All(row, c => Assert.Equal(withoutFindings.Count, c.WithoutFinding));
        var gapsInRow = row.Where(c => c.IsGap).ToList();
        Assert.NotEmpty(gapsInRow);
        var page = await OpenAsync("/gap-map");
        await page.Locator($"#gap-map tbody th button[data-area='{housing.Parent}']").ClickAsync();
        var labels = await page.Locator($"#gap-map tbody tr:has(th a[data-area='{housing.Id}']) td.cell").EvaluateAllAsync<string[]>("""
            tds => tds.filter(td => !td.querySelector('.n')).map(td => `${td.className.includes('no-finding')} ${td.querySelector('.no-finding-label')?.textContent} ${td.querySelector('.others')?.textContent}`)
            """);
        Assert.Equal(gapsInRow.Select(_ => $"true not recorded {ItemsText(withoutFindings.Count)}"), labels);

        var cell = gapsInRow[0];
        var outcome = map.Outcomes.Single(o => o.Id == cell.Outcome);
        var link = CellLink(page, cell.Area, cell.Outcome);
        Assert.Contains($"{housing.Name} and {outcome.Name}: findings not recorded: {Count(withoutFindings.Count)} evidence item",
            await link.GetAttributeAsync("title"), StringComparison.Ordinal);

        // Opened, the cell has no evidence on the outcome and links exactly the area's items without findings, Restart or Sanctuary among them
        // where it records none; each with the last sentence of its summary, which says why.
        await link.ClickAsync();
        await page.Locator("#cell-without-finding").WaitForAsync();
        await Assertions.Expect(page.Locator("#cell-evidence .empty")).ToContainTextAsync("its findings are not recorded");
        await Assertions.Expect(page.Locator("#cell-without-finding h2")).ToContainTextAsync($"Evidence about {housing.Name} with no findings recorded ({Count(withoutFindings.Count)})");
        var rows = page.Locator("#cell-without-finding tbody tr");
        Assert.Equal(withoutFindings.Select(e => e.Title), await rows.Locator("th a").AllTextContentsAsync());
        Assert.Equal(withoutFindings.Select(e => $"/evidence/{Uri.EscapeDataString(e.Id)}"),
            await rows.Locator("th a").EvaluateAllAsync<string[]>("as => as.map(a => a.getAttribute('href'))"));
        foreach (var item in named)
        {
            Assert.Equal(item.Findings == 0, withoutFindings.Any(e => e.Id == item.Id));
        }

        var reasons = await rows.Locator(".why-none").AllTextContentsAsync();
        Assert.All(withoutFindings.Zip(reasons), pair => Assert.EndsWith(pair.Second, pair.First.Summary, StringComparison.Ordinal));
        Assert.All(reasons, reason => Assert.NotEmpty(reason));
        await AssertAccessibleAsync(page, "gap-map-not-recorded-cell");

        // On a phone, the open cell's list fits the screen.
        page = await OpenAsync($"/gap-map?area={Uri.EscapeDataString(cell.Area)}&outcome={Uri.EscapeDataString(cell.Outcome)}", 390, 844);
        await page.Locator("#cell-without-finding").WaitForAsync();
        await page.Locator("#cell-without-finding").ScrollIntoViewIfNeededAsync();
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390);
        await ExplorerPages.ScreenshotAsync(page, output, "gap-map-not-recorded-cell-phone");
        await ExplorerPages.ScreenshotAsync(page, output, "gap-map-not-recorded-cell-phone-list", ".cell-sections");
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

    /// <summary>What a cell shows first: its evidence count, "not recorded" over "N items" where its area has evidence with no findings recorded, or "gap".</summary>
    private static string Shows(MapCell cell) => !cell.IsGap ? Count(cell.Evidence) : cell.WithoutFinding > 0 ? $"not recorded {ItemsText(cell.WithoutFinding)}" : "gap";

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A number as the page writes it in sentences, thousands grouped as en-GB does: "1,234".</summary>
    private static string Grouped(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

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
