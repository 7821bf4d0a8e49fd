using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Loading;

namespace SocialEconomy.Graph.Store;

public static class KnowledgeGraphServiceCollectionExtensions
{
    /// <summary>
    /// Registers the graph store for the configured provider, shared by the API and the ingest tool.
    /// <see cref="GraphDbContext"/> is scoped: one per request or per command.
    /// </summary>
    public static IServiceCollection AddKnowledgeGraph(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(StoreOptions.Section).Get<StoreOptions>() ?? new StoreOptions();
        services.AddSingleton(options);
        services.AddScoped<SqlStatementCounter>();
        var counting = new SqlStatementCounter.Interceptor();

        // The options are built once (a singleton): per scope, EF Core would rebuild them and look its internal
        // services up again for every request.
        switch (options.Provider)
        {
            case StoreProvider.Sqlite:
                services.AddDbContext<SqliteGraphDbContext>(
                    builder => builder.UseSqlite(options.ConnectionString).AddInterceptors(counting, new TextFolding.SqliteRegistration()),
                    ServiceLifetime.Scoped, ServiceLifetime.Singleton);
                services.AddScoped<GraphDbContext>(provider => provider.GetRequiredService<SqliteGraphDbContext>());
                break;
            case StoreProvider.Postgres:
                services.AddDbContext<PostgresGraphDbContext>(
                    builder => builder.UseNpgsql(options.ConnectionString).AddInterceptors(counting),
                    ServiceLifetime.Scoped, ServiceLifetime.Singleton);
                services.AddScoped<GraphDbContext>(provider => provider.GetRequiredService<PostgresGraphDbContext>());
                break;
            default:
                throw new InvalidOperationException($"Store:Provider '{options.Provider}' is not supported; use Sqlite or Postgres.");
        }

        services.AddScoped<GraphLoader>();
        return services;
    }

    /// <summary>Creates the store or brings its schema up to date; a no-op when it is current.</summary>
    public static async Task MigrateGraphAsync(this GraphDbContext db, CancellationToken cancellationToken = default)
    {
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // Write-ahead logging lets the API keep reading while the ingest tool writes to the same file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
