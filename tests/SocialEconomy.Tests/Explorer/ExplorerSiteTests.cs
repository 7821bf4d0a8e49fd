using System.Net;
using System.Text.RegularExpressions;

namespace SocialEconomy.Tests.Explorer;

/// <summary>
/// How the API serves the explorer: its page at / and at client-side routes, its assets from this server under
/// /explorer/, and never in place of /graphql, the health checks or GraphiQL's assets. No browser needed.
/// </summary>
public sealed partial class ExplorerSiteTests(ExplorerApiServer server) : IClassFixture<ExplorerApiServer>
{
    [SkippableFact]
    public async Task Root_ServesTheBuiltExplorer_WithEveryAssetFromThisServer()
    {
        server.SkipIfUnavailable();
        using var page = await server.Client.GetAsync("/");
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"The explorer was not built into the API (build src/Api with npm available): {html}");
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        var assets = AssetReference().Matches(html).Select(m => m.Groups["url"].Value).Where(url => !url.StartsWith("data:", StringComparison.Ordinal)).Distinct().ToList();
        Assert.NotEmpty(assets);
        foreach (var url in assets)
        {
            Assert.StartsWith("/explorer/", url, StringComparison.Ordinal);
            using var asset = await server.Client.GetAsync(url);
            Assert.True(asset.StatusCode == HttpStatusCode.OK, $"{url}: HTTP {(int)asset.StatusCode}");
            var text = await asset.Content.ReadAsStringAsync();
            Assert.DoesNotContain("https://unpkg.com", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("cdn.jsdelivr", text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [SkippableTheory]
    [InlineData("/model/TW9kZWw6aG91c2luZy1maXJzdA")]
    [InlineData("/search")]
    [InlineData("/gap-map")]
    public async Task ClientRoutes_ServeThePage(string path)
    {
        server.SkipIfUnavailable();
        using var response = await server.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Social-economy explorer", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("/graphql/unknown")]
    [InlineData("/graphiql/unknown")]
    [InlineData("/explorer/unknown")]
    [InlineData("/healthz/unknown")]
    [InlineData("/explorer/assets/missing.js")]
    public async Task ServerPaths_AreNeverShadowedByThePage(string path)
    {
        server.SkipIfUnavailable();
        using var response = await server.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Social-economy explorer", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("/graphql", "POST")]
    [InlineData("/model/TW9kZWw6aG91c2luZy1maXJzdA", "GET")]
    public async Task OtherMethods_Are405_NotThePage(string path, string allowed)
    {
        server.SkipIfUnavailable();
        using var response = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Put, path));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains(allowed, response.Content.Headers.Allow);
    }

    [SkippableFact]
    public async Task GraphQL_AndHealth_StillAnswerBesideTheExplorer()
    {
        server.SkipIfUnavailable();
        var data = await server.DataAsync("{ __typename }");
        Assert.Equal("Query", data["__typename"]!.GetValue<string>());
        using var health = await server.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    /// <summary>What the page loads: the src and href of its script and link elements.</summary>
    [GeneratedRegex("""<(?:script|link)\b[^>]*?\b(?:src|href)\s*=\s*"(?<url>[^"]*)"[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex AssetReference();
}
