using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Tests.Infrastructure;

/// <summary>A fresh, empty store of one kind: a SQLite file in the run's scratch directory, or a new PostgreSQL database.</summary>
public sealed record TestStore(StoreProvider Provider, string ConnectionString)
{

    /// <summary>
    /// Null (with the reason) when the store kind is unavailable here and not required. A PostgreSQL database gets
    /// the default collation of the ICU locale <paramref name="postgresCollation"/> if given (see
    /// <see cref="PostgresServer.CreateDatabaseAsync"/>).
    /// </summary>
    public static async Task<(TestStore? Store, string? Problem)> CreateAsync(StoreProvider provider, string? postgresCollation = null)
    {
        if (provider == StoreProvider.Sqlite)
        {
            var path = Path.Combine(RunDirectories.Scratch, $"graph-test-{Guid.NewGuid():N}.db");
            return (new TestStore(provider, $"Data Source={path};Pooling=False"), null);
        }

        var (server, problem) = await PostgresServer.GetAsync();
        return server is null ? (null, problem) : (new TestStore(provider, await server.CreateDatabaseAsync(postgresCollation)), null);
    }

    public IReadOnlyList<string> ConfigurationArguments =>
        [$"--Store:Provider={Provider}", $"--Store:ConnectionString={ConnectionString}"];

    /// <summary>Services on this store, as the ingest tool and the API build them.</summary>
    public ServiceProvider CreateServices() =>
        new ServiceCollection()
            .AddKnowledgeGraph(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Store:Provider"] = Provider.ToString(),
                ["Store:ConnectionString"] = ConnectionString,
            }).Build())
            .BuildServiceProvider();
}
