using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SocialEconomy.Tests.Export;
using SocialEconomy.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SocialEconomy.Tests.Explorer;

/// <summary>
/// Every link the explorer renders leads somewhere, and every count it heads a list with is the list's: from a sample of pages of each kind, and from the page addresses
/// its CSV downloads carry, every explorer address shows a page (never "Not found", never an error), every query
/// opened in GraphiQL runs without errors, and every link to another site is an absolute http(s) address.
/// </summary>
public sealed partial class ExplorerLinkTests(ExplorerApiServer server, ChromiumBrowser chromium, ITestOutputHelper output)
    : IClassFixture<ExplorerApiServer>, IClassFixture<ChromiumBrowser>
{
    /// <summary>Record kinds as the explorer's addresses name them: /{slug}/{id}.</summary>
    private static readonly Dictionary<string, string> Slugs = new(StringComparer.Ordinal)
    {
        ["Model"] = "model", ["Organisation"] = "organisation", ["ChallengeArea"] = "challenge-area", ["Funder"] = "funder",
        ["Outcome"] = "outcome", ["Evidence"] = "evidence", ["Source"] = "source",
    };

    [SkippableFact]
    public async Task EveryLinkFromEveryKindOfPage_AndEveryPageAnExportNames_Resolves()
    {
        server.SkipIfUnavailable();
        chromium.SkipIfUnavailable();
        var samples = await SamplePagesAsync();
        var codes = await EnumCodesAsync();
        var (_, page, errors) = await chromium.NewPageAsync(server.BaseUrl);
        await page.GotoAsync("/");
        await WaitUntilShownAsync(page);

        var explorerLinks = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var graphiqlLinks = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        var exportsRead = 0;
        foreach (var (name, path) in samples)
        {
            var shown = await ShowAsync(page, path);
            Assert.True(shown.Problem is null, $"The sample page {name} ({path}): {shown.Problem}");
            foreach (var (href, external) in await LinksAsync(page))
            {
                Classify(href, external, path, explorerLinks, graphiqlLinks, problems);
            }

            // Each CSV download names, for each row, the record's id and its page on this explorer.
            var buttons = page.Locator("main [data-export=csv]");
            for (var i = 0; i < await buttons.CountAsync(); i++)
            {
                var (file, text) = await ExplorerPages.DownloadAsync(page, buttons.Nth(i));
                exportsRead++;
                var rows = Csv.Parse(text.Replace("\r\n", "\n", StringComparison.Ordinal)).Select(row => row.Select(field => field ?? "").ToList()).ToList();
                var header = rows[0];
                // Each "id" column ("id", or "from id" and "to id") has its "page" column beside it.
                var pairs = header.Select((column, index) => (column, index))
                    .Where(c => c.column == "id" || c.column.EndsWith(" id", StringComparison.Ordinal))
                    .Select(c => (Id: c.index, Page: header.IndexOf(c.column[..^2] + "page")))
                    .ToList();
                // Words for people, codes for machines: a column of words holds no code of the API's enums.
                for (var column = 0; column < header.Count; column++)
                {
                    if (header[column].EndsWith("(code)", StringComparison.Ordinal) || header[column] is "id" or "page"
                        || header[column].EndsWith(" id", StringComparison.Ordinal) || header[column].EndsWith(" page", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var found = rows.Skip(1).SelectMany(row => codes.Matches(row[column]).Select(m => m.Value)).Distinct().ToList();
                    if (found.Count > 0 && !file.StartsWith("evidence-map-", StringComparison.Ordinal))
                    {
                        problems.Add($"{file} (from {path}): the column '{header[column]}' holds the codes {string.Join(", ", found)}");
                    }
                }

                // The gap map's export lists cells (an area and an outcome by name), not records.
                if (file.StartsWith("evidence-map-", StringComparison.Ordinal))
                {
                    continue;
                }

                if (pairs.Count == 0 || pairs.Any(p => p.Page < 0))
                {
                    problems.Add($"{file} (from {path}) has no id column with a page column beside it: {string.Join(",", header)}");
                    continue;
                }

                foreach (var row in rows.Skip(1))
                {
                    foreach (var (idColumn, pageColumn) in pairs)
                    {
                        var address = row[pageColumn];
                        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.GetLeftPart(UriPartial.Authority) != server.BaseUrl)
                        {
                            problems.Add($"{file} (from {path}): the page of {row[idColumn]} is not an address on this explorer: '{address}'");
                            continue;
                        }

                        if (!uri.AbsolutePath.EndsWith($"/{Uri.EscapeDataString(row[idColumn])}", StringComparison.Ordinal))
                        {
                            problems.Add($"{file} (from {path}): the page {address} is not that of the id {row[idColumn]}");
                        }

                        explorerLinks.TryAdd(uri.PathAndQuery, $"{file} (from {path})");
                    }
                }
            }
        }

        output.WriteLine($"{samples.Count} sample pages, {exportsRead} CSV downloads: {explorerLinks.Count} explorer addresses and {graphiqlLinks.Count} GraphiQL queries to follow.");
        Assert.True(exportsRead >= samples.Count, $"Only {exportsRead} CSV downloads were read from {samples.Count} pages.");

        foreach (var (path, from) in explorerLinks)
        {
            var shown = await ShowAsync(page, path);
            if (shown.Problem is not null)
            {
                problems.Add($"{path} (linked from {from}): {shown.Problem}");
            }
        }

        foreach (var (href, from) in graphiqlLinks)
        {
            problems.AddRange(await GraphiqlProblemsAsync(href, from));
        }

        Assert.True(problems.Count == 0, $"{problems.Count} links do not resolve:\n{string.Join("\n", problems.Take(40))}");
        Assert.True(errors.Count == 0, $"Script errors: {string.Join("; ", errors)}");
    }

    /// <summary>The codes of the API's enums: every code with an underscore, and every code of the scales and model families.</summary>
    private async Task<Regex> EnumCodesAsync()
    {
        var types = (await server.DataAsync("{ __schema { types { name enumValues { name } } } }"))["__schema"]!["types"]!.AsArray();
        var codes = types.Where(t => t!["enumValues"] is JsonArray && !t["name"]!.GetValue<string>().StartsWith("__", StringComparison.Ordinal))
            .SelectMany(t => t!["enumValues"]!.AsArray().Select(v => (Type: t["name"]!.GetValue<string>(), Code: v!["name"]!.GetValue<string>())))
            .Where(v => v.Type is "EvidenceScale" or "ModelFamily" || v.Code.Contains('_', StringComparison.Ordinal))
            .Select(v => Regex.Escape(v.Code)).Distinct().ToList();
        Assert.Contains("NESTA", codes);
        return new Regex($@"\b({string.Join('|', codes)})\b");
    }

    /// <summary>
    /// Each area page of the seed, top-level and sub-area alike: its lists' headings give the API's totals for the
    /// area and the areas within it (the same the evidence status counts), and head as many rows as they say.
    /// </summary>
    [SkippableFact]
    public async Task EveryAreaPage_CountsWhatItsListsHold_TheAreaAndTheAreasWithinIt()
    {
        server.SkipIfUnavailable();
        chromium.SkipIfUnavailable();
        var areas = (await server.DataAsync("""
            { challengeAreas(first: 200, order: [{ name: ASC }]) { nodes { id key name depth
                children { id } outcomes { id } organisationsConnection(first: 1) { totalCount }
                evidenceStatus { evidenceCount modelCount } } } }
            """))["challengeAreas"]!["nodes"]!.AsArray();
        Assert.Contains(areas, a => a!["depth"]!.GetValue<int>() == 0 && a["children"]!.AsArray().Count > 0);
        var (_, page, errors) = await chromium.NewPageAsync(server.BaseUrl);
        await page.GotoAsync("/");
        await WaitUntilShownAsync(page);
        var problems = new List<string>();
        var topLevelWithSubAreaRecords = 0;
        foreach (var area in areas)
        {
            var key = area!["key"]!.GetValue<string>();
            var within = await server.DataAsync("""
                query($key: String!) {
                  models(where: { challengeAreas: { some: { within: { key: { eq: $key } } } } }) { totalCount }
                  evidence(where: { challengeAreas: { some: { within: { key: { eq: $key } } } } }) { totalCount }
                  own: challengeAreas(where: { key: { eq: $key } }) { nodes { modelsConnection(first: 1) { totalCount } evidenceConnection(first: 1) { totalCount }
                    modelsByEvidence(first: 1) { totalCount } } }
                }
                """, new { key });
            var own = within["own"]!["nodes"]![0]!;
            var status = area["evidenceStatus"]!;
            var models = within["models"]!["totalCount"]!.GetValue<int>();
            var evidence = within["evidence"]!["totalCount"]!.GetValue<int>();
            Assert.Equal(status["modelCount"]!.GetValue<int>(), models);
            Assert.Equal(status["evidenceCount"]!.GetValue<int>(), evidence);
            if (area["depth"]!.GetValue<int>() == 0 && (models > own["modelsConnection"]!["totalCount"]!.GetValue<int>()
                || evidence > own["evidenceConnection"]!["totalCount"]!.GetValue<int>()))
            {
                topLevelWithSubAreaRecords++;
            }

            var path = $"/challenge-area/{Uri.EscapeDataString(area["id"]!.GetValue<string>())}";
            var shown = await ShowAsync(page, path);
            if (shown.Problem is not null)
            {
                problems.Add($"{key}: {shown.Problem}");
            }

            var expected = new Dictionary<string, int>
            {
                ["models"] = models,
                ["evidence"] = evidence,
                ["models-with-evidence"] = own["modelsByEvidence"]!["totalCount"]!.GetValue<int>(),
                ["children"] = area["children"]!.AsArray().Count,
                ["outcomes"] = area["outcomes"]!.AsArray().Count,
                ["organisations"] = area["organisationsConnection"]!["totalCount"]!.GetValue<int>(),
            };
            foreach (var (section, total) in expected)
            {
                var heading = await page.Locator($"#{section} h2").First.TextContentAsync() ?? "";
                var count = HeadingCount().Match(heading);
                if (!count.Success || int.Parse(count.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) != total)
                {
                    problems.Add($"{key}: '{heading}' where the API counts {total}");
                }

                var rows = await page.Locator($"#{section} .table-wrap > table > tbody > tr").CountAsync();
                if (rows != Math.Min(total, 200))
                {
                    problems.Add($"{key}: '{heading}' heads {rows} rows of {total}");
                }
            }
        }

        Assert.True(topLevelWithSubAreaRecords > 0, "No top-level area of the seed has models or evidence only in its sub-areas; the test needs one.");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(errors.Count == 0, $"Script errors: {string.Join("; ", errors)}");
    }

    [GeneratedRegex(@"\(([\d,]+)(?:; the first [\d,]+ shown)?\)$")]
    private static partial Regex HeadingCount();

    /// <summary>The pages the walk starts from: one or two of each kind the explorer has.</summary>
    private async Task<List<(string Name, string Path)>> SamplePagesAsync()
    {
        var data = await server.DataAsync("""
            {
              models(first: 1, order: [{ evidenceCount: DESC }]) { nodes { id } }
              organisations(first: 1, order: [{ fundingCount: DESC }]) { nodes { id } }
              funders(first: 1, order: [{ fundingCount: DESC }]) { nodes { id } }
              outcomes(first: 1, order: [{ evidenceCount: DESC }]) { nodes { id } }
              evidence(first: 1, order: [{ ratingLevel: DESC }]) { nodes { id sources { id } } }
              top: challengeAreas(where: { depth: { eq: 0 } }, first: 1, order: [{ name: ASC }]) { nodes { id children { id } } }
            }
            """);
        string First(string root) => data[root]!["nodes"]![0]!["id"]!.GetValue<string>();
        var top = data["top"]!["nodes"]![0]!;
        var model = Uri.EscapeDataString(First("models"));
        return
        [
            ("home", "/"),
            ("search", "/search?q=co-operative"),
            ("models", "/models"),
            ("organisations", "/organisations"),
            ("model", $"/model/{model}"),
            ("organisation", $"/organisation/{Uri.EscapeDataString(First("organisations"))}"),
            ("funder", $"/funder/{Uri.EscapeDataString(First("funders"))}"),
            ("outcome", $"/outcome/{Uri.EscapeDataString(First("outcomes"))}"),
            ("evidence", $"/evidence/{Uri.EscapeDataString(First("evidence"))}"),
            ("source", $"/source/{Uri.EscapeDataString(data["evidence"]!["nodes"]![0]!["sources"]![0]!["id"]!.GetValue<string>())}"),
            ("top-level area", $"/challenge-area/{Uri.EscapeDataString(top["id"]!.GetValue<string>())}"),
            ("sub-area", $"/challenge-area/{Uri.EscapeDataString(top["children"]![0]!["id"]!.GetValue<string>())}"),
            ("gap map", $"/gap-map?within={Uri.EscapeDataString(top["id"]!.GetValue<string>())}"),
            ("comparable models", $"/comparable/{model}"),
            ("graph", $"/graph/{model}"),
            ("connections", $"/connections?from={model}&to={Uri.EscapeDataString(First("organisations"))}&hops=6"),
        ];
    }

    private void Classify(string href, bool external, string from, IDictionary<string, string> explorer, IDictionary<string, string> graphiql, List<string> problems)
    {
        if (!Uri.TryCreate(href, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"{from} links to '{href}', not an absolute http(s) address.");
            return;
        }

        if (uri.GetLeftPart(UriPartial.Authority) != server.BaseUrl)
        {
            return;
        }

        if (uri.AbsolutePath.StartsWith("/graphql", StringComparison.Ordinal))
        {
            graphiql.TryAdd(href, from);
        }
        else if (external)
        {
            problems.Add($"{from} links to {href} on this server as if it were another site.");
        }
        else
        {
            var parts = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            // A record's page is named by its kind: /node/{id} (a record whose kind the page did not know) shows nothing.
            if (parts.Length == 2 && !Slugs.ContainsValue(parts[0]) && parts[0] is not ("graph" or "comparable"))
            {
                problems.Add($"{from} links to {uri.PathAndQuery}: there is no page kind '{parts[0]}'.");
            }

            explorer.TryAdd(uri.PathAndQuery, from);
        }
    }

    /// <summary>GraphiQL's page is served, and the query it opens runs without errors.</summary>
    private async Task<IEnumerable<string>> GraphiqlProblemsAsync(string href, string from)
    {
        var uri = new Uri(href);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri.PathAndQuery);
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await server.Client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return [$"{href} (from {from}): HTTP {(int)response.StatusCode}"];
        }

        var parameters = System.Web.HttpUtility.ParseQueryString(uri.Query);
        if (parameters["query"] is not { } query)
        {
            return [];
        }

        var variables = parameters["variables"] is { } json ? JsonNode.Parse(json) : null;
        var answer = await server.QueryAsync(query, variables);
        return answer["errors"] is null ? [] : [$"The GraphiQL query from {from} fails: {answer["errors"]!.ToJsonString()}"];
    }

    private record Shown(string? Problem);

    /// <summary>Shows an explorer address as a click on a link to it does (the router's own navigation), and says what is wrong with the page, if anything.</summary>
    private static async Task<Shown> ShowAsync(IPage page, string path)
    {
        await page.EvaluateAsync("""
            path => {
              document.getElementById('main').replaceChildren();
              history.pushState(null, '', path);
              window.dispatchEvent(new PopStateEvent('popstate'));
            }
            """, path);
        await WaitUntilShownAsync(page);
        var heading = (await page.Locator("main h1").First.TextContentAsync())?.Trim() ?? "";
        if (heading == "Not found")
        {
            return new($"Not found: {await page.Locator("main .error").First.TextContentAsync()}");
        }

        var alerts = await page.Locator("main .error, main [role=alert]").AllTextContentsAsync();
        if (alerts.Count > 0)
        {
            return new($"'{heading}' shows an error: {string.Join(" / ", alerts)}");
        }

        var counts = await ExplorerPages.HeadingCountProblemsAsync(page);
        return new(counts.Count > 0 ? $"'{heading}': {string.Join("; ", counts)}" : null);
    }

    /// <summary>The view has its heading, nothing of it is still loading, and a graph has been drawn.</summary>
    private static Task WaitUntilShownAsync(IPage page) => page.WaitForFunctionAsync("""
        () => document.querySelector('main h1') && !document.querySelector('main .loading, main [aria-busy=true]')
          && (!document.querySelector('#graph-canvas') || document.querySelector('#graph-canvas[data-ready=true]'))
        """, null, new() { Timeout = 30_000 });

    private static async Task<List<(string Href, bool External)>> LinksAsync(IPage page) =>
        [.. (await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('a[href]')].map(a => (a.hasAttribute('data-external') ? 'x ' : '- ') + a.href)
            """)).Select(l => (l[2..], l[0] == 'x'))];
}
