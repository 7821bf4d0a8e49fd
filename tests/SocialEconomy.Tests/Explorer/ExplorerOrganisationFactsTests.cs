using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SocialEconomy.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SocialEconomy.Tests.Explorer;

/// <summary>
/// What commissioners and researchers read about organisations on the real open data (INDIGO and Co-operatives UK):
/// status, dates, SIC code and region on a record's page; lists of organisations filtered by status and region through
/// the API's where; the chart of a list by region; the parts organisations play in a model in plain words. Every
/// expectation is the API's answer, fetched in the test.
/// </summary>
[Collection(ExplorerOpenDataCollection.Name)]
public sealed class ExplorerOrganisationFactsTests(ExplorerOpenDataServer server, ChromiumBrowser chromium, ITestOutputHelper output)
{
    private const int PageSize = 200;

    private const string FacetsQuery = """
        query($where: OrganisationFilterInput!) { organisations(where: $where) { totalCount facets { region { value count } } } }
        """;

    [SkippableFact]
    public async Task OrganisationPage_OfADissolvedCoopsUkRecord_ShowsItsStatusDatesSicCodeAndRegion()
    {
        server.SkipIfUnavailable();
        var candidates = (await server.DataAsync("""
            { organisations(where: { origin: { eq: "coops-uk" }, status: { eq: DISSOLVED }, dissolvedOn: { neq: null }, incorporatedOn: { neq: null }, region: { neq: null } }, order: [{ name: ASC }], first: 200) {
                nodes { id name status incorporatedOn dissolvedOn sector region regionRule nation postcode sicCodes { code description } participations { role roleDetail } } } }
            """))["organisations"]!["nodes"]!.AsArray();
        // One whose region a rule assigned (a postcode area spanning regions) and whose SIC code has its description: every fact shows.
        var record = candidates.FirstOrDefault(o => o!["regionRule"] is not null && o["sicCodes"]!.AsArray().Any(s => s!["description"] is not null));
        Assert.True(record is not null, $"None of the first {candidates.Count} dissolved Co-operatives UK records has both a region assigned by rule and a described SIC code.");
        var sic = record["sicCodes"]!.AsArray().First(s => s!["description"] is not null)!;
        var dissolvedOn = Date(record["dissolvedOn"]!);

        var page = await OpenAsync($"/organisation/{Uri.EscapeDataString(record["id"]!.GetValue<string>())}");
        Assert.Equal(record["name"]!.GetValue<string>(), await page.Locator("h1").TextContentAsync());
        var notice = await page.Locator("#status-notice").TextContentAsync();
        Assert.StartsWith("Dissolved", notice, StringComparison.Ordinal);
        Assert.Contains(dissolvedOn, notice, StringComparison.Ordinal);
        Assert.Equal($"Dissolved on {dissolvedOn}", await FactAsync(page, "Status"));
        Assert.Equal(Date(record["incorporatedOn"]!), await FactAsync(page, "Incorporated"));
        Assert.Equal(dissolvedOn, await FactAsync(page, "Dissolved"));
        Assert.Contains($"{sic["code"]} {sic["description"]}", await FactAsync(page, "SIC code"), StringComparison.Ordinal);
        Assert.Equal(record["sector"]!.GetValue<string>(), await FactAsync(page, "Sector"));
        var region = await FactAsync(page, "Region");
        Assert.StartsWith(record["region"]!.GetValue<string>(), region, StringComparison.Ordinal);
        Assert.Contains($"Assigned by a rule, not stated by the source: {record["regionRule"]}", region, StringComparison.Ordinal);
        Assert.Equal(record["nation"]!.GetValue<string>(), await FactAsync(page, "Nation"));
        Assert.Equal(record["postcode"]!.GetValue<string>(), await FactAsync(page, "Postcode"));
        // An imported record says which dataset it came from, under its name and in its facts; a curated one has no badge.
        Assert.Equal("Imported from the Co-operatives UK open data", await page.Locator(".page-heading .dataset-badge").TextContentAsync());
        Assert.EndsWith(", from the Co-operatives UK open data", (await FactAsync(page, "Record"))!, StringComparison.Ordinal);
        var curated = await OpenAsync($"/organisation/{Uri.EscapeDataString(await server.IdAsync("organisations", "st-mungos"))}");
        Assert.Equal(0, await curated.Locator(".dataset-badge").CountAsync());
        Assert.Equal("st-mungos, from the curated seed data", await FactAsync(curated, "Record"));

        // The models it runs or takes part in, each with its part in plain words and in the source's own.
        Assert.Equal(
            record["participations"]!.AsArray().Select(p => $"{Label(p!["role"]?.GetValue<string>())} | {p["roleDetail"]?.GetValue<string>() ?? "—"}").Order(StringComparer.Ordinal),
            (await RowsAsync(page, "#models")).Select(r => $"{r[1]} | {r[2]}").Order(StringComparer.Ordinal));
        await AssertNoEnumCodesAsync(page);
        await AssertAccessibleAsync(page, "organisation-dissolved-coops-uk");
    }

