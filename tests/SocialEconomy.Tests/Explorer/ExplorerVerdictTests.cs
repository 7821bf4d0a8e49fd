using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SocialEconomy.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SocialEconomy.Tests.Explorer;

/// <summary>
/// Whether a model works, as the explorer shows it on the seed data: a model's "Does it work?" with its verdict in
/// words, its meaning, reason and rule, and the studies that decided it; the models page and an area's models with a
/// Verdict column, those that work first, and a filter by verdict counted by the API's facets and kept in the address.
/// Every expectation is the API's answer, fetched in the test.
/// </summary>
public sealed class ExplorerVerdictTests(ExplorerApiServer server, ChromiumBrowser chromium, ITestOutputHelper output)
    : IClassFixture<ExplorerApiServer>, IClassFixture<ChromiumBrowser>
{
    private const int PhoneWidth = 390;

    private const string ModelVerdictQuery = """
        query($key: String!) {
          models(where: { key: { eq: $key } }) {
            nodes { id name verdict { value rule reason decidedBy { id title year design rating { level reason } findings { outcome { name } effect } } } }
          }
        }
        """;

    private const string ModelsQuery = """
        query($where: ModelFilterInput) {
          models(where: $where, order: [{ verdict: DESC }, { bestEvidenceLevel: DESC }, { name: ASC }], first: 200) {
            totalCount nodes { name verdict { value } } facets { verdict { value count } }
          }
        }
        """;

    /// <summary>An area's models ranked by the evidence about it, with their counts per verdict there.</summary>
    private const string AreaModelsQuery = """
        query($key: String!, $verdicts: [Verdict!]) {
          challengeAreas(where: { key: { eq: $key } }, first: 1) { nodes {
            modelsByEvidence(verdict: $verdicts, first: 200) { totalCount byVerdict { verdict count } nodes { value model { name } } }
          } }
        }
        """;

    private static readonly string[] Works = ["EFFECTIVE", "PROMISING"];

    [SkippableFact]
    public async Task MultisystemicTherapyPage_SaysMixed_WithItsMeaningReasonAndRule_AndListsTheStudiesThatDecidedIt()
    {
        var model = await ModelAsync("multisystemic-therapy");
        var verdict = model["verdict"]!;
        Assert.True(verdict["value"]!.GetValue<string>() == "MIXED", $"The seed's multisystemic therapy is {verdict["value"]}; the test reads a model whose trials disagree.");

        var page = await OpenAsync($"/model/{Uri.EscapeDataString(model["id"]!.GetValue<string>())}");
        var section = page.Locator("#verdict");
        Assert.Equal("Does it work?", await section.Locator("h2").TextContentAsync());
        Assert.Equal("Mixed", await section.Locator(".verdict-value .verdict-badge").TextContentAsync());
        Assert.Equal(await MeaningAsync("MIXED"), await section.Locator(".verdict-meaning").TextContentAsync());
        Assert.Equal($"Why: {verdict["reason"]}", await section.Locator(".verdict-reason").TextContentAsync());
        var rule = await section.Locator(".verdict-rule").TextContentAsync();
        Assert.Contains($"derived by the rule {verdict["rule"]}", rule, StringComparison.Ordinal);
        Assert.Contains("apart from how strong its evidence is", rule, StringComparison.Ordinal);

        await AssertDecidingStudiesShownAsync(page, verdict["decidedBy"]!.AsArray());

        // The rule in the API's words, each verdict it names in words too.
        await page.GetByText("How the rule decides").ClickAsync();
        var explained = await section.Locator(".verdicts-explained p").TextContentAsync();
        Assert.Contains("model-verdict/2", explained, StringComparison.Ordinal);
        Assert.Contains("“No effect found”", explained, StringComparison.Ordinal);
        await AssertNoEnumCodesAsync(page);
        await AssertAccessibleAsync(page, "verdict-mst-mixed");
    }

    [SkippableFact]
    public async Task DrivePage_SaysEffective_AndAModelWithoutEvidence_SaysInOneLineThatTheEvidenceIsInsufficient()
    {
        var drive = await ModelAsync("drive-perpetrator-programme");
        var verdict = drive["verdict"]!;
        Assert.True(verdict["value"]!.GetValue<string>() == "EFFECTIVE", $"The seed's Drive is {verdict["value"]}; the test reads an effective model.");
        var page = await OpenAsync($"/model/{Uri.EscapeDataString(drive["id"]!.GetValue<string>())}");
        Assert.Equal("Effective", await page.Locator("#verdict .verdict-value .verdict-badge").TextContentAsync());
        Assert.Equal(await MeaningAsync("EFFECTIVE"), await page.Locator("#verdict .verdict-meaning").TextContentAsync());
        Assert.Equal($"Why: {verdict["reason"]}", await page.Locator("#verdict .verdict-reason").TextContentAsync());
        await AssertDecidingStudiesShownAsync(page, verdict["decidedBy"]!.AsArray());
        await AssertNoEnumCodesAsync(page);
        await AssertAccessibleAsync(page, "verdict-drive-effective");

        var unevaluated = (await server.DataAsync("""
            { models(where: { evidence: { any: false } }, order: [{ name: ASC }], first: 1) { nodes { id verdict { value rule reason decidedBy { id } } } } }
            """))["models"]!["nodes"]!.AsArray();
        Assert.True(unevaluated.Count == 1, "No seed model is without evidence; the test needs one.");
        var none = unevaluated[0]!["verdict"]!;
        Assert.Equal("INSUFFICIENT_EVIDENCE", none["value"]!.GetValue<string>());
        Assert.Empty(none["decidedBy"]!.AsArray());

        page = await OpenAsync($"/model/{Uri.EscapeDataString(unevaluated[0]!["id"]!.GetValue<string>())}");
        var lines = await page.Locator("#verdict p").AllTextContentsAsync();
        Assert.Single(lines);
        Assert.Equal($"Insufficient evidence {none["reason"]} A verdict by the rule {none["rule"]}, apart from how strong the evidence is.", lines[0]);
        Assert.Equal(0, await page.Locator("#verdict table").CountAsync());
        await AssertNoEnumCodesAsync(page);
        await AssertAccessibleAsync(page, "verdict-insufficient-evidence");
    }

    [SkippableFact]
    public async Task ModelsPage_ListsEveryModelWithItsVerdictInWords_InTheApisVerdictOrder_AndFiltersByVerdictKeptInTheAddress()
    {
        var all = (await server.DataAsync(ModelsQuery))["models"]!;
        var total = all["totalCount"]!.GetValue<int>();
        Assert.True(total == all["nodes"]!.AsArray().Count, $"The seed has {total} models, more than the first page the test reads.");
        var meanings = await VerdictsAsync();
        var page = await OpenAsync("/models");

        Assert.Equal($"Models ({Count(total)})", await page.Locator("#models h2").TextContentAsync());
        Assert.Equal(Rows(all), await RowsAsync(page, "#models"));
        Assert.Equal(await ExpectedChoicesAsync(total, all["facets"]!["verdict"]!.AsArray()), await ChoicesAsync(page, "#models-verdict"));

        // CSV has each verdict in words and its code beside them.
        var csv = (await DownloadAsync(page, page.Locator("#models [data-export=csv]"))).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Model,Verdict,Verdict (code),", csv[0], StringComparison.Ordinal);
        Assert.Equal(all["nodes"]!.AsArray().Select(m => $"{Words(m!["verdict"]!["value"]!.GetValue<string>())},{m["verdict"]!["value"]}"),
            csv.Skip(1).Select(line => string.Join(',', SplitCsv(line).Skip(1).Take(2))));
        await page.GetByText("What the verdicts mean").ClickAsync();
        Assert.Equal(all["nodes"]!.AsArray().Select(m => m!["verdict"]!["value"]!.GetValue<string>()).Distinct()
                .Select(v => $"{Words(v)}: {meanings.Single(m => m.Code == v).Meaning}").Order(StringComparer.Ordinal),
            (await page.Locator(".verdicts-explained dt").AllTextContentsAsync())
                .Zip(await page.Locator(".verdicts-explained dd").AllTextContentsAsync(), (term, meaning) => $"{term}: {meaning}")
                .Order(StringComparer.Ordinal));
        await AssertNoEnumCodesAsync(page);
        await AssertAccessibleAsync(page, "verdict-models");

        // Effective or promising, then each verdict the API counts: the list is the API's where, in its order.
        var choices = new List<string[]> { Works };
        choices.AddRange(all["facets"]!["verdict"]!.AsArray().Select(f => new[] { f!["value"]!.GetValue<string>() }));
        foreach (var verdicts in choices)
        {
            var value = string.Join(',', verdicts);
            var filtered = (await server.DataAsync(ModelsQuery, new { where = new { verdict = new { @in = verdicts } } }))["models"]!;
            Assert.True(filtered["totalCount"]!.GetValue<int>() > 0, $"No model is {value}, though the facets count some.");
            await page.Locator("#models-verdict").SelectOptionAsync(value);
            await page.GetByRole(AriaRole.Button, new() { Name = "Filter", Exact = true }).ClickAsync();
            await ExpectRowsAsync(page, "#models", filtered);
            Assert.EndsWith($"/models?verdict={value}", page.Url, StringComparison.Ordinal);
            Assert.Equal($"Models ({Count(filtered["totalCount"]!.GetValue<int>())})", await page.Locator("#models h2").TextContentAsync());
            Assert.Equal(value, await page.Locator("#models-verdict").InputValueAsync());
            Assert.EndsWith($": {Count(filtered["totalCount"]!.GetValue<int>())} of {Count(total)}.", await page.Locator("#models-filtered").TextContentAsync(), StringComparison.Ordinal);
        }

        // The address holds the filter: opened again, it shows the same list.
        var works = (await server.DataAsync(ModelsQuery, new { where = new { verdict = new { @in = Works } } }))["models"]!;
        await page.Locator("#models-verdict").SelectOptionAsync("EFFECTIVE,PROMISING");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter", Exact = true }).ClickAsync();
        await ExpectRowsAsync(page, "#models", works);
        await page.ReloadAsync();
        await ExpectRowsAsync(page, "#models", works);
        Assert.Equal($"Models ({Count(works["totalCount"]!.GetValue<int>())})", await page.Locator("#models h2").TextContentAsync());
        Assert.Equal("EFFECTIVE,PROMISING", await page.Locator("#models-verdict").InputValueAsync());
        Assert.Equal($"Showing models that work (effective or promising): {Count(works["totalCount"]!.GetValue<int>())} of {Count(total)}.",
            await page.Locator("#models-filtered").TextContentAsync());
        await AssertNoEnumCodesAsync(page);
        await AssertAccessibleAsync(page, "verdict-models-that-work");
    }

    [SkippableFact]
    public async Task AreaPage_FiltersItsModelsByVerdict_WithTheApisCounts_KeptInTheAddress()
    {
        var (area, whole) = await AreaWithMostVerdictsAsync();
        var key = area["key"]!.GetValue<string>();
        var name = area["name"]!.GetValue<string>();
        var heading = $"Models with evidence in {name}";
        var facets = whole["all"]!["facets"]!["verdict"]!.AsArray();
        output.WriteLine($"{key}: {string.Join(", ", facets.Select(f => $"{f!["value"]} {f["count"]}"))}");

        var page = await OpenAsync($"/challenge-area/{Uri.EscapeDataString(area["id"]!.GetValue<string>())}");
        var title = page.Locator("#models-with-evidence h2");
        Assert.Equal($"{heading} ({Count(whole["models"]!["totalCount"]!.GetValue<int>())})", await title.TextContentAsync());
        Assert.Equal(Rows(whole["models"]!), await RowsAsync(page, "#models-with-evidence"));
        Assert.Equal(await ExpectedChoicesAsync(whole["all"]!["totalCount"]!.GetValue<int>(), facets), await ChoicesAsync(page, "#verdict-filter"));
        await AssertNoEnumCodesAsync(page);

        // Effective or promising, then each verdict present here: each list is the API's where, the filter keeps focus.
        var choices = new List<string[]> { Works };
        choices.AddRange(facets.Select(f => new[] { f!["value"]!.GetValue<string>() }));
        foreach (var verdicts in choices)
        {
            var value = string.Join(',', verdicts);
            var filtered = await AreaModelsAsync(key, verdicts);
            await page.Locator("#verdict-filter").SelectOptionAsync(value);
            await ExpectRowsAsync(page, "#models-with-evidence", filtered["models"]!);
            Assert.Equal($"{heading} ({Count(filtered["models"]!["totalCount"]!.GetValue<int>())})", await title.TextContentAsync());
            Assert.EndsWith($"?verdict={value}", page.Url, StringComparison.Ordinal);
            Assert.Equal("verdict-filter", await page.EvaluateAsync<string>("document.activeElement.id"));
            Assert.EndsWith($": {Count(filtered["models"]!["totalCount"]!.GetValue<int>())} of {Count(whole["all"]!["totalCount"]!.GetValue<int>())}.",
                await page.Locator("#models-with-evidence-filtered").TextContentAsync(), StringComparison.Ordinal);
        }

        // The address holds the filter: reloaded, the area shows the models that work.
        var works = (await AreaModelsAsync(key, Works))["models"]!;
        await page.Locator("#verdict-filter").SelectOptionAsync("EFFECTIVE,PROMISING");
        await ExpectRowsAsync(page, "#models-with-evidence", works);
        await page.ReloadAsync();
        await ExpectRowsAsync(page, "#models-with-evidence", works);
        Assert.Equal($"{heading} ({Count(works["totalCount"]!.GetValue<int>())})", await title.TextContentAsync());
        Assert.Equal("EFFECTIVE,PROMISING", await page.Locator("#verdict-filter").InputValueAsync());
        await AssertNoEnumCodesAsync(page);
        await AssertAccessibleAsync(page, "verdict-area-models-that-work", "#models-with-evidence");

        await page.Locator("[data-clear-filters=models-with-evidence]").ClickAsync();
        await ExpectRowsAsync(page, "#models-with-evidence", whole["models"]!);
        Assert.DoesNotContain("verdict=", page.Url, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ModelPage_SaysWhetherItWorksInEachArea_AndAnAreaListsItByTheEvidenceThere()
    {
        server.SkipIfUnavailable();
        // Telecare's trials disagree as a whole; about independent living, its one trial found no effect.
        var model = (await server.DataAsync("""
            { models(where: { key: { eq: "telecare" } }) { nodes {
                id name verdict { value }
                areaVerdicts { area { id key name } value reason bestEvidenceLevel decidedBy { title } }
            } } }
            """))["models"]!["nodes"]![0]!;
        var overall = model["verdict"]!["value"]!.GetValue<string>();
        var byArea = model["areaVerdicts"]!.AsArray();
        var differing = byArea.FirstOrDefault(v => v!["value"]!.GetValue<string>() != overall);
        Assert.True(differing is not null, $"Telecare is {overall} in every area; the test reads a model whose verdict differs between areas.");

        var page = await OpenAsync($"/model/{Uri.EscapeDataString(model["id"]!.GetValue<string>())}");
        var rows = page.Locator("#area-verdicts tbody tr");
        Assert.Equal($"Does it work in each area? ({byArea.Count})", await page.Locator("#area-verdicts h2").TextContentAsync());
        Assert.Equal(byArea.Select(v => $"{v!["area"]!["name"]} | {Words(v["value"]!.GetValue<string>())}"),
            await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.querySelector('th a').textContent + ' | ' + r.querySelector('td .verdict-badge').textContent)"));
        for (var i = 0; i < byArea.Count; i++)
        {
            var row = rows.Nth(i);
            Assert.Contains(byArea[i]!["reason"]!.GetValue<string>(), await row.Locator("td").Nth(0).TextContentAsync(), StringComparison.Ordinal);
            Assert.Equal(byArea[i]!["bestEvidenceLevel"] is { } level ? $"level {level}" : "not appraised", await row.Locator("td").Nth(1).TextContentAsync());
            Assert.Equal(byArea[i]!["decidedBy"]!.AsArray().Select(e => e!["title"]!.GetValue<string>()), await row.Locator("td").Nth(2).Locator("a").AllTextContentsAsync());
        }

        await AssertNoEnumCodesAsync(page);
        await ScreenshotAsync(page, "verdict-model-per-area");

        // On the page of the area where it differs, the list says the verdict there, not the model's overall one.
        var area = differing!["area"]!;
        var areaPage = await OpenAsync($"/challenge-area/{Uri.EscapeDataString(area["id"]!.GetValue<string>())}");
        var expected = (await AreaModelsAsync(area["key"]!.GetValue<string>(), null))["models"]!;
        await ExpectRowsAsync(areaPage, "#models-with-evidence", expected);
        Assert.Contains($"{model["name"]!.GetValue<string>()} | {Words(differing["value"]!.GetValue<string>())}", await RowsAsync(areaPage, "#models-with-evidence"));
    }

    [SkippableFact]
    public async Task OnAPhone_VerdictPagesDoNotScrollSideways()
    {
        var telecare = await server.IdAsync("models", "telecare");
        var ips = await server.IdAsync("models", "ips-employment-support");
        var (area, _) = await AreaWithMostVerdictsAsync();
        var areaPath = $"/challenge-area/{Uri.EscapeDataString(area["id"]!.GetValue<string>())}";
        foreach (var (name, path) in new[]
        {
            ("verdict-phone-telecare", $"/model/{Uri.EscapeDataString(telecare)}"),
            ("verdict-phone-ips-mixed", $"/model/{Uri.EscapeDataString(ips)}"),
            ("verdict-phone-models", "/models?verdict=EFFECTIVE,PROMISING"),
            ("verdict-phone-area", $"{areaPath}?verdict=EFFECTIVE,PROMISING"),
        })
        {
            var page = await OpenAsync(path, PhoneWidth, 844);
            await page.Locator("#verdict, #models, #models-with-evidence").First.WaitForAsync();
            var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            var wide = await page.EvaluateAsync<string[]>("""
                [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.parentElement?.closest('.table-wrap'))
                  .slice(0, 5).map(e => e.tagName + '.' + e.className)
                """);
            Assert.True(width <= PhoneWidth, $"{path} is {width}px wide on a {PhoneWidth}px screen: {string.Join(", ", wide)}");
            await ScreenshotAsync(page, name);
        }
    }

    [SkippableFact]
    public async Task EvidencePage_ShowsItsRatingOnEachScale_WithSources_AndEachFindingsSizeAndSignificance()
    {
        server.SkipIfUnavailable();
        var evidence = (await server.DataAsync("""
            { evidence(first: 200, order: [{ title: ASC }]) { nodes {
                id title studiesPooled ratings { scale level label reason sources { title } }
                findings { outcome { name } primary effectSize significant } } } }
            """))["evidence"]!["nodes"]!.AsArray();
        // A trial rated on other scales than the curator's, with a finding whose size the source gives.
        var study = evidence.First(e => e!["ratings"]!.AsArray().Count >= 2 && e["findings"]!.AsArray().Any(f => f!["effectSize"] is not null))!;
        var page = await OpenAsync($"/evidence/{Uri.EscapeDataString(study["id"]!.GetValue<string>())}");

        var others = study["ratings"]!.AsArray().Skip(1).ToList();
        var shown = page.Locator("dl.facts dt:text-is('On other scales') + dd li");
        Assert.Equal(others.Count, await shown.CountAsync());
        for (var i = 0; i < others.Count; i++)
        {
            var item = shown.Nth(i);
            var text = await item.InnerTextAsync();
            Assert.Contains($"level {others[i]!["level"]}", text, StringComparison.Ordinal);
            Assert.Contains(others[i]!["reason"]!.GetValue<string>(), text, StringComparison.Ordinal);
            if (others[i]!["label"] is { } label)
            {
                Assert.Contains($"“{label}”", text, StringComparison.Ordinal);
            }

            // Each rating on another scale links the sources that give it.
            Assert.Equal(others[i]!["sources"]!.AsArray().Select(s => s!["title"]!.GetValue<string>()).Order(StringComparer.Ordinal),
                (await item.Locator(".sources a").AllTextContentsAsync()).Select(t => t.Replace(" (opens in a new tab)", "", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        }

        var rows = page.Locator("#findings tbody tr");
        foreach (var finding in study["findings"]!.AsArray())
        {
            var row = rows.Filter(new() { Has = page.Locator("th", new() { HasText = finding!["outcome"]!["name"]!.GetValue<string>() }) }).First;
            var size = await row.Locator("td").Nth(1).InnerTextAsync();
            if (finding["effectSize"] is { } effectSize)
            {
                Assert.Contains(effectSize.GetValue<string>(), size, StringComparison.Ordinal);
            }

            if (finding["significant"] is { } significant)
            {
                Assert.Contains(significant.GetValue<bool>() ? "statistically significant" : "not statistically significant", size, StringComparison.Ordinal);
            }

            Assert.Equal(finding["primary"]?.GetValue<bool>() == true, (await row.Locator("td").Nth(0).InnerTextAsync()).Contains("(primary outcome)", StringComparison.Ordinal));
        }

        await AssertNoEnumCodesAsync(page);
        await AssertAccessibleAsync(page, "evidence-ratings-and-effect-sizes");
    }

    private async Task<JsonNode> ModelAsync(string key)
    {
        server.SkipIfUnavailable();
        var nodes = (await server.DataAsync(ModelVerdictQuery, new { key }))["models"]!["nodes"]!.AsArray();
        Assert.True(nodes.Count == 1, $"The seed has no model {key}.");
        return nodes[0]!;
    }

    /// <summary>The deciding studies, in the API's order: each linked to its page, with its design and year, its rating and its findings in words.</summary>
    private static async Task AssertDecidingStudiesShownAsync(IPage page, JsonArray studies)
    {
        Assert.NotEmpty(studies);
        var rows = page.Locator("#verdict tbody tr");
        Assert.Equal(studies.Count, await rows.CountAsync());
        Assert.Equal($"The studies that decided it ({studies.Count})", await page.Locator("#verdict h3").TextContentAsync());
        for (var i = 0; i < studies.Count; i++)
        {
            var study = studies[i]!;
            var row = rows.Nth(i);
            var link = row.Locator("th a");
            Assert.Equal(study["title"]!.GetValue<string>(), await link.TextContentAsync());
            Assert.Equal($"/evidence/{Uri.EscapeDataString(study["id"]!.GetValue<string>())}", await link.GetAttributeAsync("href"));
            Assert.Equal($"{Design(study["design"]!.GetValue<string>())} · {study["year"]}", await row.Locator(".study-design").TextContentAsync());
            var rating = await row.Locator("td").Nth(0).TextContentAsync();
            Assert.Contains($"Level {study["rating"]!["level"]} on the ", rating, StringComparison.Ordinal);
            Assert.Contains(study["rating"]!["reason"]!.GetValue<string>(), rating, StringComparison.Ordinal);
            Assert.Equal(study["findings"]!.AsArray().Select(f => $"{f!["outcome"]!["name"]}: {Effect(f["effect"]?.GetValue<string>())}"),
                await row.Locator(".finding").AllTextContentsAsync());
        }
    }

    /// <summary>The area whose models with evidence have the most verdicts (at least two), with the API's counts of them and their list.</summary>
    private async Task<(JsonNode Area, JsonNode Models)> AreaWithMostVerdictsAsync()
    {
        server.SkipIfUnavailable();
        var areas = (await server.DataAsync("{ challengeAreas(order: [{ name: ASC }], first: 200) { nodes { id key name } } }"))["challengeAreas"]!["nodes"]!.AsArray();
        (JsonNode Area, JsonNode Models)? best = null;
        foreach (var area in areas)
        {
            var models = await AreaModelsAsync(area!["key"]!.GetValue<string>(), null);
            if (best is null || models["all"]!["facets"]!["verdict"]!.AsArray().Count > best.Value.Models["all"]!["facets"]!["verdict"]!.AsArray().Count)
            {
                best = (area, models);
            }
        }

        Assert.True(best is not null && best.Value.Models["all"]!["facets"]!["verdict"]!.AsArray().Count >= 2,
            "No area's models with evidence have two verdicts or more; the test needs one.");
        return best.Value;
    }

    /// <summary>
    /// The models with evidence in an area or beneath it, each with its verdict there, and those of them with the
    /// verdicts given, as the API answers: "all" with the counts per verdict, "models" with the list.
    /// </summary>
    private async Task<JsonNode> AreaModelsAsync(string key, string[]? verdicts)
    {
        var ranked = (await server.DataAsync(AreaModelsQuery, new { key, verdicts }))["challengeAreas"]!["nodes"]![0]!["modelsByEvidence"]!;
        var counts = ranked["byVerdict"]!.AsArray();
        return new JsonObject
        {
            ["all"] = new JsonObject
            {
                ["totalCount"] = counts.Sum(c => c!["count"]!.GetValue<int>()),
                ["facets"] = new JsonObject
                {
                    ["verdict"] = new JsonArray([.. counts.Select(c => new JsonObject { ["value"] = c!["verdict"]!.GetValue<string>(), ["count"] = c["count"]!.GetValue<int>() })]),
                },
            },
            ["models"] = new JsonObject
            {
                ["totalCount"] = ranked["totalCount"]!.GetValue<int>(),
                ["nodes"] = new JsonArray([.. ranked["nodes"]!.AsArray().Select(n => new JsonObject
                {
                    ["name"] = n!["model"]!["name"]!.GetValue<string>(), ["verdict"] = new JsonObject { ["value"] = n["value"]!.GetValue<string>() },
                })]),
            },
        };
    }

    /// <summary>Waits for the list to show the API's models (a filter's answer comes after the address changes), then compares them row by row.</summary>
    private static async Task ExpectRowsAsync(IPage page, string section, JsonNode models)
    {
        await Assertions.Expect(page.Locator($"{section} tbody tr th a"))
            .ToHaveTextAsync([.. models["nodes"]!.AsArray().Select(m => m!["name"]!.GetValue<string>())]);
        Assert.Equal(Rows(models), await RowsAsync(page, section));
    }

    /// <summary>The API's list as the page's rows: "name | verdict in words".</summary>
    private static List<string> Rows(JsonNode models) =>
        [.. models["nodes"]!.AsArray().Select(m => $"{m!["name"]} | {Words(m["verdict"]!["value"]!.GetValue<string>())}")];

    /// <summary>A list's rows: the model (its link) and the Verdict column beside it.</summary>
    private static async Task<List<string>> RowsAsync(IPage page, string section) =>
        [.. await page.Locator($"{section} tbody tr").EvaluateAllAsync<string[]>(
            "rows => rows.map(r => r.querySelector('th a').textContent + ' | ' + r.querySelector('td').textContent)")];

    /// <summary>The verdict filter's choices as the API counts them: all, effective or promising, and every verdict (none counted is 0).</summary>
    private async Task<List<string>> ExpectedChoicesAsync(int total, JsonArray facets)
    {
        var counts = facets.ToDictionary(f => f!["value"]!.GetValue<string>(), f => f!["count"]!.GetValue<int>());
        return
        [
            $" = All verdicts ({Count(total)})",
            $"EFFECTIVE,PROMISING = Effective or promising ({Count(Works.Sum(v => counts.GetValueOrDefault(v)))})",
            .. (await VerdictsAsync()).Select(verdict => $"{verdict.Code} = {Words(verdict.Code)} ({Count(counts.GetValueOrDefault(verdict.Code))})"),
        ];
    }

    /// <summary>A filter's options in order: "value = text".</summary>
    private static async Task<List<string>> ChoicesAsync(IPage page, string select) =>
        [.. await page.Locator($"{select} option").EvaluateAllAsync<string[]>("options => options.map(o => o.value + ' = ' + o.textContent)")];

    /// <summary>Each verdict and what it means, in the API's order: the descriptions of the Verdict enum.</summary>
    private async Task<List<(string Code, string Meaning)>> VerdictsAsync() =>
        [.. (await server.DataAsync("""{ __type(name: "Verdict") { enumValues { name description } } }"""))["__type"]!["enumValues"]!.AsArray()
            .Select(v => (v!["name"]!.GetValue<string>(), v["description"]!.GetValue<string>()))];

    private async Task<string> MeaningAsync(string verdict) => (await VerdictsAsync()).Single(v => v.Code == verdict).Meaning;

    /// <summary>No verdict (EFFECTIVE, NO_EFFECT_FOUND...), direction of effect, part or status code in the page's text, nor any other code with an underscore.</summary>
    private async Task AssertNoEnumCodesAsync(IPage page)
    {
        var codes = await ExplorerPages.AssertNoEnumCodesAsync(server, page, "main", "Verdict", "Effect", "ParticipationRole", "OrganisationStatus");
        Assert.Contains("NO_EFFECT_FOUND", codes);
        Assert.Contains("EFFECTIVE", codes);
    }

    private Task<IPage> OpenAsync(string path, int width = 1366, int height = 900) => ExplorerPages.OpenAsync(server, chromium, path, width, height);

    private Task AssertAccessibleAsync(IPage page, string name, string? part = null) => ExplorerPages.AssertAccessibleAsync(page, output, name, part);

    private Task ScreenshotAsync(IPage page, string name, string? part = null) => ExplorerPages.ScreenshotAsync(page, output, name, part);

    private static async Task<string> DownloadAsync(IPage page, ILocator button) => (await ExplorerPages.DownloadAsync(page, button)).Text;

    /// <summary>The fields of one CSV line (RFC 4180 quoting).</summary>
    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A direction of effect in words: NO_EFFECT is "No effect".</summary>
    private static string Effect(string? effect) => effect is null ? "direction not stated" : Words(effect);

    /// <summary>A study design as the page writes it: the designs able to attribute an effect in full, the others in words.</summary>
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
