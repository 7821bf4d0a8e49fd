using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.FileProviders;

namespace SocialEconomy.Api.Explorer;

public static class ExplorerEndpoints
{
    /// <summary>
    /// The explorer's assets under /explorer/, its page at / and, for client-side routes such as /model/{id}, at any
    /// other path that names no file and that the API does not answer itself (mapped as the fallback, so /graphql,
    /// /healthz and the rest always win).
    /// </summary>
    public static WebApplication MapExplorer(this WebApplication app)
    {
        var site = app.Services.GetRequiredService<ExplorerSite>();
        if (Directory.Exists(site.Folder))
        {
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(site.Folder), RequestPath = ExplorerSite.AssetsPath });
        }

        app.MapGet("/", (HttpContext http, ExplorerSite page) => page.WriteAsync(http));
        // GET and HEAD only: another method at /graphql must still meet the endpoint's own 405 with Allow.
        app.MapFallback("{*path:nonfile}", (HttpContext http, ExplorerSite page) => page.WriteAsync(http))
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
        return app;
    }
}