    [SkippableFact]
    public async Task ModelOrganisations_StatusAndRegionFilters_ChangeTheListItsCountAndTheChart_AndStayInTheAddress()
    {
        server.SkipIfUnavailable();
        var models = (await server.DataAsync("""
            { models(where: { origin: { eq: "coops-uk" } }, first: 200) { nodes { id key name organisationsConnection(first: 1) { totalCount } } } }
            """))["models"]!["nodes"]!.AsArray();
        var model = models.MaxBy(m => m!["organisationsConnection"]!["totalCount"]!.GetValue<int>())!;
        var key = model["key"]!.GetValue<string>();
        var whole = await FacetsAsync(RunBy(key));
        // The list read through organisations(where:) is the model's own: the same organisations as its connection.
        Assert.Equal(model["organisationsConnection"]!["totalCount"]!.GetValue<int>(), whole.Total);
        var dissolved = await FacetsAsync(RunBy(key, status: "DISSOLVED"));
        Assert.True(dissolved.Total > 0 && dissolved.Total < whole.Total, $"{key}: {dissolved.Total} dissolved of {whole.Total}; the test needs some of each.");

        var page = await OpenAsync($"/model/{Uri.EscapeDataString(model["id"]!.GetValue<string>())}");
        var heading = page.Locator("#organisations h2");
        Assert.Equal($"Organisations running it {CountText(whole.Total)}", await heading.TextContentAsync());
        Assert.Equal(whole.Regions, await ChartAsync(page));

        await page.Locator("#organisations-status").SelectOptionAsync("DISSOLVED");
        await Assertions.Expect(heading).ToHaveTextAsync($"Organisations running it {CountText(dissolved.Total)}");
        Assert.Contains("status=DISSOLVED", page.Url, StringComparison.Ordinal);
        Assert.All(await StatusCellsAsync(page), status => Assert.StartsWith("Dissolved", status, StringComparison.Ordinal));
        Assert.Equal(dissolved.Regions, await ChartAsync(page));
        Assert.Equal($"Showing dissolved organisations: {Count(dissolved.Total)} of {Count(whole.Total)}.", await page.Locator("#organisations-filtered").TextContentAsync());
        Assert.Equal("organisations-status", await page.EvaluateAsync<string>("document.activeElement.id"));

        // The region with most dissolved organisations: the count is the API's for both conditions, the chart one region.
        var region = dissolved.Regions.Where(r => r.Key.Length > 0).MaxBy(r => int.Parse(r.Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)).Key;
        var both = await FacetsAsync(RunBy(key, status: "DISSOLVED", region: region));
        await page.Locator("#organisations-region").SelectOptionAsync(region);
        await Assertions.Expect(heading).ToHaveTextAsync($"Organisations running it {CountText(both.Total)}");
        Assert.All(await page.Locator("#organisations tbody tr td:nth-of-type(4)").AllTextContentsAsync(), cell => Assert.Equal(region, cell));
        Assert.Equal($"All of them are in {region}.", (await page.Locator("#organisations-by-region").TextContentAsync())![..$"All of them are in {region}.".Length]);
        await AssertAccessibleAsync(page, "model-organisations-dissolved-in-a-region", "#organisations .list-filters");

        // The address holds the filters: reloaded, it shows the same list.
        await page.ReloadAsync();
        await Assertions.Expect(heading).ToHaveTextAsync($"Organisations running it {CountText(both.Total)}");
        Assert.Equal("DISSOLVED", await page.Locator("#organisations-status").InputValueAsync());
        Assert.Equal(region, await page.Locator("#organisations-region").InputValueAsync());

        await page.Locator("[data-clear-filters=organisations]").ClickAsync();
        await Assertions.Expect(heading).ToHaveTextAsync($"Organisations running it {CountText(whole.Total)}");
        Assert.DoesNotContain("status=", page.Url, StringComparison.Ordinal);
        await ScreenshotAsync(page, "model-organisations-unfiltered", "#organisations-by-region");
    }

