using Microsoft.Net.Http.Headers;
using SocialEconomy.Api.TrustedDocuments;

namespace SocialEconomy.Api.Endpoint;

/// <summary>
/// GraphiQL for people in a browser: /graphql answers a request that prefers HTML with the page built from
/// src/Api/ClientApp into wwwroot/graphiql, whose scripts come from /graphiql/; the page opens the registered
/// example documents from /graphql/documents.
/// </summary>
public sealed class GraphiQLPage(IWebHostEnvironment environment, TrustedDocumentStore documents)
{
    public const string AssetsPath = "/graphiql";

    public string Folder { get; } = Path.Combine(environment.WebRootPath ?? Path.Combine(environment.ContentRootPath, "wwwroot"), "graphiql");

    /// <summary>A browser navigating to /graphql: it lists text/html ahead of any JSON type.</summary>
    public static bool IsWanted(HttpRequest request)
    {
        foreach (var type in request.GetTypedHeaders().Accept.Where(a => a.Quality is not 0).OrderByDescending(a => a.Quality ?? 1))
        {
            if (type.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (type.MediaType.Value?.Contains("json", StringComparison.OrdinalIgnoreCase) == true
                || type.MediaType.Equals("*/*", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return false;
    }

    public async Task WriteAsync(HttpContext http)
    {
        var page = Path.Combine(Folder, "index.html");
        if (!File.Exists(page))
        {
            await ProblemResponse.WriteAsync(http, StatusCodes.Status404NotFound, "GRAPHIQL_NOT_BUILT",
                "GraphiQL has not been built into this copy of the API; build src/Api with npm available (dotnet build runs npm ci and npm run build in src/Api/ClientApp).",
                http.RequestAborted);
            return;
        }

        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        await http.Response.SendFileAsync(page, http.RequestAborted);
    }

    /// <summary>The registered documents, for GraphiQL to open as tabs.</summary>
    public Task WriteDocumentsAsync(HttpContext http) =>
        http.Response.WriteAsJsonAsync(
            documents.Documents.OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => new { d.Name, d.DocumentId, d.Query }),
            http.RequestAborted);
}
