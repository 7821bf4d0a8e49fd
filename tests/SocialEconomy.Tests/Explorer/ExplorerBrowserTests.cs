using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.Playwright;
using SocialEconomy.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SocialEconomy.Tests.Explorer;

/// <summary>
/// The explorer in a real browser (Debian's Chromium headless shell) against the real API on a seeded store. Every
/// expectation is fetched from the API in the test with GraphQL and compared with what the page shows. Screenshots
/// of each page are kept in ChromiumBrowser.ScreenshotFolder.
/// </summary>
public sealed class ExplorerBrowserTests(ExplorerApiServer server, ChromiumBrowser chromium, ITestOutputHelper output)
    : IClassFixture<ExplorerApiServer>, IClassFixture<ChromiumBrowser>
{
    private const string AreaKey = "homelessness-prevention";
    private const string CooperativeModelKey = "fully-mutual-housing-co-operative";

    [SkippableFact]
    public async Task Search_ShowsTheApisResultsInOrder_WithHighlights_AndFiltersByType()
    {
        var page = await OpenAsync("/");
        await page.GetByLabel("What are you looking for?").FillAsync("homelessness prevention");
        await page.GetByLabel("What are you looking for?").PressAsync("Enter");
        await page.Locator("#search-results").WaitForAsync();

        var expected = await server.DataAsync("""
            query($q: String!) { search(query: $q, first: 20) { totalCount nodes { __typename ... on ChallengeArea { name } ... on Model { name } ... on Organisation { name } ... on Funder { name } ... on Outcome { name } ... on Evidence { title } ... on Source { title } } } }
            """, new { q = "homelessness prevention" });
        var names = expected["search"]!["nodes"]!.AsArray().Select(n => (n!["name"] ?? n["title"])!.GetValue<string>()).ToList();
        Assert.Equal(names, await page.Locator("#search-results .result-link").AllTextContentsAsync());
        Assert.Contains($"{expected["search"]!["totalCount"]} result", await page.Locator("#result-count").TextContentAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#search-results mark").CountAsync() > 0, "No match is highlighted.");
        Assert.Equal(expected["search"]!["totalCount"]!.GetValue<int>() > names.Count, await page.GetByRole(AriaRole.Button, new() { Name = "Show more results" }).IsVisibleAsync());
        await ScreenshotAsync(page, "search");

        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Models" }).CheckAsync();
        await WaitForAddressAsync(page, "type=Model");
        await page.Locator("#search-results, .empty").First.WaitForAsync();
        var models = await server.DataAsync("""query($q: String!) { search(query: $q, types: [MODEL], first: 20) { totalCount nodes { ... on Model { name } } } }""", new { q = "homelessness prevention" });
        Assert.Equal(models["search"]!["nodes"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()),
            await page.Locator("#search-results .result-link").AllTextContentsAsync());
        Assert.All(await page.Locator("#search-results .badge").AllTextContentsAsync(), badge => Assert.Equal("Model", badge));
        await AssertAccessibleAsync(page, "search-filtered");
    }

    /// <summary>A hyphenated word is highlighted as the word, in every result: "co-operative" never marks "Company" or "Community".</summary>
    [SkippableFact]
    public async Task Search_ForAHyphenatedWord_HighlightsTheWord_NeverItsFragments()
    {
        var page = await OpenAsync("/search?q=co-operative");
        await page.Locator("#search-results").WaitForAsync();
        var total = (await server.DataAsync("""query($q: String!) { search(query: $q, first: 1) { totalCount } }""", new { q = "co-operative" }))["search"]!["totalCount"]!.GetValue<int>();
        Assert.Contains($"{total} result", await page.Locator("#result-count").TextContentAsync(), StringComparison.Ordinal);

        var marked = await page.Locator("#search-results mark").AllTextContentsAsync();
        Assert.NotEmpty(marked);
        Assert.All(marked, word => Assert.Matches("^co[^a-z0-9]+operative[a-z]*$", word.ToLowerInvariant()));
        // Every result shows where the word is, and the highlights hold other words starting with "co", left unmarked.
        Assert.Equal(await page.Locator("#search-results .result").CountAsync(), await page.Locator("#search-results .result:has(mark)").CountAsync());
        var highlights = string.Join(" ", await page.Locator("#search-results .highlights dd").AllTextContentsAsync());
        Assert.Matches(@"(?i)\bco(?![^a-z0-9]+operative)[a-z]+", highlights);
        await AssertAccessibleAsync(page, "search-hyphenated");
    }

    /// <summary>
    /// Labels in words: a highlighted field is named as people write it ("Legal form", not "Legalform"); the header's
    /// search box holds the query only on its results; an organisation's own funding says it went to the organisation.
    /// </summary>
    [SkippableFact]
    public async Task Labels_AreWords_AndTheHeaderSearchBox_ForgetsTheQueryOnOtherPages()
    {
        var legalForm = (await server.DataAsync("""{ organisations(where: { legalForm: { neq: null } }, first: 1) { nodes { legalForm } } }"""))["organisations"]!["nodes"]![0]!["legalForm"]!.GetValue<string>();
        var fields = (await server.DataAsync("""query($q: String!) { search(query: $q, first: 20) { edges { highlights { field } } } }""", new { q = legalForm }))["search"]!["edges"]!.AsArray()
            .SelectMany(e => e!["highlights"]!.AsArray().Select(h => h!["field"]!.GetValue<string>())).Distinct().ToList();
        Assert.Contains("legalForm", fields);

        var page = await OpenAsync($"/search?q={Uri.EscapeDataString(legalForm)}");
        await page.Locator("#search-results").WaitForAsync();
        var labels = (await page.Locator("#search-results .highlights dt").AllTextContentsAsync()).Distinct().ToList();
        Assert.Contains("Legal form", labels);
        var expected = fields.Select(f => string.Concat(f.Select((c, i) => char.IsUpper(c) && i > 0 ? $" {char.ToLowerInvariant(c)}" : i == 0 ? char.ToUpperInvariant(c).ToString() : c.ToString()))).ToHashSet();
        Assert.All(labels, label => Assert.Contains(label, expected));
        Assert.Equal(legalForm, await page.Locator("#header-q").InputValueAsync());

        await page.Locator("#search-results .result-link").First.ClickAsync();
        await page.Locator("main h1").WaitForAsync();
        await page.WaitForFunctionAsync("() => !location.pathname.startsWith('/search')");
        Assert.Equal("", await page.Locator("#header-q").InputValueAsync());

        var funded = (await server.DataAsync("""{ organisations(first: 1, order: [{ fundingCount: DESC }]) { nodes { id fundings { amount } } } }"""))["organisations"]!["nodes"]![0]!;
        Assert.NotEmpty(funded["fundings"]!.AsArray());
        page = await OpenAsync($"/organisation/{Uri.EscapeDataString(funded["id"]!.GetValue<string>())}");
        var fundedCells = await page.Locator("#funders tbody td:nth-of-type(1)").AllTextContentsAsync();
        Assert.Equal(funded["fundings"]!.AsArray().Count, fundedCells.Count);
        Assert.All(fundedCells, cell => Assert.Equal("this organisation itself", cell));
    }

    /// <summary>The question of the issue, through the UI only: search, the area, co-operative models with evidence there, and their funders.</summary>
    [SkippableFact]
    public async Task CooperativeModelsWithEvidenceInHomelessnessPrevention_AndTheirFunders_ReachedWithoutGraphQL()
    {
        var page = await OpenAsync("/");
        await page.GetByLabel("What are you looking for?").FillAsync("homelessness prevention");
        await page.GetByLabel("What are you looking for?").PressAsync("Enter");
        await page.Locator("#search-results").WaitForAsync();
        var area = (await server.DataAsync("""query($key: String!) { challengeAreas(where: { key: { eq: $key } }) { nodes { name } } }""", new { key = AreaKey }))["challengeAreas"]!["nodes"]![0]!["name"]!.GetValue<string>();
        await page.Locator("#search-results .result", new() { HasText = "Challenge area" }).GetByRole(AriaRole.Link, new() { Name = area, Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = area, Level = 1 }).WaitForAsync();

        // Every family first: some of these models have funders, so the funders column is checked on real amounts of data.
        var all = await ModelsWithEvidenceInAreaAsync(null);
        await AssertModelsAndFundersShownAsync(page, all);
        Assert.Contains(all, model => model.Funders.Count > 0);

        await page.GetByLabel("Family of models with evidence here").SelectOptionAsync(new SelectOptionValue { Value = "CO_OPERATIVE" });
        var cooperatives = await ModelsWithEvidenceInAreaAsync("CO_OPERATIVE");
        Assert.NotEmpty(cooperatives);
        await AssertModelsAndFundersShownAsync(page, cooperatives);

        // The design notes' headline query names the area's own models; the page also counts its sub-areas, so it shows at least those.
        var headline = await server.DataAsync("""{ models(where: { family: { eq: CO_OPERATIVE }, evidence: { some: { challengeAreas: { some: { name: { contains: "homelessness prevention" } } } } } }) { nodes { name } } }""");
        Assert.Subset(cooperatives.Select(m => m.Name).ToHashSet(), headline["models"]!["nodes"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()).ToHashSet());
        await ScreenshotAsync(page, "done-when-cooperatives-in-homelessness-prevention");
    }

    [SkippableFact]
    public async Task ModelPage_ShowsItsFacts_EvidenceWithRatingsInPlainWords_AndSourcesOneClickAway()
    {
        var id = await server.IdAsync("models", CooperativeModelKey);
        var expected = (await server.DataAsync("""
            query($id: ID!) { node(id: $id) { ... on Model { name organisations { name } evidence { title rating { level reason } } sources { url } } } }
            """, new { id }))["node"]!;
        var page = await OpenAsync($"/model/{Uri.EscapeDataString(id)}");

        Assert.Equal(expected["name"]!.GetValue<string>(), await page.Locator("h1").TextContentAsync());
        var evidence = expected["evidence"]!.AsArray();
        Assert.Contains($"({evidence.Count})", await page.Locator("#evidence h2").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains($"({expected["organisations"]!.AsArray().Count})", await page.Locator("#organisations h2").TextContentAsync(), StringComparison.Ordinal);
        var evidenceText = await page.Locator("#evidence").TextContentAsync();
        foreach (var item in evidence)
        {
            Assert.Contains(item!["title"]!.GetValue<string>(), evidenceText, StringComparison.Ordinal);
            Assert.Contains(item["rating"]!["reason"]!.GetValue<string>(), evidenceText, StringComparison.Ordinal);
            Assert.Contains($"Level {item["rating"]!["level"]} on the Nesta Standards of Evidence", evidenceText, StringComparison.Ordinal);
        }

        var sourceLinks = await page.Locator("#sources-heading + ul a[target=_blank]").EvaluateAllAsync<string[]>("links => links.map(l => l.getAttribute('href'))");
        Assert.Equal(expected["sources"]!.AsArray().Select(s => s!["url"]!.GetValue<string>()).Order(StringComparer.Ordinal), sourceLinks.Order(StringComparer.Ordinal));
        await AssertAccessibleAsync(page, "model");
    }

    /// <summary>A related list that the API cannot give (here a LIST_TOO_LONG answer put in its place) says so in its section; the page stands.</summary>
    [SkippableFact]
    public async Task ModelPage_WhenOneListFails_ShowsThatListsError_AndTheRestOfThePage()
    {
        var id = await server.IdAsync("models", CooperativeModelKey);
        var expected = (await server.DataAsync("""query($id: ID!) { node(id: $id) { ... on Model { name evidence { title } } } }""", new { id }))["node"]!;
        chromium.SkipIfUnavailable();
        var (_, page, _) = await chromium.NewPageAsync(server.BaseUrl);
        await page.RouteAsync("**/graphql", async route =>
        {
            if (route.Request.PostData?.Contains("query ModelOrganisations", StringComparison.Ordinal) == true)
            {
                await route.FulfillAsync(new RouteFulfillOptions
                {
                    Status = 200,
                    ContentType = "application/graphql-response+json",
                    Body = """{"data":{"node":null},"errors":[{"message":"'Model.organisations' is too long.","extensions":{"code":"LIST_TOO_LONG"}}]}""",
                });
            }
            else
            {
                await route.ContinueAsync();
            }
        });
        await page.GotoAsync($"/model/{Uri.EscapeDataString(id)}");
        await page.Locator("main h1").WaitForAsync();

        Assert.Equal(expected["name"]!.GetValue<string>(), await page.Locator("h1").TextContentAsync());
        Assert.Contains("'Model.organisations' is too long. (LIST_TOO_LONG)", await page.Locator("#organisations [role=alert]").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(expected["evidence"]!.AsArray().Count, await page.Locator("#evidence tbody tr").CountAsync());
        Assert.True(await page.Locator("#funders").IsVisibleAsync(), "The funding section is missing.");
        await ScreenshotAsync(page, "model-with-a-failed-list");
    }

    [SkippableFact]
    public async Task EveryEntityPage_HasNoSeriousAccessibilityViolations()
    {
        var ids = await server.DataAsync("""
            { organisations(first: 1, order: [{ fundingCount: DESC }]) { nodes { id } } funders(first: 1, order: [{ fundingCount: DESC }]) { nodes { id } }
              outcomes(first: 1, order: [{ evidenceCount: DESC }]) { nodes { id } } evidence(first: 1, order: [{ ratingLevel: DESC }]) { nodes { id sources { id } } }
              challengeAreas(where: { key: { eq: "homelessness-prevention" } }) { nodes { id } } }
            """);
        string First(string root) => ids[root]!["nodes"]![0]!["id"]!.GetValue<string>();
        var pages = new Dictionary<string, string>
        {
            ["home"] = "/",
            ["models"] = "/models",
            ["organisations"] = "/organisations",
            ["organisation"] = $"/organisation/{Uri.EscapeDataString(First("organisations"))}",
            ["funder"] = $"/funder/{Uri.EscapeDataString(First("funders"))}",
            ["outcome"] = $"/outcome/{Uri.EscapeDataString(First("outcomes"))}",
            ["evidence"] = $"/evidence/{Uri.EscapeDataString(First("evidence"))}",
            ["source"] = $"/source/{Uri.EscapeDataString(ids["evidence"]!["nodes"]![0]!["sources"]![0]!["id"]!.GetValue<string>())}",
            ["challenge-area"] = $"/challenge-area/{Uri.EscapeDataString(First("challengeAreas"))}",
        };
        foreach (var (name, path) in pages)
        {
            var page = await OpenAsync(path);
            await AssertAccessibleAsync(page, name);
        }
    }

    [SkippableFact]
    public async Task Graph_ShowsTheNeighbourhood_ExpandsANode_AndFiltersRelationships()
    {
        var id = await server.IdAsync("models", CooperativeModelKey);
        const string Neighbourhood = """query($id: ID!) { neighbourhood(id: $id, depth: 1, limit: 60) { nodes { node { id } } relationships { id type } } }""";
        var around = (await server.DataAsync(Neighbourhood, new { id }))["neighbourhood"]!;
        var expectedIds = around["nodes"]!.AsArray().Select(n => n!["node"]!["id"]!.GetValue<string>()).ToHashSet();

        var page = await OpenAsync($"/graph/{Uri.EscapeDataString(id)}");
        await page.Locator("#graph-canvas[data-ready=true]").WaitForAsync();
        Assert.Equal(expectedIds.Order(), (await NodeIdsAsync(page)).Order());
        Assert.True(await page.Locator("#graph-canvas canvas").CountAsync() > 0, "cytoscape drew nothing.");
        await ScreenshotAsync(page, "graph");

        // Expand a neighbour: the view gains exactly the nodes of its own neighbourhood.
        var neighbour = expectedIds.First(n => n != id);
        var further = (await server.DataAsync(Neighbourhood, new { id = neighbour }))["neighbourhood"]!["nodes"]!.AsArray().Select(n => n!["node"]!["id"]!.GetValue<string>());
        await page.Locator($"#graph-nodes li[data-node-id='{neighbour}'] button").ClickAsync();
        await page.Locator($"#graph-nodes li[data-node-id='{neighbour}'] button").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.Equal(expectedIds.Union(further).Order(), (await NodeIdsAsync(page)).Order());
        await ScreenshotAsync(page, "graph-expanded");

        // Hiding every relationship type leaves the nodes that were expanded, and no relationship.
        foreach (var box in await page.Locator("[data-relationship]").AllAsync())
        {
            await box.UncheckAsync();
        }

        Assert.Contains("and 0 relationships", await page.Locator("#graph-counts").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(new[] { id, neighbour }.Order(), (await NodeIdsAsync(page)).Order());
        await AssertAccessibleAsync(page, "graph-filtered");
    }

    [SkippableFact]
    public async Task ComparableModels_ListTheApisAnswer_WithReasons_AndFilterByEvidenceLevel()
    {
        var id = await server.IdAsync("models", CooperativeModelKey);
        const string Query = """
            query($id: ID!, $where: ComparableModelsFilter) { comparableModels(to: $id, first: 20, where: $where) { score model { name } reasons { sharedChallengeAreas { name } } } }
            """;
        var page = await OpenAsync("/comparable");
        await page.GetByLabel("Model", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Value = id });
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        await page.Locator("#comparable").WaitForAsync();

        var all = (await server.DataAsync(Query, new { id, where = (object?)null }))["comparableModels"]!.AsArray();
        Assert.NotEmpty(all);
        var rows = page.Locator("#comparable tbody tr");
        Assert.Equal(all.Select(c => c!["model"]!["name"]!.GetValue<string>()), await rows.Locator("th a").AllTextContentsAsync());
        var firstShared = all[0]!["reasons"]!["sharedChallengeAreas"]!.AsArray().Select(a => a!["name"]!.GetValue<string>());
        Assert.Equal(firstShared, await rows.First.Locator("td").Nth(1).Locator("li").AllTextContentsAsync());
        await AssertAccessibleAsync(page, "comparable");

        await page.GetByLabel("Evidence at least at level").SelectOptionAsync(new SelectOptionValue { Value = "2" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        await WaitForAddressAsync(page, "minLevel=2");
        await page.Locator("#comparable").WaitForAsync();
        var filtered = (await server.DataAsync(Query, new { id, where = new { minEvidenceLevel = 2 } }))["comparableModels"]!.AsArray();
        Assert.Equal(filtered.Select(c => c!["model"]!["name"]!.GetValue<string>()), await page.Locator("#comparable tbody tr th a").AllTextContentsAsync());
        await ScreenshotAsync(page, "comparable-filtered");
    }

    [SkippableFact]
    public async Task GapMap_ShowsTheApisCells_AndACellOpensItsEvidence()
    {
        var within = await server.IdAsync("challengeAreas", "homelessness");
        var map = (await server.DataAsync("""
            query($within: ID) { evidenceMap(within: $within) { gapCount cells { challengeArea { id } outcome { id } evidenceCount evidenceWithoutFindingCount evidence { title } } } }
            """, new { within }))["evidenceMap"]!;
        var page = await OpenAsync("/gap-map");
        await page.GetByLabel("Challenge area").SelectOptionAsync(new SelectOptionValue { Value = within });
        await page.GetByRole(AriaRole.Button, new() { Name = "Show map" }).ClickAsync();
        await WaitForAddressAsync(page, "within=");
        await page.Locator("#gap-map").WaitForAsync();

        var cells = map["cells"]!.AsArray();
        Assert.Equal(cells.Count, await page.Locator("#gap-map td.cell").CountAsync());
        // A cell with no finding on its outcome reads "not recorded" (dotted) where its area has evidence with no findings recorded, else "gap".
        var withoutFinding = cells.Count(c => c!["evidenceCount"]!.GetValue<int>() == 0 && c["evidenceWithoutFindingCount"]!.GetValue<int>() > 0);
        Assert.Equal(withoutFinding, await page.Locator("#gap-map td.cell.no-finding").CountAsync());
        Assert.Equal(map["gapCount"]!.GetValue<int>() - withoutFinding, await page.Locator("#gap-map td.cell .gap").CountAsync());
        await AssertAccessibleAsync(page, "gap-map");

        var busiest = cells.OrderByDescending(c => c!["evidenceCount"]!.GetValue<int>()).First()!;
        await page.Locator($"#gap-map a[data-area='{busiest["challengeArea"]!["id"]}'][data-outcome='{busiest["outcome"]!["id"]}']").ClickAsync();
        await page.Locator("#cell-evidence").WaitForAsync();
        Assert.Equal(busiest["evidence"]!.AsArray().Select(e => e!["title"]!.GetValue<string>()),
            await page.Locator("#cell-evidence tbody th a").AllTextContentsAsync());
        await ScreenshotAsync(page, "gap-map-cell");
    }

    [SkippableFact]
    public async Task Exports_AreCsvAndGraphMlOfWhatTheListShows_AndTheQueryOpensInGraphiQL()
    {
        var id = await server.IdAsync("models", CooperativeModelKey);
        var titles = (await server.DataAsync("""query($id: ID!) { node(id: $id) { ... on Model { evidence { title } } } }""", new { id }))["node"]!["evidence"]!.AsArray()
            .Select(e => e!["title"]!.GetValue<string>()).ToList();
        var page = await OpenAsync($"/model/{Uri.EscapeDataString(id)}");

        var csv = await DownloadAsync(page, page.Locator("#evidence [data-export=csv]"));
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Evidence,Rating,Rating (code),Findings,Read it,id,page", lines[0]);
        Assert.Equal(titles.Count, lines.Length - 1);
        Assert.All(titles, title => Assert.Contains(lines, line => line.StartsWith(title.Contains(',', StringComparison.Ordinal) ? $"\"{title}\"" : title, StringComparison.Ordinal)));

        var graphml = XDocument.Parse(await DownloadAsync(page, page.Locator("#evidence [data-export=graphml]")));
        XNamespace ns = "http://graphml.graphdrawing.org/xmlns";
        Assert.Equal(titles.Count + 1, graphml.Descendants(ns + "node").Count());
        Assert.Equal(titles.Count, graphml.Descendants(ns + "edge").Count());
        Assert.All(graphml.Descendants(ns + "edge"), edge => Assert.Equal(id, edge.Attribute("target")!.Value));

        await page.Locator(".page-heading [data-graphiql]").ClickAsync();
        await page.WaitForURLAsync("**/graphql?query=**");
        await page.Locator(".graphiql-container").WaitForAsync(new() { Timeout = 30_000 });
        await page.Locator(".graphiql-container .view-lines", new() { HasText = "query ModelPage" }).First.WaitForAsync(new() { Timeout = 30_000 });
        await ScreenshotAsync(page, "graphiql-from-model");
    }

    [SkippableFact]
    public async Task Keyboard_Alone_ReachesSearch_AResult_AndItsPage()
    {
        var page = await OpenAsync("/");
        await TabUntilAsync(page, "#home-q");
        await page.Keyboard.TypeAsync("housing co-operative");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#search-results").WaitForAsync();

        // A type filter applies at once and leaves focus on it, so the keyboard user carries on from there.
        await TabUntilAsync(page, ".type-filters input[value=Model]");
        await page.Keyboard.PressAsync("Space");
        await WaitForAddressAsync(page, "type=Model");
        await page.Locator("#search-results").WaitForAsync();
        await page.WaitForFunctionAsync("document.activeElement?.matches('.type-filters input[value=Model]:checked')");

        await TabUntilAsync(page, "#search-results .result-link");
        var target = await page.EvaluateAsync<string>("document.activeElement.textContent");
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Heading, new() { Name = target, Level = 1 }).WaitForAsync();
        Assert.Equal("H1", await page.EvaluateAsync<string>("document.activeElement.tagName"));
        await ScreenshotAsync(page, "keyboard-result-page");
    }

    [SkippableFact]
    public async Task OnAPhone_PagesFitTheScreenWidth()
    {
        var id = await server.IdAsync("models", CooperativeModelKey);
        foreach (var (name, path) in new[] { ("phone-home", "/"), ("phone-model", $"/model/{Uri.EscapeDataString(id)}"), ("phone-gap-map", "/gap-map"), ("phone-graph", $"/graph/{Uri.EscapeDataString(id)}") })
        {
            await ExplorerPages.AssertFitsThePhoneAsync(await OpenAsync(path, 390, 844), output, name);
        }
    }

    /// <summary>
    /// At 390 px the search page keeps to the screen, long addresses in notes and titles wrapping; a table wider than
    /// its box says above it that it scrolls sideways, and a table that fits says nothing of the kind.
    /// </summary>
    [SkippableFact]
    public async Task OnAPhone_SearchWrapsLongAddresses_AndWideTablesSayTheyScroll()
    {
        var notes = (await server.DataAsync("""{ search(query: "https", first: 20) { edges { highlights { snippet } } } }"""))["search"]!["edges"]!.AsArray();
        Assert.Contains(notes, e => e!["highlights"]!.AsArray().Any(h => h!["snippet"]!.GetValue<string>().Contains("://", StringComparison.Ordinal)));
        var page = await OpenAsync("/search?q=https", 390, 844);
        await page.Locator("#search-results").WaitForAsync();
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 1, $"The search page is {overflow}px wider than a phone's screen.");
        await ScreenshotAsync(page, "phone-search-long-addresses");

        var id = await server.IdAsync("models", CooperativeModelKey);
        var scrolling = 0;
        foreach (var width in new[] { 390, 1366 })
        {
            page = await OpenAsync($"/model/{Uri.EscapeDataString(id)}", width, 844);
            var tables = await page.EvaluateAsync<bool[][]>("""
                () => [...document.querySelectorAll('main .table-block')].map(block => {
                  const wrap = block.querySelector('.table-wrap');
                  const cue = block.querySelector('.scroll-cue');
                  return [wrap.scrollWidth > wrap.clientWidth + 1, cue.checkVisibility() && cue.getBoundingClientRect().height > 0];
                })
                """);
            Assert.NotEmpty(tables);
            Assert.All(tables, table => Assert.Equal(table[0], table[1]));
            scrolling += tables.Count(table => table[0]);
            if (width == 390)
            {
                Assert.True(scrolling > 0, "No table of the model page is wider than a phone's screen; the test needs one.");
                await ScreenshotAsync(page, "phone-model-scroll-cue");
            }
        }
    }

    /// <summary>
    /// The models with evidence in the area or beneath it, as the API ranks them by that evidence (those that work
    /// here first, then the strongest evidence here), of the family given, and the funders of each model and of the
    /// organisations running it.
    /// </summary>
    private async Task<List<(string Name, List<string> Funders)>> ModelsWithEvidenceInAreaAsync(string? family)
    {
        var data = await server.DataAsync("""
            query($key: String!) {
              challengeAreas(where: { key: { eq: $key } }, first: 1) { nodes { modelsByEvidence(first: 200) { nodes { model {
                name family fundings { funder { name } } organisations { fundings { funder { name } } }
              } } } } }
            }
            """, new { key = AreaKey });
        return [.. data["challengeAreas"]!["nodes"]![0]!["modelsByEvidence"]!["nodes"]!.AsArray().Select(n => n!["model"]!)
            .Where(model => family is null || model["family"]!.GetValue<string>() == family)
            .Select(model => (
                model["name"]!.GetValue<string>(),
                model["fundings"]!.AsArray().Concat(model["organisations"]!.AsArray().SelectMany(o => o!["fundings"]!.AsArray()))
                    .Select(f => f!["funder"]!["name"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal).ToList()))];
    }

    private static async Task AssertModelsAndFundersShownAsync(IPage page, List<(string Name, List<string> Funders)> expected)
    {
        var rows = page.Locator("#models-with-evidence tbody tr");
        Assert.Equal(expected.Select(m => m.Name), await rows.Locator("th").AllTextContentsAsync());
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Funders, (await rows.Nth(i).Locator("ul.funders li").AllTextContentsAsync()).Order(StringComparer.Ordinal));
        }
    }

    private Task<IPage> OpenAsync(string path, int width = 1366, int height = 900) => ExplorerPages.OpenAsync(server, chromium, path, width, height);

    private Task ScreenshotAsync(IPage page, string name) => ExplorerPages.ScreenshotAsync(page, output, name);

    private Task AssertAccessibleAsync(IPage page, string name) => ExplorerPages.AssertAccessibleAsync(page, output, name);

    private static async Task<List<string>> NodeIdsAsync(IPage page) =>
        [.. await page.Locator("#graph-nodes li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.nodeId)")];

    private static async Task<string> DownloadAsync(IPage page, ILocator button) => (await ExplorerPages.DownloadAsync(page, button)).Text;

    private static Task WaitForAddressAsync(IPage page, string part) => ExplorerPages.WaitForAddressAsync(page, part);

    private static Task TabUntilAsync(IPage page, string selector) => ExplorerPages.TabUntilAsync(page, selector);
}
