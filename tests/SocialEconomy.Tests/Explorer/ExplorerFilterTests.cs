using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SocialEconomy.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SocialEconomy.Tests.Explorer;

/// <summary>
/// Filters where people look, on the seed and the open data, with their state in the address: a commissioner's
/// question ("co-operative models for elderly care delivered in a region") answered on /models by its controls, and a
/// search limited to organisations filtered by region and status. Each list is the API's answer to the same where,
/// fetched in the test; the address reloads to the same view, and Back returns to the filters before.
/// </summary>
[Collection(ExplorerOpenDataCollection.Name)]
public sealed class ExplorerFilterTests(ExplorerOpenDataServer server, ChromiumBrowser chromium, ITestOutputHelper output)
{
    private const int PhoneWidth = 390;

    /// <summary>The area of the journey: the top-level area "Elderly care: co-operative models and technology".</summary>
    private const string Area = "elderly-care";

    /// <summary>The models page's list and the counts of its filters, for a where.</summary>
    private const string ModelsQuery = """
        query($where: ModelFilterInput) {
          models(where: $where, order: [{ verdict: DESC }, { bestEvidenceLevel: DESC }, { name: ASC }], first: 200) {
            totalCount nodes { name }
            facets { family { value count } region { value count } bestEvidenceLevel { value count } }
          }
        }
        """;

    private const string SearchQuery = """
        query($q: String!, $organisations: OrganisationFilterInput, $first: Int) {
          search(query: $q, types: [ORGANISATION], organisations: $organisations, first: $first) { totalCount nodes { ... on Organisation { name } } }
        }
        """;

