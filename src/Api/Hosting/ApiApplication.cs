using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.FileProviders;
using SocialEconomy.Api.Endpoint;
using SocialEconomy.Api.Explorer;
using SocialEconomy.Api.Limits;
using SocialEconomy.Api.Operations;

namespace SocialEconomy.Api.Hosting;

/// <summary>Builds the API host; Program and the tests both start it from here.</summary>
public static class ApiApplication
{
    /// <param name="args">Command-line arguments, which override configuration.</param>
    /// <param name="configure">Last changes to the builder before it builds (the tests add log capture here).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Configuration files travel with the binaries; the working directory is left for data (graph.db, seed-data).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.AddGraphApi();
        configure?.Invoke(builder);
        var app = builder.Build();
        // First, so that everything after it sees the client's address, not the proxy's.
        app.UseTrustedProxies(app.Services.GetRequiredService<EndpointSecurityOptions>());

        // Whatever escapes a handler becomes a 500 with a code and no details, in application/json.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = http => ProblemResponse.WriteAsync(http, StatusCodes.Status500InternalServerError, HygienicErrorInfoProvider.InternalError,
                "The server failed to answer; the failure has been logged. Try again later, or report it with the time of the request."),
        });
        if (app.Services.GetRequiredService<EndpointSecurityOptions>().CorsOrigins.Count > 0)
        {
            app.UseCors();
        }

        var graphiql = app.Services.GetRequiredService<GraphiQLPage>();
        if (Directory.Exists(graphiql.Folder))
        {
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(graphiql.Folder), RequestPath = GraphiQLPage.AssetsPath });
        }

        app.UseRateLimiter();

        app.MapMethods("/graphql", [HttpMethods.Get, HttpMethods.Post], (HttpContext http, GraphQLEndpoint endpoint) => endpoint.HandleAsync(http))
            .RequireRateLimiting(ClientRateLimit.Policy);
        app.MapGet("/graphql/documents", (HttpContext http, GraphiQLPage page) => page.WriteDocumentsAsync(http));
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(StoreHealthCheck.ReadyTag), ResponseWriter = ReadinessResponse.WriteAsync });
        app.MapExplorer();
        return app;
    }
}
