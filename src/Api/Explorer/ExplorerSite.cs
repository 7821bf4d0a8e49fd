using SocialEconomy.Api.Endpoint;

namespace SocialEconomy.Api.Explorer;

/// <summary>
/// The explorer for people in a browser: its page (built from src/Api/ExplorerApp into wwwroot/explorer) at / and at
/// every client-side route, its scripts and styles under /explorer/. The page talks to the public /graphql only.
/// </summary>
public sealed class ExplorerSite(IWebHostEnvironment environment)
{
    public const string AssetsPath = "/explorer";

    /// <summary>Paths the API answers itself: a client-side route never shadows them, whatever follows.</summary>
    private static readonly string[] ReservedPrefixes = ["/graphql", GraphiQLPage.AssetsPath, AssetsPath, "/healthz", "/readyz"];

    /// <summary>
    /// Scripts, styles, data and images from this server only (nothing from a CDN at run time); inline style
    /// attributes are allowed because the graph library positions its elements with them.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    public string Folder { get; } = Path.Combine(environment.WebRootPath ?? Path.Combine(environment.ContentRootPath, "wwwroot"), "explorer");

    /// <summary>Whether a path is one of the client-side routes (anything the API does not answer itself).</summary>
    public static bool IsClientRoute(PathString path) =>
        !ReservedPrefixes.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    public async Task WriteAsync(HttpContext http)
    {
        if (!IsClientRoute(http.Request.Path))
        {
            await ProblemResponse.WriteAsync(http, StatusCodes.Status404NotFound, "NOT_FOUND",
                $"Nothing is served at {http.Request.Path}.", http.RequestAborted);
            return;
        }

        var page = Path.Combine(Folder, "index.html");
        if (!File.Exists(page))
        {
            await ProblemResponse.WriteAsync(http, StatusCodes.Status404NotFound, "EXPLORER_NOT_BUILT",
                "The explorer has not been built into this copy of the API; build src/Api with npm available (dotnet build runs npm ci and npm run build in src/Api/ExplorerApp). GraphQL itself answers at /graphql.",
                http.RequestAborted);
            return;
        }

        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        await http.Response.SendFileAsync(page, http.RequestAborted);
    }
}
