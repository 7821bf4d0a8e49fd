using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using SocialEconomy.Api.Caching;
using SocialEconomy.Api.Compiling;
using SocialEconomy.Api.Endpoint;
using SocialEconomy.Api.Explorer;
using SocialEconomy.Api.GraphViews;
using SocialEconomy.Api.Limits;
using SocialEconomy.Api.Loading;
using SocialEconomy.Api.Operations;
using SocialEconomy.Api.Relay;
using SocialEconomy.Api.Schema;
using SocialEconomy.Api.TrustedDocuments;
using SocialEconomy.Graph.Compiling;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Api.Hosting;

public static class ApiServiceCollectionExtensions
{
    /// <summary>Everything the API host needs: the store, the GraphQL schema and executer, start-up seeding, the endpoint's limits and checks.</summary>
    public static IHostApplicationBuilder AddGraphApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddKnowledgeGraph(builder.Configuration);
        builder.Services.AddSingleton(Bind<PagingOptions>(builder, PagingOptions.Section));
        var compiler = Bind<CompilerOptions>(builder, CompilerOptions.Section);
        builder.Services.AddSingleton(compiler);
        builder.Services.AddSingleton(new StatementCache(compiler.StatementCacheCharacters));
        builder.Services.AddSingleton(Bind<SeedOptions>(builder, SeedOptions.Section));
        var limits = Bind<LimitsOptions>(builder, LimitsOptions.Section);
        builder.Services.AddSingleton(limits);
        // A GET carries its document in the request line: one as long as a request body may be (within the web
        // server's request buffer, 1 MiB) reaches the endpoint, which says which limit it passes; only a longer line
        // is refused by the web server itself (414).
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestLineSize =
            (int)Math.Clamp(limits.MaxRequestBytes, kestrel.Limits.MaxRequestLineSize, kestrel.Limits.MaxRequestBufferSize ?? int.MaxValue));
        var security = Bind<EndpointSecurityOptions>(builder, EndpointSecurityOptions.Section);
        builder.Services.AddSingleton(security);
        var trusted = Bind<TrustedDocumentOptions>(builder, TrustedDocumentOptions.Section);
        builder.Services.AddSingleton(trusted);
        builder.Services.AddSingleton<TrustedDocumentStore>();
        builder.Services.AddSingleton(Bind<DocumentCacheOptions>(builder, DocumentCacheOptions.Section));
        builder.Services.AddSingleton<DocumentCache>();
        builder.Services.AddSingleton(Bind<HttpCachingOptions>(builder, HttpCachingOptions.Section));
        builder.Services.AddSingleton<AnswerCache>();
        builder.Services.AddSingleton<HttpCaching>();
        builder.Services.AddSingleton<DataVersionMonitor>();

        builder.Services.AddScoped<BatchLoaders>();
        builder.Services.AddScoped<GraphReader>();
        builder.Services.AddSingleton<ModelSimilarityIndex>();
        builder.Services.AddHostedService<StoreStartup>();
        // After the store's start-up, so that its first read sees the migrated, seeded store.
        builder.Services.AddHostedService(services => services.GetRequiredService<DataVersionMonitor>());
        builder.Services.AddSingleton<GraphQLEndpoint>();
        builder.Services.AddSingleton<GraphiQLPage>();
        builder.Services.AddSingleton<ExplorerSite>();
        builder.Services.AddSingleton<RequestLog>();
        builder.AddGraphQLTelemetry();

        builder.Services.AddClientRateLimit(limits);
        var health = builder.Services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: [StoreHealthCheck.ReadyTag]);
        if (builder.Configuration.GetSection(StoreOptions.Section).Get<StoreOptions>() is { ReadReplicas.Count: > 0 })
        {
            // After StoreStartup, which migrates and seeds the primary before reads may leave it.
            builder.Services.AddHostedService<ReplicaMonitor>();
            health.AddCheck<ReplicaHealthCheck>("reads", tags: [StoreHealthCheck.ReadyTag]);
        }
        if (security.CorsOrigins.Count > 0)
        {
            builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
                .WithOrigins([.. security.CorsOrigins])
                .WithMethods(HttpMethods.Get, HttpMethods.Post)
                .WithHeaders("Content-Type", "Accept", GraphQLEndpoint.PreflightHeader)));
        }

        var development = builder.Environment.IsDevelopment();
        builder.Services.AddSingleton<AnswerSerializer>();
        builder.Services.AddGraphQL(graphql => graphql
            .AddSchema<GraphSchema>()
            .AddGraphTypes(typeof(GraphSchema).Assembly)
            .AddSerializer(services => services.GetRequiredService<AnswerSerializer>())
            .AddExecutionStrategy<BoundedExecutionStrategy>(OperationType.Query)
            .AddErrorInfoProvider(new HygienicErrorInfoProvider(development))
            // Registered documents run by documentId; with OnlyTrusted, nothing else runs.
            .UsePersistedDocuments<TrustedDocumentStore>(GraphQL.DI.ServiceLifetime.Singleton, options => options.AllowOnlyPersistedDocuments = trusted.OnlyTrusted));
        return builder;
    }

    private static T Bind<T>(IHostApplicationBuilder builder, string section)
        where T : new() => builder.Configuration.GetSection(section).Get<T>() ?? new T();
}
