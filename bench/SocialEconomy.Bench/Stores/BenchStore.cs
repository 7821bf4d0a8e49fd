using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Bench.Stores;

/// <summary>A fresh store of one kind for one scale: a SQLite file in the run's directory, or a new PostgreSQL database.</summary>
public sealed class BenchStore
{
    private static int _databases;

    private BenchStore(StoreProvider provider, string connectionString, string? file, string? adminConnectionString, string? database)
    {
        Provider = provider;
        ConnectionString = connectionString;
        File = file;
        AdminConnectionString = adminConnectionString;
        Database = database;
    }

    public StoreProvider Provider { get; }

    public string ConnectionString { get; }

    private string? File { get; }

    private string? AdminConnectionString { get; }

    private string? Database { get; }

    public static async Task<BenchStore> CreateAsync(StoreProvider provider, string directory, string? postgresAdmin, string name)
    {
        if (provider == StoreProvider.Sqlite)
        {
            var file = Path.Combine(directory, $"{name}.db");
            return new BenchStore(provider, $"Data Source={file}", file, null, null);
        }

        var database = $"graph_bench_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await using (var connection = new NpgsqlConnection(postgresAdmin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'", connection);
            await command.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(postgresAdmin) { Database = database, Pooling = true, MaxPoolSize = 50 }.ConnectionString;
        return new BenchStore(provider, connectionString, null, postgresAdmin, database);
    }

    /// <summary>Services on this store, as the ingest tool and the API build them.</summary>
    public ServiceProvider CreateServices() =>
        new ServiceCollection()
            .AddKnowledgeGraph(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Store:Provider"] = Provider.ToString(),
                ["Store:ConnectionString"] = ConnectionString,
            }).Build())
            .BuildServiceProvider();

    /// <summary>Creates the schema with the product's migrations.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var services = CreateServices();
        using var scope = services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<GraphDbContext>().MigrateGraphAsync(cancellationToken);
    }

    public DbConnection OpenConnection()
    {
        DbConnection connection = Provider == StoreProvider.Sqlite ? new SqliteConnection(ConnectionString) : new NpgsqlConnection(ConnectionString);
        connection.Open();
        if (Provider == StoreProvider.Sqlite)
        {
            // The direct SQL runs with the settings the API's connections have, its page cache included.
            SqliteConnectionSettings.Apply(connection);
        }

        return connection;
    }

    /// <summary>Size of the store on disk, in bytes.</summary>
    public async Task<long> SizeAsync()
    {
        if (File is not null)
        {
            return new[] { File, File + "-wal" }.Where(System.IO.File.Exists).Sum(f => new FileInfo(f).Length);
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// The full-text indexes' size: on SQLite the data of the FTS5 tables (SearchIndex, SearchTitles), on PostgreSQL
    /// the GIN indexes of SearchDocuments and the words they hold (SearchWords, table and key), by which a search asks
    /// a word's start as whole words. What search's speed costs in space.
    /// </summary>
    public async Task<long> SearchIndexSizeAsync()
    {
        if (File is not null)
        {
            await using var sqlite = new SqliteConnection(ConnectionString);
            await sqlite.OpenAsync();
            await using var tables = sqlite.CreateCommand();
            tables.CommandText = """SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('SearchIndex_data', 'SearchTitles_data')""";
            var names = new List<string>();
            await using (var reader = await tables.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    names.Add(reader.GetString(0));
                }
            }

            long bytes = 0;
            foreach (var name in names)
            {
                await using var size = sqlite.CreateCommand();
                size.CommandText = $"""SELECT COALESCE(SUM(length(block)), 0) FROM "{name}" """;
                bytes += (long)(await size.ExecuteScalarAsync())!;
            }

            return bytes;
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT COALESCE(SUM(pg_relation_size(i.indexrelid)), 0) FROM pg_index i
                    JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
                    WHERE i.indrelid = '"SearchDocuments"'::regclass AND a.amname = 'gin')::bigint
                 + COALESCE(pg_total_relation_size(to_regclass('"SearchWords"')), 0)
            """, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task DropAsync()
    {
        if (File is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var path in new[] { File, File + "-wal", File + "-shm" }.Where(System.IO.File.Exists))
            {
                System.IO.File.Delete(path);
            }

            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Database}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
