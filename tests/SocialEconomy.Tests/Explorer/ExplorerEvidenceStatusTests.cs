using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SocialEconomy.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SocialEconomy.Tests.Explorer;

/// <summary>
/// How much evidence each challenge area has, as the explorer shows it on the seed data: the area page's "Evidence
/// status" with its counts by study design, rating and verdict in words, the curated statement with its sources where
/// the evidence is thin, or a plain line where the graph holds little; the gap map's evidence status beside each row;
/// and study designs in the same words on the gap map and the search page as on the model page. Every expectation is
/// the API's answer, fetched in the test.
/// </summary>
public sealed class ExplorerEvidenceStatusTests(ExplorerApiServer server, ChromiumBrowser chromium, ITestOutputHelper output)
    : IClassFixture<ExplorerApiServer>, IClassFixture<ChromiumBrowser>
{
    private const int PhoneWidth = 390;

    /// <summary>At most this many items, and no statement, and the page says the graph holds little evidence (entities/evidenceStatus.ts).</summary>
    private const int FewItems = 3;

    private const string StatusFields = """
        evidenceCount byDesign { design count } byRating { scale level count } modelCount modelsByVerdict { verdict count }
        statement statementSources { id title url }
        """;

    private static readonly string[] StrongDesigns = ["RCT", "SYSTEMATIC_REVIEW"];

    [SkippableFact]
    public async Task LeavingCarePage_ShowsTheApisStatement_LinksExactlyItsSources_AndCountsByDesignRatingAndVerdict()
    {
        var area = await AreaAsync("leaving-care");
        var status = area["evidenceStatus"]!;
        Assert.True(status["statement"] is not null, "The seed's leaving-care area has no curated statement; the test reads one.");
        var sources = status["statementSources"]!.AsArray();
        Assert.NotEmpty(sources);

        var page = await OpenAsync(AreaPath(area));
        await AssertStatusShownAsync(page, status);
        var statement = page.Locator("#evidence-status .status-statement");
        Assert.Equal(status["statement"]!.GetValue<string>(), await statement.Locator("blockquote").TextContentAsync());

        // Exactly the statement's sources, each to its own address (or its page without one), named by its title.
        var links = await statement.Locator("a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href') + ' | ' + a.firstChild.textContent)");
        Assert.Equal(sources.Select(s => $"{s!["url"]?.GetValue<string>() ?? $"/source/{Uri.EscapeDataString(s["id"]!.GetValue<string>())}"} | {s["title"]}"), links);

        // The statement sits near the top: right after the key facts.
        Assert.Equal("evidence-status", await page.Locator("section[aria-labelledby=facts-heading] + section").GetAttributeAsync("id"));
        await AssertNoEnumCodesAsync(page);
        await AssertAccessibleAsync(page, "status-leaving-care");
    }

    [SkippableFact]
    public async Task TopLevelAreaWithMostEvidence_ShowsTheApisCounts_AndAreasWithoutAStatementShowNone()
    {
        var areas = await AreasAsync("{ depth: { eq: 0 } }");
        var top = areas.MaxBy(a => a!["evidenceStatus"]!["evidenceCount"]!.GetValue<int>())!;
        output.WriteLine($"{top["key"]}: {top["evidenceStatus"]!["evidenceCount"]} items, {top["evidenceStatus"]!["modelCount"]} models.");
        var page = await OpenAsync(AreaPath(top));
        await AssertStatusShownAsync(page, top["evidenceStatus"]!);
        await AssertNoEnumCodesAsync(page);
        await AssertAccessibleAsync(page, "status-top-level-area");

        // Of the areas without a statement, the one with the least evidence says plainly that the graph holds little.
        var unstated = (await AreasAsync("{}")).Where(a => a!["evidenceStatus"]!["statement"] is null).ToList();
        Assert.NotEmpty(unstated);
        var thin = unstated.MinBy(a => a!["evidenceStatus"]!["evidenceCount"]!.GetValue<int>())!;
        Assert.True(thin["evidenceStatus"]!["evidenceCount"]!.GetValue<int>() <= FewItems, "Every seed area without a statement has plenty of evidence; the test needs one with little.");
        page = await OpenAsync(AreaPath(thin));
        await AssertStatusShownAsync(page, thin["evidenceStatus"]!);
        Assert.Equal(0, await page.Locator("#evidence-status .status-statement").CountAsync());
        await AssertNoEnumCodesAsync(page);
        await AssertAccessibleAsync(page, "status-little-evidence");
    }

    [SkippableFact]
    public async Task GapMap_ShowsEachRowsEvidenceCount_AndMarksExactlyTheRowsWhoseAreaHasAStatement()
    {
        server.SkipIfUnavailable();
        var areas = (await server.DataAsync("""
            { evidenceMap { challengeAreas { id name evidenceStatus { evidenceCount byDesign { design count } statement } } } }
            """))["evidenceMap"]!["challengeAreas"]!.AsArray();
        var marked = areas.Where(a => a!["evidenceStatus"]!["statement"] is not null).ToList();
        Assert.True(marked.Count > 0 && marked.Count < areas.Count, $"{marked.Count} of the map's {areas.Count} areas have a statement; the test needs some with and some without.");

        var page = await OpenAsync("/gap-map");
        await page.GetByRole(AriaRole.Button, new() { Name = "Unfold every sub-area" }).ClickAsync();
        var rows = await page.Locator("#gap-map tbody tr").EvaluateAllAsync<string[]>("""
            rows => rows.map(r => { const a = r.querySelector('td.area-status a'); return [r.querySelector('th a').dataset.area, a.dataset.area,
              a.querySelector('.status-n').textContent, a.querySelector('.status-strong').textContent, a.querySelector('.status-mark') ? 'thin' : ''].join(' '); })
            """);
        Assert.Equal(areas.Select(a =>
        {
            var status = a!["evidenceStatus"]!;
            var id = a["id"]!.GetValue<string>();
            return $"{id} {id} {Count(status["evidenceCount"]!.GetValue<int>())} ({Count(Strong(status))}) {(status["statement"] is null ? "" : "thin")}";
        }), rows);

        // The marker says what it marks on hover and to a screen reader, and the row's status opens the area's status section.
        var first = marked[0]!;
        var link = page.Locator($"#gap-map td.area-status a[data-area='{first["id"]}']");
        Assert.Equal($"/challenge-area/{Uri.EscapeDataString(first["id"]!.GetValue<string>())}#evidence-status", await link.GetAttributeAsync("href"));
        Assert.Contains("thin or absent", await link.Locator(".status-mark").GetAttributeAsync("title"), StringComparison.Ordinal);
        var spoken = await link.Locator(".visually-hidden").TextContentAsync();
        Assert.Contains($"{first["name"]}: {Items(first["evidenceStatus"]!["evidenceCount"]!.GetValue<int>(), "evidence item")}", spoken, StringComparison.Ordinal);
        Assert.Contains("a source says the evidence here is thin or absent", spoken, StringComparison.Ordinal);
        var unmarked = areas.First(a => a!["evidenceStatus"]!["statement"] is null)!;
        Assert.DoesNotContain("thin or absent", await page.Locator($"#gap-map td.area-status a[data-area='{unmarked["id"]}'] .visually-hidden").TextContentAsync(), StringComparison.Ordinal);
        await AssertAccessibleAsync(page, "status-gap-map");

        // By keyboard: the map is one Tab stop after the buttons that fold it; left of a row's first cell is its status, and Enter opens the area's status section.
        var row = areas.IndexOf(first);
        await page.Locator(".map-folds button").Last.FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        for (var i = 0; i < row; i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        await page.Keyboard.PressAsync("ArrowLeft");
        Assert.Equal(first["id"]!.GetValue<string>(), await page.EvaluateAsync<string>("document.activeElement.matches('td.area-status a') ? document.activeElement.dataset.area : ''"));
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#evidence-status").WaitForAsync();
        Assert.Equal("evidence-status-heading", await page.EvaluateAsync<string>("document.activeElement.id"));
        Assert.Equal(first["evidenceStatus"]!["statement"]!.GetValue<string>(), await page.Locator("#evidence-status blockquote").TextContentAsync());
    }

    [SkippableFact]
    public async Task GapMapCellsAndSearch_WordStudyDesignsAsTheModelPageDoes()
    {
        server.SkipIfUnavailable();
        var cells = (await server.DataAsync("""
            { evidenceMap { cells { challengeArea { id } outcome { id } evidence { title year design } } } }
            """))["evidenceMap"]!["cells"]!.AsArray();
        var cell = cells.First(c => c!["evidence"]!.AsArray().Any(e => e!["design"]!.GetValue<string>() == "RCT")
            && c["evidence"]!.AsArray().Any(e => e!["design"]!.GetValue<string>() == "QUASI_EXPERIMENTAL"))!;
        var page = await OpenAsync($"/gap-map?area={Uri.EscapeDataString(cell["challengeArea"]!["id"]!.GetValue<string>())}&outcome={Uri.EscapeDataString(cell["outcome"]!["id"]!.GetValue<string>())}");
        await page.Locator("#cell-evidence").WaitForAsync();
        var shown = await page.Locator("#cell-evidence tbody th").EvaluateAllAsync<string[]>("rows => rows.map(r => r.querySelector('a').textContent + ' | ' + r.querySelector('.detail').textContent)");
        Assert.Equal(cell["evidence"]!.AsArray().Select(e => $"{e!["title"]} | {Detail(e)}").Order(StringComparer.Ordinal), shown.Order(StringComparer.Ordinal));
        Assert.Contains(shown, s => s.Contains("Randomised controlled trial", StringComparison.Ordinal));
        Assert.Contains(shown, s => s.Contains("Quasi-experimental comparison", StringComparison.Ordinal));

        var found = (await server.DataAsync("""
            { search(query: "trial", types: [EVIDENCE], first: 20) { nodes { ... on Evidence { title year design } } } }
            """))["search"]!["nodes"]!.AsArray();
        Assert.Contains(found, e => e!["design"]!.GetValue<string>() == "RCT");
        page = await OpenAsync("/search?q=trial&type=Evidence");
        Assert.Equal(found.Select(e => $"{e!["title"]} | {Detail(e)}"),
            await page.Locator("#search-results li").EvaluateAllAsync<string[]>("items => items.map(li => li.querySelector('.result-link').textContent + ' | ' + li.querySelector('.detail').textContent)"));
    }

    [SkippableFact]
    public async Task OnAPhone_StatusPagesDoNotScrollSideways()
    {
        var leaving = await AreaAsync("leaving-care");
        var top = (await AreasAsync("{ depth: { eq: 0 } }")).MaxBy(a => a!["evidenceStatus"]!["evidenceCount"]!.GetValue<int>())!;
        foreach (var (name, path) in new[] { ("status-phone-leaving-care", AreaPath(leaving)), ("status-phone-top-level-area", AreaPath(top)), ("status-phone-gap-map", "/gap-map") })
        {
            var page = await OpenAsync(path, PhoneWidth, 844);
            await page.Locator("#evidence-status, #gap-map").First.WaitForAsync();
            var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            var wide = await page.EvaluateAsync<string[]>("""
                [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.parentElement?.closest('.table-wrap'))
                  .slice(0, 5).map(e => e.tagName + '.' + e.className)
                """);
            Assert.True(width <= PhoneWidth, $"{path} is {width}px wide on a {PhoneWidth}px screen: {string.Join(", ", wide)}");
            if (path != "/gap-map")
            {
                await ScreenshotAsync(page, name, "#evidence-status");
            }
            else
            {
                await ScreenshotAsync(page, name);
            }
        }
    }

    /// <summary>
    /// The area page's status as the API counts it: the summary, the tables by design, rating and verdict in words and
    /// in the API's order, and the statement, or where there is none and few items, the line that says so.
    /// </summary>
    private async Task AssertStatusShownAsync(IPage page, JsonNode status)
    {
        var section = page.Locator("#evidence-status");
        Assert.Equal("Evidence status", await section.Locator("h2").TextContentAsync());
        var count = status["evidenceCount"]!.GetValue<int>();
        var strong = Strong(status);
        var summary = await section.Locator(".status-summary").TextContentAsync();
        Assert.StartsWith(count == 0 ? "The graph holds no evidence" : $"{Items(count, "evidence item")} about this area or the areas beneath it, ", summary, StringComparison.Ordinal);
        if (count > 0)
        {
            Assert.Contains(strong == 0 ? "none of them" : $"{(strong == 1 ? "one" : Count(strong))} of them", summary, StringComparison.Ordinal);
        }

        var models = status["modelCount"]!.GetValue<int>();
        Assert.EndsWith(models == 0 ? "No model is recorded as addressing it." : $"{Items(models, "model")} {(models == 1 ? "addresses" : "address")} it.", summary, StringComparison.Ordinal);

        Assert.Equal(status["byDesign"]!.AsArray().Select(d => $"{Design(d!["design"]!.GetValue<string>())} | {Count(d["count"]!.GetValue<int>())}"),
            await RowsAsync(page, "#evidence-status-designs"));
        var scales = await ScaleNamesAsync();
        var ratings = await RowsAsync(page, "#evidence-status-ratings");
        var expected = status["byRating"]!.AsArray();
        Assert.Equal(expected.Count, ratings.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var parts = ratings[i].Split(" | ");
            var scale = expected[i]!["scale"]!.GetValue<string>();
            Assert.True(parts[0] != scale && scales[scale].Contains(parts[0], StringComparison.Ordinal), $"The scale {scale} reads “{parts[0]}”, not a name the API gives it ({scales[scale]}).");
            Assert.Equal($"Level {expected[i]!["level"]} | {Count(expected[i]!["count"]!.GetValue<int>())}", $"{parts[1]} | {parts[2]}");
        }

        Assert.Equal(status["modelsByVerdict"]!.AsArray().Select(v => $"{Words(v!["verdict"]!.GetValue<string>())} | {Count(v["count"]!.GetValue<int>())}"),
            await RowsAsync(page, "#evidence-status-verdicts"));

        var statement = status["statement"]?.GetValue<string>();
        Assert.Equal(statement is null ? 0 : 1, await section.Locator(".status-statement").CountAsync());
        var thin = section.Locator(".status-thin");
        if (statement is null && count <= FewItems)
        {
            var line = await thin.TextContentAsync();
            Assert.StartsWith($"The graph holds little evidence here: {Items(count, "item")}", line, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(0, await thin.CountAsync());
        }
    }

    /// <summary>A table's rows: its cells' text joined by " | " (the count without its bar).</summary>
    private static async Task<List<string>> RowsAsync(IPage page, string table) =>
        await page.Locator(table).CountAsync() == 0 ? [] :
        [.. await page.Locator($"{table} tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => [...r.children].map(c => c.textContent.trim()).join(' | '))")];

    /// <summary>Each scale's code with the API's words for it: its enum value's description, or the EvidenceScale description that names it.</summary>
    private async Task<Dictionary<string, string>> ScaleNamesAsync()
    {
        var type = (await server.DataAsync("""{ __type(name: "EvidenceScale") { description enumValues { name description } } }"""))["__type"]!;
        return type["enumValues"]!.AsArray().ToDictionary(v => v!["name"]!.GetValue<string>(),
            v => v!["description"]?.GetValue<string>() ?? type["description"]!.GetValue<string>());
    }

    private async Task<JsonNode> AreaAsync(string key)
    {
        var nodes = await AreasAsync($$"""{ key: { eq: "{{key}}" } }""");
        Assert.True(nodes.Count == 1, $"The seed has no challenge area {key}.");
        return nodes[0]!;
    }

    private async Task<List<JsonNode>> AreasAsync(string where)
    {
        server.SkipIfUnavailable();
        var areas = (await server.DataAsync($$"""
            { challengeAreas(where: {{where}}, order: [{ name: ASC }], first: 200) { totalCount nodes { id key name evidenceStatus { {{StatusFields}} } } } }
            """))["challengeAreas"]!;
        Assert.True(areas["totalCount"]!.GetValue<int>() == areas["nodes"]!.AsArray().Count, "More challenge areas than the first page the test reads.");
        return [.. areas["nodes"]!.AsArray().Select(a => a!)];
    }

    private static string AreaPath(JsonNode area) => $"/challenge-area/{Uri.EscapeDataString(area["id"]!.GetValue<string>())}";

    /// <summary>How many of the items are randomised controlled trials or systematic reviews, by the API's counts per design.</summary>
    private static int Strong(JsonNode status) =>
        status["byDesign"]!.AsArray().Where(d => StrongDesigns.Contains(d!["design"]!.GetValue<string>())).Sum(d => d!["count"]!.GetValue<int>());

    /// <summary>
    /// No verdict, direction of effect, part or status code in the page's text, nor any other code with an underscore; in
    /// the status section also no study design or scale code.
    /// </summary>
    private async Task AssertNoEnumCodesAsync(IPage page)
    {
        string[] everywhere = ["Verdict", "Effect", "ParticipationRole", "OrganisationStatus"];
        await ExplorerPages.AssertNoEnumCodesAsync(server, page, "main", everywhere);
        Assert.Contains("RCT", await ExplorerPages.AssertNoEnumCodesAsync(server, page, "#evidence-status", [.. everywhere, "StudyDesign", "EvidenceScale"]));
    }

    private Task<IPage> OpenAsync(string path, int width = 1366, int height = 900) => ExplorerPages.OpenAsync(server, chromium, path, width, height);

    private Task AssertAccessibleAsync(IPage page, string name) => ExplorerPages.AssertAccessibleAsync(page, output, name);

    private Task ScreenshotAsync(IPage page, string name, string? part = null) => ExplorerPages.ScreenshotAsync(page, output, name, part);

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"1 evidence item", "4 evidence items".</summary>
    private static string Items(int count, string one) => $"{Count(count)} {one}{(count == 1 ? "" : "s")}";

    /// <summary>An evidence item's line under its title: its design in words and its year.</summary>
    private static string Detail(JsonNode evidence) =>
        string.Join(" · ", new[] { Design(evidence["design"]!.GetValue<string>()), evidence["year"]?.ToString() }.Where(s => !string.IsNullOrEmpty(s)));

    /// <summary>A study design as the model page writes it: the designs able to attribute an effect in full, the others in words.</summary>
    private static string Design(string design) => design switch
    {
        "RCT" => "Randomised controlled trial",
        "QUASI_EXPERIMENTAL" => "Quasi-experimental comparison",
        _ => Words(design),
    };

    /// <summary>An enum code in words: NO_EFFECT_FOUND is "No effect found".</summary>
    private static string Words(string code)
    {
        var text = code.ToLowerInvariant().Replace('_', ' ');
        return char.ToUpperInvariant(text[0]) + text[1..];
    }
}
