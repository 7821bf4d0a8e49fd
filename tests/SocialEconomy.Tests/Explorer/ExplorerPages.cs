using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Microsoft.Playwright;
using SocialEconomy.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SocialEconomy.Tests.Explorer;

/// <summary>
/// What the explorer's browser tests do with every page: open it and wait until it shows, save a screenshot (of one
/// part when named), check it with axe-core, read an export it downloads, and look for the API's codes in its text.
/// </summary>
internal static class ExplorerPages
{
    /// <summary>Opens <paramref name="path"/> and waits for <paramref name="shown"/>; a script error on the way fails the test.</summary>
    public static async Task<IPage> OpenAsync(
        ExplorerServer server, ChromiumBrowser chromium, string path, int width = 1366, int height = 900, string shown = "main h1", float? timeout = null)
    {
        server.SkipIfUnavailable();
        chromium.SkipIfUnavailable();
        var (_, page, errors) = await chromium.NewPageAsync(server.BaseUrl, width, height);
        await page.GotoAsync(path);
        await page.Locator(shown).WaitForAsync(new() { Timeout = timeout });
        Assert.True(errors.Count == 0, $"Script errors on {path}: {string.Join("; ", errors)}");
        return page;
    }

    /// <summary>
    /// A screenshot in ChromiumBrowser.ScreenshotFolder, of one part of the page when given: a whole area page with
    /// hundreds of rows takes longer to capture than the default timeout on a busy machine.
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, ITestOutputHelper output, string name, string? part = null)
    {
        if (part is null)
        {
            output.WriteLine($"Screenshot: {await ChromiumBrowser.ScreenshotAsync(page, name)}");
            return;
        }

        var path = Path.Combine(ChromiumBrowser.ScreenshotFolder, $"{name}.png");
        await page.Locator(part).ScreenshotAsync(new() { Path = path, Timeout = 60_000 });
        output.WriteLine($"Screenshot: {path}");
    }

    /// <summary>axe-core on the page as it is: no serious or critical violation. A screenshot first, of the part named or of the whole page.</summary>
    public static async Task AssertAccessibleAsync(IPage page, ITestOutputHelper output, string name, string? part = null)
    {
        await ScreenshotAsync(page, output, name, part);
        var serious = (await AxeViolationsAsync(page)).Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{name} ({page.Url}): " + string.Join("; ", serious.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes)}")));
    }

    /// <summary>The axe-core that Deque.AxeCore.Commons bundles, read once.</summary>
    private static readonly Lazy<string> AxeSource = new(() => new BundledAxeScriptProvider().GetScript());

    /// <summary>
    /// Every rule of axe-core, run in the page itself: the violations, each with its first three elements. Deque's
    /// Playwright binding runs the rules frame by frame and finishes the run in a page of its own, which costs seconds
    /// a page; the explorer has no frames (the run refuses a page that has), so one run in the page checks the same.
    /// </summary>
    private static async Task<AxeViolation[]> AxeViolationsAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync(AxeSource.Value);
        }

        return await page.EvaluateAsync<AxeViolation[]>("""
            async () => {
              if (document.querySelector('iframe, frame')) throw new Error('The page has frames, which this check does not enter.');
              const results = await axe.run(document, { resultTypes: ['violations'] });
              return results.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.html) }));
            }
            """);
    }

    /// <summary>One of axe's violations as the page returns it (Playwright fills settable properties, not a record's constructor).</summary>
    private sealed class AxeViolation
    {
        public string Id { get; set; } = "";

        public string? Impact { get; set; }

        public string Help { get; set; } = "";

        public string[] Nodes { get; set; } = [];
    }

    /// <summary>
    /// No code of the API's enums in the text of <paramref name="part"/>: every code of the enums named, and every code of
    /// the others that has an underscore (SERVICE_PROVIDER, NO_EFFECT...); their one-word codes are also ordinary words and
    /// names ("NHS"). Returns the codes looked for, for the caller to check they include the ones it expects.
    /// </summary>
    public static async Task<IReadOnlyList<string>> AssertNoEnumCodesAsync(ExplorerServer server, IPage page, string part, params string[] enums)
    {
        var types = (await server.DataAsync("{ __schema { types { name enumValues { name } } } }"))["__schema"]!["types"]!.AsArray();
        var codes = types.Where(t => t!["enumValues"] is JsonArray && !t["name"]!.GetValue<string>().StartsWith("__", StringComparison.Ordinal))
            .SelectMany(t => t!["enumValues"]!.AsArray().Select(v => (Type: t["name"]!.GetValue<string>(), Code: v!["name"]!.GetValue<string>())))
            .Where(v => enums.Contains(v.Type) || v.Code.Contains('_', StringComparison.Ordinal))
            .Select(v => v.Code).Distinct().ToList();
        var text = await page.Locator(part).InnerTextAsync();
        var found = Regex.Matches(text, $@"\b({string.Join('|', codes)})\b").Select(m => m.Value).Distinct().ToList();
        Assert.True(found.Count == 0, $"{page.Url} shows the codes {string.Join(", ", found)} in {part}.");
        return codes;
    }

    /// <summary>
    /// Every section of the view whose heading gives a count, with what it lists: "(N)" heads N rows (or list items,
    /// or an empty note when N is 0), and "(N; the first M shown)" heads M of them. Returns what disagrees, in words.
    /// </summary>
    public static async Task<IReadOnlyList<string>> HeadingCountProblemsAsync(IPage page) =>
        await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('main section')].flatMap(section => {
              const heading = section.querySelector(':scope > h2, :scope > .section-head > h2');
              const count = heading?.querySelector('.count')?.textContent.trim() ?? '';
              const match = /^\(([\d,]+)(?:; the first ([\d,]+) shown)?\)$/.exec(count);
              if (!match) return [];
              const number = text => Number(text.replaceAll(',', ''));
              const expected = number(match[2] ?? match[1]);
              const table = section.querySelector(':scope .table-wrap > table > tbody');
              const list = section.querySelector(':scope > ul');
              const shown = table ? table.children.length : list ? list.children.length : 0;
              const empty = section.querySelector(':scope .empty') !== null;
              return shown === expected && (expected > 0 || empty || (!table && !list))
                ? [] : [`'${heading.textContent.trim()}' heads ${shown} rows`];
            })
            """);

    /// <summary>Clicks an export button and reads the file it downloads, with the name the page gives it.</summary>
    public static async Task<(string Name, string Text)> DownloadAsync(IPage page, ILocator button)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => button.ClickAsync());
        return (download.SuggestedFilename, await File.ReadAllTextAsync((await download.PathAsync())!));
    }

    /// <summary>
    /// At a phone's width (the page opened at 390 px), the page is no wider than the screen: only a table's or the
    /// graph's own box may scroll sideways. A screenshot is kept either way.
    /// </summary>
    public static async Task AssertFitsThePhoneAsync(IPage page, ITestOutputHelper output, string name)
    {
        await ScreenshotAsync(page, output, name);
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        var wide = await page.EvaluateAsync<string[]>("""
            [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.parentElement?.closest('.table-wrap, .graph-canvas'))
              .slice(0, 5).map(e => e.tagName + '.' + e.className)
            """);
        Assert.True(overflow <= 1, $"{page.Url} is {overflow}px wider than a phone's screen: {string.Join(", ", wide)}");
    }

    /// <summary>
    /// Waits until the explorer's own address (set with history.pushState) contains <paramref name="part"/>. Read in
    /// the page rather than from navigation events, which a same-document change can outrun.
    /// </summary>
    public static Task WaitForAddressAsync(IPage page, string part) =>
        page.WaitForFunctionAsync("part => window.location.href.includes(part)", part);

    /// <summary>Presses Tab until the element matching <paramref name="selector"/> has focus, as a keyboard user would.</summary>
    public static async Task TabUntilAsync(IPage page, string selector)
    {
        for (var i = 0; i < 60; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>($"document.activeElement?.matches({System.Text.Json.JsonSerializer.Serialize(selector)}) ?? false"))
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached {selector}.");
    }
}