    [SkippableFact]
    public async Task AreaPage_ChartsItsOrganisationsByRegion_WithTheApisFacetCounts()
    {
        server.SkipIfUnavailable();
        var area = (await server.DataAsync("""
            { challengeAreas(first: 200) { nodes { id key organisationsConnection(first: 1) { totalCount } } } }
            """))["challengeAreas"]!["nodes"]!.AsArray().MaxBy(a => a!["organisationsConnection"]!["totalCount"]!.GetValue<int>())!;
        var key = area["key"]!.GetValue<string>();
        var where = new JsonObject { ["challengeAreas"] = new JsonObject { ["some"] = new JsonObject { ["key"] = new JsonObject { ["eq"] = key } } } };
        var whole = await FacetsAsync(where);
        Assert.Equal(area["organisationsConnection"]!["totalCount"]!.GetValue<int>(), whole.Total);
        Assert.True(whole.Regions.Count > 2, $"The area {key} with most organisations has them in {whole.Regions.Count} regions; the chart needs several.");

        var page = await OpenAsync($"/challenge-area/{Uri.EscapeDataString(area["id"]!.GetValue<string>())}");
        Assert.Equal($"Organisations working here {CountText(whole.Total)}", await page.Locator("#organisations h2").TextContentAsync());
        Assert.Equal(whole.Regions, await ChartAsync(page));
        Assert.Contains($"{Count(whole.Total)} in all", await page.Locator("#organisations-by-region figcaption").TextContentAsync(), StringComparison.Ordinal);
        await AssertAccessibleAsync(page, "area-organisations-by-region", "#organisations-by-region");

        // Opened with a status in the address, the chart counts the active organisations only.
        where["status"] = new JsonObject { ["eq"] = "ACTIVE" };
        var active = await FacetsAsync(where);
        page = await OpenAsync($"/challenge-area/{Uri.EscapeDataString(area["id"]!.GetValue<string>())}?status=ACTIVE");
        Assert.Equal($"Organisations working here {CountText(active.Total)}", await page.Locator("#organisations h2").TextContentAsync());
        Assert.Equal(active.Regions, await ChartAsync(page));
    }

    [SkippableFact]
    public async Task OrganisationsFoundBySearch_ListedWithFilters_CountAsTheApisWhere()
    {
        server.SkipIfUnavailable();
        const string Text = "housing";
        JsonObject Named(string? status = null)
        {
            var where = new JsonObject { ["or"] = new JsonArray(
                new JsonObject { ["name"] = new JsonObject { ["contains"] = Text } },
                new JsonObject { ["alternativeNames"] = new JsonObject { ["contains"] = Text } },
                new JsonObject { ["formerNames"] = new JsonObject { ["contains"] = Text } }) };
            if (status is not null)
            {
                where["status"] = new JsonObject { ["eq"] = status };
            }

            return where;
        }

        var all = await FacetsAsync(Named());
        var dissolved = await FacetsAsync(Named("DISSOLVED"));
        Assert.True(dissolved.Total > 0, "No dissolved organisation is named like housing co-operatives; the test needs some.");

        var page = await OpenAsync($"/search?q={Text}");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Organisations named “{Text}”, by status and region" }).ClickAsync();
        var heading = page.Locator("#organisations h2");
        await Assertions.Expect(heading).ToHaveTextAsync($"Organisations named “{Text}” {CountText(all.Total)}");
        Assert.Equal(all.Regions, await ChartAsync(page));

        await page.Locator("#organisations-status").SelectOptionAsync("DISSOLVED");
        await Assertions.Expect(heading).ToHaveTextAsync($"Organisations named “{Text}” {CountText(dissolved.Total)}");
        Assert.All(await page.Locator("#organisations tbody tr td:nth-of-type(1)").AllTextContentsAsync(), status => Assert.StartsWith("Dissolved", status, StringComparison.Ordinal));
        Assert.Equal(dissolved.Regions, await ChartAsync(page));
        await AssertAccessibleAsync(page, "organisations-named-housing-dissolved", "#organisations-by-region");
    }

