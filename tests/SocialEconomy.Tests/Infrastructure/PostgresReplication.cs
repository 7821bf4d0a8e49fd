using Npgsql;

namespace SocialEconomy.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL primary and a streaming replica of it (pg_basebackup -R), started from the machine's binaries for
/// the tests of read replicas, apart from the shared server (whose base backup would copy every test database).
/// </summary>
public sealed class PostgresReplication : IAsyncDisposable
{
    private readonly string _bin;
    private readonly bool _asRoot;
    private readonly string _primaryRoot;
    private readonly string _replicaRoot;

    private PostgresReplication(string bin, bool asRoot, string primaryRoot, int primaryPort, string replicaRoot, int replicaPort)
    {
        (_bin, _asRoot, _primaryRoot, _replicaRoot) = (bin, asRoot, primaryRoot, replicaRoot);
        Primary = $"Host=127.0.0.1;Port={primaryPort};Username=postgres;Database=postgres";
        Replica = $"Host=127.0.0.1;Port={replicaPort};Username=postgres;Database=postgres";
    }

    /// <summary>Admin connection strings of the two servers.</summary>
    public string Primary { get; }

    public string Replica { get; }

    /// <summary>The pair, or null with the reason it cannot be had here (only when PostgreSQL is not required).</summary>
    public static async Task<(PostgresReplication? Pair, string? Problem)> StartAsync()
    {
        var bin = PostgresServer.Bin;
        if (!File.Exists(Path.Combine(bin, "pg_basebackup")))
        {
            return Unavailable($"no pg_basebackup in {bin}");
        }

        var asRoot = Environment.UserName == "root";
        string? primaryRoot = null, replicaRoot = null;
        try
        {
            primaryRoot = Directory("graph-test-pg-primary-", bin, asRoot);
            var primaryPort = PostgresServer.FreePort();
            await PostgresServer.RunAsync(Path.Combine(bin, "initdb"), ["-D", Data(primaryRoot), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C"], asRoot);
            await StartServerAsync(bin, primaryRoot, $"-p {primaryPort} -k {primaryRoot} -c listen_addresses=127.0.0.1 -c fsync=off -c wal_level=replica -c max_wal_senders=4", asRoot);

            replicaRoot = Directory("graph-test-pg-replica-", bin, asRoot);
            var replicaPort = PostgresServer.FreePort();
            // -R writes standby.signal and the primary's address, so the copy starts as a streaming replica.
            await PostgresServer.RunAsync(Path.Combine(bin, "pg_basebackup"),
                ["-D", Data(replicaRoot), "-R", "-X", "stream", "-h", "127.0.0.1", "-p", primaryPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres"], asRoot);
            await StartServerAsync(bin, replicaRoot, $"-p {replicaPort} -k {replicaRoot} -c listen_addresses=127.0.0.1 -c hot_standby=on", asRoot);
            var pair = new PostgresReplication(bin, asRoot, primaryRoot, primaryPort, replicaRoot, replicaPort);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => pair.Stop();
            return (pair, null);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            foreach (var root in new[] { replicaRoot, primaryRoot }.OfType<string>())
            {
                PostgresServer.StopAndRemove(bin, root, Data(root), asRoot);
            }

            return Unavailable(ex.Message);
        }
    }

    /// <summary>A new database on the primary, once the replica has it too; its connection strings on both.</summary>
    public async Task<(string Primary, string Replica)> CreateDatabaseAsync(string name)
    {
        await using (var connection = new NpgsqlConnection(Primary))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'", connection);
            await command.ExecuteNonQueryAsync();
        }

        var replica = new NpgsqlConnectionStringBuilder(Replica) { Database = name }.ConnectionString;
        await Eventually.HoldsAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(replica);
            await connection.OpenAsync();
            return true;
        }, $"the replica has no database {name}");
        return (new NpgsqlConnectionStringBuilder(Primary) { Database = name }.ConnectionString, replica);
    }

    /// <summary>Pauses or resumes the replica's replay of the primary's changes, as a replica that falls behind.</summary>
    public async Task SetReplayPausedAsync(bool paused)
    {
        await using var connection = new NpgsqlConnection(Replica);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(paused ? "SELECT pg_wal_replay_pause()" : "SELECT pg_wal_replay_resume()", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Stops the replica at once, as a replica that fails.</summary>
    public void StopReplica() => PostgresServer.StopServer(_bin, Data(_replicaRoot), _asRoot);

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private void Stop()
    {
        foreach (var root in new[] { _replicaRoot, _primaryRoot })
        {
            PostgresServer.StopAndRemove(_bin, root, Data(root), _asRoot);
        }
    }

    private static (PostgresReplication?, string?) Unavailable(string problem) =>
        PostgresServer.Required
            ? throw new InvalidOperationException($"PostgreSQL is required (GRAPH_REQUIRE_POSTGRES=1) but a primary with a replica could not be started: {problem}")
            : (null, problem);

    private static string Directory(string prefix, string bin, bool asRoot)
    {
        var root = RunDirectories.Create(prefix, leftover => PostgresServer.StopServer(bin, Data(leftover), asRoot));
        if (asRoot)
        {
            // PostgreSQL refuses to run as root: the postgres user owns the directory and runs the server.
            PostgresServer.RunAsync("chown", ["postgres:postgres", root], asPostgres: false).GetAwaiter().GetResult();
        }

        return root;
    }

    private static Task StartServerAsync(string bin, string root, string options, bool asRoot) =>
        PostgresServer.RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", Data(root), "-o", options, "-l", Path.Combine(root, "server.log"), "-w", "start"], asRoot);

    private static string Data(string root) => Path.Combine(root, "data");
}
