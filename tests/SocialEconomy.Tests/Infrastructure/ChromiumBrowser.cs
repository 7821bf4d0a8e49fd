using Microsoft.Playwright;

namespace SocialEconomy.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium headless shell (/usr/bin/chromium-headless-shell, from apt), driven by Playwright; Playwright's
/// own browsers are never downloaded. The shell is Chromium's engine without the desktop browser around it, as
/// Playwright runs it headless: the whole browser in its headless mode took several times the CPU for the same pages,
/// and the explorer's tests two thirds longer on a two-core machine. Without the executable the browser tests are
/// skipped with the reason, unless GRAPH_REQUIRE_BROWSER=1 (set by .ci/run) makes them fail. Screenshots go to GRAPH_SCREENSHOTS, else to
/// TestResults/explorer-screenshots beside the test project.
/// </summary>
public sealed class ChromiumBrowser : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium-headless-shell";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public string? Unavailable { get; private set; }

    public static bool Required => Environment.GetEnvironmentVariable("GRAPH_REQUIRE_BROWSER") == "1";

    public static string ScreenshotFolder { get; } = Environment.GetEnvironmentVariable("GRAPH_SCREENSHOTS") is { Length: > 0 } folder
        ? Path.GetFullPath(folder)
        : Path.Combine(Repository.Root, "tests", "SocialEconomy.Tests", "TestResults", "explorer-screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            Unavailable = $"no Chromium at {ExecutablePath}; install it with 'apt-get install -y chromium-headless-shell'";
        }
        else
        {
            try
            {
                _playwright = await Playwright.CreateAsync();
                Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = ExecutablePath,
                    Headless = true,
                    Args =
                    [
                        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run",
                        // Nothing but the test server resolves: a page that reached for a CDN would fail visibly.
                        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                    ],
                });
            }
            catch (PlaywrightException ex)
            {
                Unavailable = $"Chromium at {ExecutablePath} could not be started: {ex.Message}";
            }
        }

        if (Unavailable is not null && Required)
        {
            throw new InvalidOperationException($"A browser is required (GRAPH_REQUIRE_BROWSER=1) but unavailable: {Unavailable}");
        }

        Directory.CreateDirectory(ScreenshotFolder);
    }

    public void SkipIfUnavailable() => Skip.If(Unavailable is not null, $"The browser tests need Chromium: {Unavailable}");

    /// <summary>A fresh page (own cookies and storage) on a laptop-sized or given viewport, failing on any script error.</summary>
    public async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> NewPageAsync(string baseUrl, int width = 1366, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
            Locale = "en-GB",
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        var errors = new List<string>();
        page.PageError += (_, message) => errors.Add(message);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        return (context, page, errors);
    }

    /// <summary>
    /// Saves a full-page screenshot and returns its path. A long page (thousands of pixels of lists and charts) can take
    /// longer to capture than the page's default timeout on a busy machine, so the capture has a minute of its own.
    /// </summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ScreenshotFolder, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Timeout = 60_000 });
        return path;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