    [SkippableFact]
    public async Task ModelPages_NameEveryPartInPlainWords_WithTheSourcesWording_AndNeverShowEnumCodes()
    {
        server.SkipIfUnavailable();
        var indigo = (await server.DataAsync("""
            { models(where: { origin: { eq: "indigo" } }, first: 200) { nodes { id key name participations { role roleDetail organisation { name } } } } }
            """))["models"]!["nodes"]!.AsArray();
        // The outcomes partnership with the most kinds of part: service providers, investors, outcome payers, intermediaries...
        var model = indigo.MaxBy(m => m!["participations"]!.AsArray().Select(p => p!["role"]?.GetValue<string>()).Distinct().Count())!;
        var parts = model["participations"]!.AsArray().Select(p => (
            Organisation: p!["organisation"]!["name"]!.GetValue<string>(), Role: p["role"]?.GetValue<string>(), Detail: p["roleDetail"]?.GetValue<string>() ?? "—")).ToList();
        var running = new[] { "OPERATOR", "SERVICE_PROVIDER" };
        output.WriteLine($"{model["name"]}: {string.Join(", ", parts.Select(p => p.Role).Distinct())}");

        var page = await OpenAsync($"/model/{Uri.EscapeDataString(model["id"]!.GetValue<string>())}");
        var parties = await RowsAsync(page, "#parties");
        Assert.Equal(
            parts.Where(p => !running.Contains(p.Role)).Select(p => $"{p.Organisation} | {Label(p.Role)} | {p.Detail}").Order(StringComparer.Ordinal),
            parties.Select(r => string.Join(" | ", r.Take(3))).Order(StringComparer.Ordinal));
        var runners = await RowsAsync(page, "#organisations");
        foreach (var part in parts.Where(p => running.Contains(p.Role)))
        {
            var row = runners.Single(r => r[0] == part.Organisation);
            Assert.Contains(Label(part.Role), row[1].Split("; "));
        }

        // CSV keeps the codes, each beside its words.
        var csv = await DownloadAsync(page, page.Locator("#parties [data-export=csv]"));
        Assert.StartsWith("Organisation,Part it plays,Part it plays (code),In the source’s words,", csv, StringComparison.Ordinal);
        var first = parts.First(p => !running.Contains(p.Role));
        Assert.Contains($",{Label(first.Role)},{first.Role},", csv, StringComparison.Ordinal);
        await AssertNoEnumCodesAsync(page);
        await AssertAccessibleAsync(page, "model-indigo-parts");

        // The other kinds of model page: a Co-operatives UK ownership model, and seed models with networks and intermediaries.
        var others = await server.DataAsync("""
            { coops: models(where: { origin: { eq: "coops-uk" } }, first: 1) { nodes { id } }
              seed: models(where: { origin: { eq: "seed" }, participations: { some: { role: { in: [NETWORK, INTERMEDIARY] } } } }, first: 3) { nodes { id } } }
            """);
        foreach (var id in others["coops"]!["nodes"]!.AsArray().Concat(others["seed"]!["nodes"]!.AsArray()).Select(n => n!["id"]!.GetValue<string>()))
        {
            page = await OpenAsync($"/model/{Uri.EscapeDataString(id)}");
            await AssertNoEnumCodesAsync(page);
        }

        await AssertAccessibleAsync(page, "model-seed-parts");
    }

