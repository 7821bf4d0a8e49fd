using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;
using SocialEconomy.Api.Endpoint;
using SocialEconomy.Api.Loading;
using SocialEconomy.Api.Relay;
using SocialEconomy.Api.Schema;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Api.Hosting;

public static class ApiServiceCollectionExtensions
{
    /// <summary>Everything the API host needs: the store, the GraphQL schema and executer, start-up seeding.</summary>
    public static IHostApplicationBuilder AddGraphApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddKnowledgeGraph(builder.Configuration);
        builder.Services.AddSingleton(builder.Configuration.GetSection(PagingOptions.Section).Get<PagingOptions>() ?? new PagingOptions());
        builder.Services.AddSingleton(builder.Configuration.GetSection(SeedOptions.Section).Get<SeedOptions>() ?? new SeedOptions());
        builder.Services.AddScoped<BatchLoaders>();
        builder.Services.AddScoped<GraphReader>();
        builder.Services.AddHostedService<StoreStartup>();
        builder.Services.AddSingleton<GraphQLEndpoint>();

        builder.Services.AddGraphQL(graphql => graphql
            .AddSchema<GraphSchema>()
            .AddGraphTypes(typeof(GraphSchema).Assembly)
            .AddSystemTextJson()
            // One DbContext per request cannot serve resolvers in parallel; serial execution also lets the
            // batch loaders collect every key of a level before the first fetch.
            .AddExecutionStrategy<SerialExecutionStrategy>(OperationType.Query)
            .AddErrorInfoProvider(options => options.ExposeExceptionDetails = builder.Environment.IsDevelopment()));
        return builder;
    }
}