    [SkippableFact]
    public async Task ModelsPage_CooperativeModelsForElderlyCareDeliveredInARegion_ChosenByTheControls_IsTheApisAnswer_ReloadedAndBack()
    {
        server.SkipIfUnavailable();
        chromium.SkipIfUnavailable();
        var areaName = (await server.DataAsync("""query($key: String!) { challengeAreas(where: { key: { eq: $key } }) { nodes { name } } }""", new { key = Area }))
            ["challengeAreas"]!["nodes"]![0]!["name"]!.GetValue<string>();
        var all = await ModelsAsync(new JsonObject());
        var inArea = await ModelsAsync(Where(family: null, region: null));
        var cooperative = await ModelsAsync(Where(family: "CO_OPERATIVE", region: null));
        // The region where most of these models are delivered: the question has an answer there.
        var region = cooperative["facets"]!["region"]!.AsArray().Where(f => f!["value"] is not null).MaxBy(f => f!["count"]!.GetValue<int>())?["value"]!.GetValue<string>();
        Assert.True(region is not null, $"No co-operative model for {Area} is delivered in a region recorded; the journey needs one.");
        var answer = await ModelsAsync(Where(family: "CO_OPERATIVE", region: region));
        var inRegion = await ModelsAsync(Where(family: null, region: region));
        var total = answer["totalCount"]!.GetValue<int>();
        Assert.True(total > 0 && total < inArea["totalCount"]!.GetValue<int>(), $"{total} of {inArea["totalCount"]} models in {Area}: the filters must narrow the list.");
        output.WriteLine($"Co-operative models for {Area} delivered in {region}: {total} of {all["totalCount"]}.");

        var page = await OpenAsync("/models");
        var heading = page.Locator("#models h2");
        await Assertions.Expect(heading).ToHaveTextAsync($"Models ({Count(all["totalCount"]!.GetValue<int>())})");

        // The area and the family, applied together; each filter's choices are then counted under the others.
        await page.GetByLabel("Challenge area").SelectOptionAsync(Area);
        await page.GetByLabel("Family").SelectOptionAsync("CO_OPERATIVE");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter", Exact = true }).ClickAsync();
        await Assertions.Expect(heading).ToHaveTextAsync($"Models ({Count(cooperative["totalCount"]!.GetValue<int>())})");
        Assert.EndsWith($"/models?area={Area}&family=CO_OPERATIVE", page.Url, StringComparison.Ordinal);
        Assert.Equal(Names(cooperative), await NamesAsync(page));
        Assert.Contains($"{region} ({Count(FacetCount(cooperative, "region", region!))})", await OptionsAsync(page, "#models-region"));
        Assert.Equal(
            ["Any strength, or none", .. StrengthChoices(cooperative)],
            (await OptionsAsync(page, "#models-strength")).Select(o => o.StartsWith("Any", StringComparison.Ordinal) ? o[..o.IndexOf(" (", StringComparison.Ordinal)] : o));

        await page.GetByLabel("Delivered in").SelectOptionAsync(region!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter", Exact = true }).ClickAsync();
        await Assertions.Expect(heading).ToHaveTextAsync($"Models ({Count(total)})");
        var address = $"/models?area={Area}&family=CO_OPERATIVE&region={Uri.EscapeDataString(region!).Replace("%20", "+", StringComparison.Ordinal)}";
        Assert.EndsWith(address, page.Url, StringComparison.Ordinal);
        await AssertFilteredViewAsync(page, answer, inRegion, areaName, region!, all);
        await Assertions.Expect(page.Locator("#models-apply")).ToBeFocusedAsync();
        await ExplorerPages.AssertAccessibleAsync(page, output, "filters-models-journey");

        // The address is the view: reloaded, the same list and choices.
        await page.ReloadAsync();
        await Assertions.Expect(heading).ToHaveTextAsync($"Models ({Count(total)})");
        await AssertFilteredViewAsync(page, answer, inRegion, areaName, region!, all);

        // Back returns to the filters before, one change at a time.
        await page.GoBackAsync();
        await Assertions.Expect(heading).ToHaveTextAsync($"Models ({Count(cooperative["totalCount"]!.GetValue<int>())})");
        Assert.EndsWith($"/models?area={Area}&family=CO_OPERATIVE", page.Url, StringComparison.Ordinal);
        Assert.Equal(Names(cooperative), await NamesAsync(page));
        Assert.Equal("", await page.Locator("#models-region").InputValueAsync());
        await page.GoBackAsync();
        await Assertions.Expect(heading).ToHaveTextAsync($"Models ({Count(all["totalCount"]!.GetValue<int>())})");
        Assert.Equal(0, await page.Locator("#models-filtered").CountAsync());

        // Clear filters: the whole list again, and an address without filters.
        await page.GoForwardAsync();
        await page.GoForwardAsync();
        await Assertions.Expect(heading).ToHaveTextAsync($"Models ({Count(total)})");
        await page.GetByRole(AriaRole.Button, new() { Name = "Clear filters of models" }).ClickAsync();
        await Assertions.Expect(heading).ToHaveTextAsync($"Models ({Count(all["totalCount"]!.GetValue<int>())})");
        Assert.EndsWith("/models", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#models-area")).ToBeFocusedAsync();

        var phone = await OpenAsync(address, PhoneWidth, 844);
        await Assertions.Expect(phone.Locator("#models h2")).ToHaveTextAsync($"Models ({Count(total)})");
        await ExplorerPages.ScreenshotAsync(phone, output, "filters-models-journey-phone");
        Assert.True(await phone.EvaluateAsync<bool>($"document.documentElement.scrollWidth <= {PhoneWidth}"), "The filtered models page is wider than a phone.");

        // The area page offers the same list, addressing the area, to filter.
        var areaId = await server.IdAsync("challengeAreas", Area);
        var areaPage = await OpenAsync($"/challenge-area/{Uri.EscapeDataString(areaId)}");
        await areaPage.GetByRole(AriaRole.Link, new() { Name = "Filter these models" }).ClickAsync();
        await Assertions.Expect(areaPage.Locator("#models h2")).ToHaveTextAsync($"Models ({Count(inArea["totalCount"]!.GetValue<int>())})");
        Assert.EndsWith($"/models?area={Area}", areaPage.Url, StringComparison.Ordinal);
        Assert.Equal(Names(inArea), await NamesAsync(areaPage));
    }

    [SkippableFact]
    public async Task Search_LimitedToOrganisations_FilteredByRegionAndStatus_IsTheApisAnswer_PagedAndKeptInTheAddress()
    {
        server.SkipIfUnavailable();
        chromium.SkipIfUnavailable();
        const string Text = "co-operative";
        var found = (await server.DataAsync(SearchQuery, new { q = Text, first = 1 }))["search"]!["totalCount"]!.GetValue<int>();
        // The region with most active organisations named so: the filters keep a list longer than a page there.
        var named = await server.DataAsync("""
            query($q: String!) { organisations(where: { name: { contains: $q }, status: { eq: ACTIVE } }) { facets { region { value count } } } }
            """, new { q = Text });
        var region = named["organisations"]!["facets"]!["region"]!.AsArray().Where(f => f!["value"] is not null).MaxBy(f => f!["count"]!.GetValue<int>())!["value"]!.GetValue<string>();
        var conditions = new { region = new { eq = region }, status = new { eq = "ACTIVE" } };
        var answer = (await server.DataAsync(SearchQuery, new { q = Text, organisations = conditions, first = 40 }))["search"]!;
        var total = answer["totalCount"]!.GetValue<int>();
        var expected = Names(answer);
        Assert.True(total > 20 && total < found, $"{total} of {found} organisations found are active in {region}: the test needs more than a page, and fewer than all.");
        output.WriteLine($"Active organisations in {region} found by “{Text}”: {total} of {found}.");

        var page = await OpenAsync($"/search?q={Text}");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Organisations" }).CheckAsync();
        await page.Locator("#search-status").WaitForAsync();
        // Each choice applies at once: the view shows again (its summary says what is shown) before the next.
        await page.GetByLabel("Status").SelectOptionAsync("ACTIVE");
        await page.Locator("#search-filtered").WaitForAsync();
        Assert.Contains("status=ACTIVE", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("Region").SelectOptionAsync(region);
        await page.WaitForURLAsync(url => url.Contains("region=", StringComparison.Ordinal));
        var count = page.Locator("#result-count");
        await Assertions.Expect(count).ToHaveTextAsync($"{total} results among organisations, best match first.");
        await Assertions.Expect(page.Locator("#search-region")).ToBeFocusedAsync();
        Assert.Equal(expected.Take(20), await page.Locator("#search-results .result-link").AllTextContentsAsync());
        Assert.Equal($"Showing active organisations in {region}: {Count(total)} of {Count(found)}.", await page.Locator("#search-filtered").TextContentAsync());

        // The next page is the API's: the conditions hold across pages.
        await page.GetByRole(AriaRole.Button, new() { Name = "Show more results" }).ClickAsync();
        await Assertions.Expect(page.Locator("#search-results .result-link")).ToHaveCountAsync(Math.Min(40, total));
        Assert.Equal(expected, await page.Locator("#search-results .result-link").AllTextContentsAsync());
        await ExplorerPages.AssertAccessibleAsync(page, output, "filters-search-organisations");

        // The address holds the search and its filters: reloaded, the same results and choices.
        await page.ReloadAsync();
        await Assertions.Expect(count).ToHaveTextAsync($"{total} results among organisations, best match first.");
        Assert.Equal(expected.Take(20), await page.Locator("#search-results .result-link").AllTextContentsAsync());
        Assert.Equal("ACTIVE", await page.Locator("#search-status").InputValueAsync());
        Assert.Equal(region, await page.Locator("#search-region").InputValueAsync());

        var phone = await OpenAsync(new Uri(page.Url).PathAndQuery, PhoneWidth, 844);
        await Assertions.Expect(phone.Locator("#result-count")).ToHaveTextAsync($"{total} results among organisations, best match first.");
        await ExplorerPages.ScreenshotAsync(phone, output, "filters-search-organisations-phone");
        Assert.True(await phone.EvaluateAsync<bool>($"document.documentElement.scrollWidth <= {PhoneWidth}"), "The filtered search is wider than a phone.");
    }

    /// <summary>Limited to models, a search offers family, verdict and strength, and its results are the API's search with the same where.</summary>
    [SkippableFact]
    public async Task Search_LimitedToModels_FilteredByFamilyAndStrength_IsTheApisAnswer()
    {
        server.SkipIfUnavailable();
        chromium.SkipIfUnavailable();
        const string Text = "care";
        var where = new { family = new { eq = "SERVICE_MODEL" }, evidence = new { some = new { rating = new { level = new { gte = 2 } } } } };
        const string Models = """
            query($q: String!, $models: ModelFilterInput) { search(query: $q, types: [MODEL], models: $models, first: 20) { totalCount nodes { ... on Model { name } } } }
            """;
        var found = (await server.DataAsync(Models, new { q = Text }))["search"]!;
        var answer = (await server.DataAsync(Models, new { q = Text, models = where }))["search"]!;
        var total = answer["totalCount"]!.GetValue<int>();
        Assert.True(total > 0 && total < found["totalCount"]!.GetValue<int>(), $"{total} of {found["totalCount"]} models found: the filters must narrow the list.");

        var page = await OpenAsync($"/search?q={Text}&type=Model");
        await page.GetByLabel("Family").SelectOptionAsync("SERVICE_MODEL");
        await page.Locator("#search-filtered").WaitForAsync();
        await page.GetByLabel("Strongest evidence").SelectOptionAsync("2");
        await page.WaitForURLAsync(url => url.Contains("strength=2", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#result-count")).ToHaveTextAsync($"{total} result{(total == 1 ? "" : "s")} among models, best match first.");
        Assert.EndsWith($"/search?q={Text}&type=Model&family=SERVICE_MODEL&strength=2", page.Url, StringComparison.Ordinal);
        Assert.Equal(Names(answer), await page.Locator("#search-results .result-link").AllTextContentsAsync());
        Assert.Equal($"Showing service models with evidence rated level 2 or higher: {Count(total)} of {Count(found["totalCount"]!.GetValue<int>())}.",
            await page.Locator("#search-filtered").TextContentAsync());
        await ExplorerPages.AssertAccessibleAsync(page, output, "filters-search-models");
    }

    /// <summary>The journey's view: the API's list in its order, the filters as chosen, and the line saying what is shown.</summary>
    private static async Task AssertFilteredViewAsync(IPage page, JsonNode answer, JsonNode inRegion, string areaName, string region, JsonNode all)
    {
        Assert.Equal(Names(answer), await NamesAsync(page));
        Assert.Equal(Area, await page.Locator("#models-area").InputValueAsync());
        Assert.Equal("CO_OPERATIVE", await page.Locator("#models-family").InputValueAsync());
        Assert.Equal(region, await page.Locator("#models-region").InputValueAsync());
        // The family's count is of the list under the other filters: area and region.
        Assert.Contains($"Co-operative ({Count(FacetCount(inRegion, "family", "CO_OPERATIVE"))})", await OptionsAsync(page, "#models-family"));
        Assert.Equal($"Showing co-operative models addressing “{areaName}” delivered in {region}: {Count(answer["totalCount"]!.GetValue<int>())} of {Count(all["totalCount"]!.GetValue<int>())}.",
            await page.Locator("#models-filtered").TextContentAsync());
    }

    /// <summary>Models of the journey's area (or an area within it), of a family and delivered in a region when given.</summary>
    private static JsonObject Where(string? family, string? region)
    {
        var where = new JsonObject { ["challengeAreas"] = new JsonObject { ["some"] = new JsonObject { ["within"] = new JsonObject { ["key"] = new JsonObject { ["eq"] = Area } } } } };
        if (family is not null)
        {
            where["family"] = new JsonObject { ["eq"] = family };
        }

        if (region is not null)
        {
            where["organisations"] = new JsonObject { ["some"] = new JsonObject { ["region"] = new JsonObject { ["eq"] = region } } };
        }

        return where;
    }

    private async Task<JsonNode> ModelsAsync(JsonObject where) => (await server.DataAsync(ModelsQuery, new { where }))["models"]!;

    private static int FacetCount(JsonNode models, string facet, string value) =>
        models["facets"]![facet]!.AsArray().FirstOrDefault(f => f!["value"]?.GetValue<string>() == value)?["count"]!.GetValue<int>() ?? 0;

    /// <summary>"Level N or higher (count)", strongest first: the models whose strongest evidence is at level N or above.</summary>
    private static IEnumerable<string> StrengthChoices(JsonNode models)
    {
        var levels = models["facets"]!["bestEvidenceLevel"]!.AsArray().Where(f => f!["value"] is not null)
            .Select(f => (Level: int.Parse(f!["value"]!.GetValue<string>(), CultureInfo.InvariantCulture), Count: f["count"]!.GetValue<int>())).ToList();
        return levels.OrderByDescending(l => l.Level).Select(l => $"Level {l.Level} or higher ({Count(levels.Where(o => o.Level >= l.Level).Sum(o => o.Count))})");
    }

    private static List<string> Names(JsonNode connection) => [.. connection["nodes"]!.AsArray().Select(n => n!["name"]!.GetValue<string>())];

    private static async Task<IReadOnlyList<string>> NamesAsync(IPage page) => await page.Locator("#models tbody tr th a").AllTextContentsAsync();

    private static async Task<IReadOnlyList<string>> OptionsAsync(IPage page, string select) => await page.Locator($"{select} option").AllTextContentsAsync();

    private Task<IPage> OpenAsync(string path, int width = 1366, int height = 900) => ExplorerPages.OpenAsync(server, chromium, path, width, height);

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