    [SkippableFact]
    public async Task FunderAndOrganisationRecordsOfOneBody_LinkToEachOther_AndShowTheirOtherNames()
    {
        server.SkipIfUnavailable();
        var funders = (await server.DataAsync("""
            { funders(where: { organisation: { name: { neq: "" } } }, order: [{ name: ASC }], first: 200) { nodes { id name formerNames alternativeNames organisation { id name funder { id } } } } }
            """))["funders"]!["nodes"]!.AsArray();
        var funder = funders.FirstOrDefault(f => f!["formerNames"]!.AsArray().Count > 0);
        Assert.True(funder is not null, $"None of the {funders.Count} funders with an organisation record has a former name.");
        var organisation = funder["organisation"]!;
        Assert.Equal(funder["id"]!.GetValue<string>(), organisation["funder"]!["id"]!.GetValue<string>());

        var page = await OpenAsync($"/funder/{Uri.EscapeDataString(funder["id"]!.GetValue<string>())}");
        Assert.Equal(string.Join("; ", funder["formerNames"]!.AsArray().Select(n => n!.GetValue<string>())), await FactAsync(page, "Formerly"));
        if (funder["alternativeNames"]!.AsArray().Count > 0)
        {
            Assert.Equal(string.Join("; ", funder["alternativeNames"]!.AsArray().Select(n => n!.GetValue<string>())), await FactAsync(page, "Also known as"));
        }

        await AssertAccessibleAsync(page, "funder-with-organisation-record");
        var link = page.Locator("section[aria-labelledby=facts-heading] dt:text-is('As an organisation') + dd a");
        Assert.Equal(organisation["name"]!.GetValue<string>(), await link.TextContentAsync());
        await link.ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = organisation["name"]!.GetValue<string>(), Level = 1 }).WaitForAsync();
        Assert.Equal(funder["name"]!.GetValue<string>(), await page.Locator("section[aria-labelledby=facts-heading] dt:text-is('As a funder') + dd a").TextContentAsync());
        await AssertAccessibleAsync(page, "organisation-with-funder-record");
    }

    /// <summary>The organisations running a model, with a status and region when given, as the API's where.</summary>
    private static JsonObject RunBy(string modelKey, string? status = null, string? region = null)
    {
        var where = new JsonObject { ["models"] = new JsonObject { ["some"] = new JsonObject { ["key"] = new JsonObject { ["eq"] = modelKey } } } };
        if (status is not null)
        {
            where["status"] = new JsonObject { ["eq"] = status };
        }

        if (region is not null)
        {
            where["region"] = new JsonObject { ["eq"] = region };
        }

        return where;
    }

    /// <summary>The API's count of the list and its counts by region (no region as ""), as the chart writes them.</summary>
    private async Task<(int Total, Dictionary<string, string> Regions)> FacetsAsync(JsonObject where)
    {
        var answer = (await server.DataAsync(FacetsQuery, new { where }))["organisations"]!;
        return (answer["totalCount"]!.GetValue<int>(), answer["facets"]!["region"]!.AsArray()
            .Where(f => f!["count"]!.GetValue<int>() > 0)
            .ToDictionary(f => f!["value"]?.GetValue<string>() ?? "", f => Count(f!["count"]!.GetValue<int>())));
    }

    private static async Task<Dictionary<string, string>> ChartAsync(IPage page)
    {
        var bars = await page.Locator("#organisations-by-region .chart-bar").EvaluateAllAsync<string[][]>(
            "bars => bars.map(b => [b.dataset.key, b.querySelector('.chart-number').textContent])");
        return bars.ToDictionary(bar => bar[0], bar => bar[1]);
    }

    private static Task<IReadOnlyList<string>> StatusCellsAsync(IPage page) =>
        page.Locator("#organisations tbody tr td:nth-of-type(3)").AllTextContentsAsync();

    /// <summary>Each row of a list's table as its cells' text, the row's organisation (its link) first.</summary>
    private static async Task<List<string[]>> RowsAsync(IPage page, string section) =>
        [.. await page.Locator($"{section} tbody tr").EvaluateAllAsync<string[][]>(
            "rows => rows.map(r => [r.querySelector('th a').textContent, ...[...r.querySelectorAll('td')].map(c => c.textContent)])")];

    private static Task<string?> FactAsync(IPage page, string label) =>
        page.Locator($"section[aria-labelledby=facts-heading] dl.facts > dt:text-is('{label}') + dd").TextContentAsync();

    [SkippableFact]
    public async Task ADocumentNobodyAppraised_SaysSo_OnItsPage_AndBelowTheRatedEvidenceOfItsProject()
    {
        server.SkipIfUnavailable();
        var unrated = (await server.DataAsync("""
            { evidence(where: { origin: { eq: "indigo" } }, first: 50, order: [{ title: ASC }]) { totalCount nodes { id title rating { level } ratings { level } models { id } } } }
            """))["evidence"]!;
        // No document INDIGO lists carries a rating nobody gave.
        Assert.True(unrated["totalCount"]!.GetValue<int>() > 0);
        Assert.All(unrated["nodes"]!.AsArray(), e => Assert.True(e!["rating"] is null && e["ratings"]!.AsArray().Count == 0, $"{e["title"]} is rated."));
        var document = unrated["nodes"]!.AsArray().First(e => e!["models"]!.AsArray().Count > 0)!;

        var page = await OpenAsync($"/evidence/{Uri.EscapeDataString(document["id"]!.GetValue<string>())}");
        var rating = page.Locator("dl.facts dt:text-is('Rating') + dd");
        Assert.Equal("Not appraised", await rating.Locator(".rating-badge").InnerTextAsync());
        Assert.Contains("nobody has rated its strength yet", await rating.InnerTextAsync(), StringComparison.Ordinal);
        await AssertAccessibleAsync(page, "evidence-not-appraised", "dl.facts");

        // On its project's page the document is listed, strongest first, so after every rated item.
        var project = document["models"]![0]!["id"]!.GetValue<string>();
        var projectPage = await OpenAsync($"/model/{Uri.EscapeDataString(project)}");
        var badges = await projectPage.Locator("#evidence tbody tr .rating-badge").AllInnerTextsAsync();
        Assert.Contains("Not appraised", badges);
        Assert.DoesNotContain(badges.SkipWhile(b => b != "Not appraised"), b => b != "Not appraised");
    }

    /// <summary>No part (OPERATOR, INVESTOR...) or status (DISSOLVED) code in the page's text, nor any other code with an underscore.</summary>
    private async Task AssertNoEnumCodesAsync(IPage page) =>
        Assert.Contains("SERVICE_PROVIDER", await ExplorerPages.AssertNoEnumCodesAsync(server, page, "main", "ParticipationRole", "OrganisationStatus"));

    private Task<IPage> OpenAsync(string path) => ExplorerPages.OpenAsync(server, chromium, path);

    private Task AssertAccessibleAsync(IPage page, string name, string? part = null) => ExplorerPages.AssertAccessibleAsync(page, output, name, part);

    private Task ScreenshotAsync(IPage page, string name, string? part = null) => ExplorerPages.ScreenshotAsync(page, output, name, part);

    private static async Task<string> DownloadAsync(IPage page, ILocator button) => (await ExplorerPages.DownloadAsync(page, button)).Text;

    /// <summary>A list's count in its heading: "(616)", or "(3,694; the first 200 shown)" when it runs past a page.</summary>
    private static string CountText(int total) => total > PageSize ? $"({Count(total)}; the first {PageSize} shown)" : $"({Count(total)})";

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A date as the page writes it: "6 June 2017".</summary>
    private static string Date(JsonNode iso) => DateOnly.ParseExact(iso.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>A part in plain words: SERVICE_PROVIDER is "Service provider".</summary>
    private static string Label(string? role) => role is null ? "Part not classified" : Words(role);

    private static string Words(string code)
    {
        var text = code.ToLowerInvariant().Replace('_', ' ');
        return char.ToUpperInvariant(text[0]) + text[1..];
    }
}
