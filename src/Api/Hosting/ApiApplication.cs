using SocialEconomy.Api.Endpoint;

namespace SocialEconomy.Api.Hosting;

/// <summary>Builds the API host; Program and the tests both start it from here.</summary>
public static class ApiApplication
{
    public static WebApplication Build(string[] args)
    {
        // Configuration files travel with the binaries; the working directory is left for data (graph.db, seed-data).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.AddGraphApi();
        var app = builder.Build();
        app.MapMethods("/graphql", [HttpMethods.Get, HttpMethods.Post], (HttpContext http, GraphQLEndpoint endpoint) => endpoint.HandleAsync(http));
        return app;
    }
}
