using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Verdicts;

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
        if (options.Provider == StoreProvider.Postgres)
        {
            options.ConnectionString = PostgresConnectionDefaults.Apply(options.ConnectionString);
            options.ReadReplicas = [.. options.ReadReplicas.Select(PostgresConnectionDefaults.Apply)];
        }

        services.AddSingleton(options);
        services.AddScoped<SqlStatementCounter>();
        var counting = new SqlStatementCounter.Interceptor();
        var interruption = new SqliteInterruption();

        // Contexts come from a pool, with their options and EF Core's internal services set up once: creating both
        // afresh for every request took about half of a small query's time in the API.
        switch (options.Provider)
        {
            case StoreProvider.Sqlite when options.ReadReplicas.Count > 0:
                throw new InvalidOperationException("Store:ReadReplicas names PostgreSQL replicas; it needs Store:Provider Postgres (SQLite has no replicas). Remove it, or move the store to PostgreSQL.");
            case StoreProvider.Sqlite when options.SqliteCacheMiB < 0:
                throw new InvalidOperationException($"Store:SqliteCacheMiB is {options.SqliteCacheMiB}; give the page cache of each SQLite connection in MiB, or 0 for SQLite's own 2 MiB.");
            case StoreProvider.Sqlite:
                SqliteLibrary.Configure();
                services.AddPooledDbContextFactory<SqliteGraphDbContext>(builder => builder
                    .UseSqlite(options.ConnectionString)
                    .AddInterceptors(counting, new TextFolding.SqliteRegistration(), new SqliteConnectionSettings(options.SqliteCacheMiB), interruption));
                if (options.SqlitePreparedStatements > 0 && !InMemory(options.ConnectionString))
                {
                    // Made by the container, so that it closes the connections when the application stops.
                    services.AddSingleton(provider => new SqlitePreparedStatements(
                        provider.GetRequiredService<IDbContextFactory<SqliteGraphDbContext>>().CreateDbContext, options.SqlitePreparedStatements));
                }

                services.AddScoped<GraphDbContext>(Lease<SqliteGraphDbContext>);
                break;
            case StoreProvider.Postgres:
                services.AddPooledDbContextFactory<PostgresGraphDbContext>(builder => builder
                    .UseNpgsql(options.ConnectionString)
                    .AddInterceptors(counting));
                if (options.ReadReplicas.Count > 0)
                {
                    // Each scope reads from where the router points now; writers point their context at the primary.
                    var router = new ReadReplicaRouter(options);
                    services.AddSingleton(router);
                    services.AddScoped<GraphDbContext>(provider =>
                    {
                        var db = Lease<PostgresGraphDbContext>(provider);
                        db.Database.SetConnectionString(router.Current.ConnectionString);
                        return db;
                    });
                }
                else
                {
                    services.AddScoped<GraphDbContext>(Lease<PostgresGraphDbContext>);
                }

                break;
            default:
                throw new InvalidOperationException($"Store:Provider '{options.Provider}' is not supported; use Sqlite or Postgres.");
        }

        services.AddScoped<GraphLoader>();
        return services;
    }

    /// <summary>
    /// The scope's context, leased from the pool and counting into the scope's counter; the scope's end disposes it,
    /// which returns it to the pool.
    /// </summary>
    private static GraphDbContext Lease<TContext>(IServiceProvider provider)
        where TContext : GraphDbContext
    {
        var db = provider.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext();
        db.Statements = provider.GetRequiredService<SqlStatementCounter>();
        db.PreparedStatements = provider.GetService<SqlitePreparedStatements>();
        return db;
    }

    /// <summary>An in-memory SQLite database is private to the connection that opened it: no other may read it.</summary>
    private static bool InMemory(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        return builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:";
    }

    /// <summary>Creates the store or brings its schema up to date; a no-op when it is current.</summary>
    /// <param name="writeWait">
    /// How long to wait for another writer (a load, or another process upgrading the same store) before giving up with
    /// <see cref="StoreBusyException"/>; the load's wait (Store:LoadWaitSeconds) by default.
    /// </param>
    public static async Task MigrateGraphAsync(this GraphDbContext db, CancellationToken cancellationToken = default, TimeSpan? writeWait = null)
    {
        // Migrating takes EF Core's migration lock, a write on SQLite, which would wait behind a load in progress:
        // a store already up to date is only read.
        if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            await db.Database.MigrateAsync(cancellationToken);
            if (await db.Models.AnyAsync(cancellationToken))
            {
                // The verdicts derive from the evidence by the rule of this version (a migration may add a kind of
                // verdict, as AreaVerdicts did): decided again once, so an upgraded store need not be loaded again.
                // The lists' lengths likewise (the migration that added them left them empty). Under the store's write
                // lock: two processes starting on one store both come here (EF Core's migration lock lets the second
                // through once the first has migrated), and written side by side, their counts collided on the key.
                await using (var transaction = await StoreWriteLock.BeginAsync(db, writeWait ?? TimeSpan.FromSeconds(new StoreOptions().LoadWaitSeconds), cancellationToken))
                {
                    await ModelVerdicts.RecomputeAllAsync(db, cancellationToken);
                    await RelationshipCounts.RefreshAsync(db, nodes: null, progress: null, cancellationToken);
                    await db.SaveChangesAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                }

                // StoreWriteLock opened SQLite's connection for its transaction.
                await db.Database.CloseConnectionAsync();
                db.ChangeTracker.Clear();
            }
        }

        if (!db.IsPostgres)
        {
            // Write-ahead logging lets the API keep reading while the ingest tool writes to the same file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
