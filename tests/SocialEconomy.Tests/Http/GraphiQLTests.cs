using System.Net;
using System.Text.RegularExpressions;
using SocialEconomy.Tests.Infrastructure;
using static SocialEconomy.Tests.Http.Http;

namespace SocialEconomy.Tests.Http;

/// <summary>
/// GraphiQL, built by the API's build from src/Api/ClientApp: a browser at /graphql gets the page, and everything
/// the page loads comes from this server, under /graphiql/. The store plays no part, so SQLite only.
/// </summary>
public sealed partial class GraphiQLTests(SqliteApiServer server) : IClassFixture<SqliteApiServer>
{
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    /// <summary>Hosts a page could load GraphiQL from instead of this server.</summary>
    private static readonly string[] CdnHosts = ["unpkg.com", "jsdelivr.net", "esm.sh", "cdnjs.cloudflare.com", "fonts.googleapis.com"];

    [SkippableFact]
    public async Task Graphql_AskedForHtml_ServesTheBuiltGraphiQLPage_WithEveryAssetFromThisServer()
    {
        server.SkipIfUnavailable();
        var page = await server.SendAsync(Get("", accept: BrowserAccept, preflight: false));
        Assert.True(page.Status == HttpStatusCode.OK, $"GraphiQL was not built into the API (build src/Api with npm available): {page}");
        Assert.Equal("text/html", page.MediaType);
        Assert.Contains("<div id=\"graphiql\"", page.Text, StringComparison.Ordinal);

        var references = AssetReference().Matches(page.Text).Select(m => m.Groups["url"].Value).Distinct().ToList();
        Assert.NotEmpty(references);
        Assert.All(references, url => Assert.StartsWith("/graphiql/", url, StringComparison.Ordinal));
        Assert.DoesNotContain("//", AssetReference().Replace(page.Text, string.Empty), StringComparison.Ordinal);

        var sendsPreflightHeader = false;
        foreach (var url in references)
        {
            using var response = await server.Client.GetAsync(url);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: HTTP {(int)response.StatusCode}");
            Assert.NotEmpty(text);
            Assert.All(CdnHosts, host => Assert.DoesNotContain(host, text, StringComparison.OrdinalIgnoreCase));
            sendsPreflightHeader |= text.Contains("GraphQL-Require-Preflight", StringComparison.Ordinal);
        }

        // The endpoint refuses a GET without it; the page's fetcher adds it to every request.
        Assert.True(sendsPreflightHeader, "No script of the page sets the GraphQL-Require-Preflight header.");
    }

    [SkippableFact]
    public async Task Graphql_AskedForJson_StillAnswersGraphQL_NotThePage()
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(Get(Q("query", "{ __typename }"), accept: "application/json, text/html;q=0.5"));
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        Assert.Equal("Query", answer.Body!["data"]!["__typename"]!.GetValue<string>());
    }

    /// <summary>Every src= and href= of the page, which must all be local (checked above).</summary>
    [GeneratedRegex("""(?:src|href)\s*=\s*"(?<url>[^"]*)"|(?:src|href)\s*=\s*'(?<url>[^']*)'""", RegexOptions.IgnoreCase)]
    private static partial Regex AssetReference();
}
