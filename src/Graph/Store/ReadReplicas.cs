using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace SocialEconomy.Graph.Store;

/// <summary>Where the API's reads go now: a replica, or the primary, with what was skipped and why.</summary>
/// <param name="ConnectionString">The store the reads use.</param>
/// <param name="Name">"primary", or "replica N" (the Nth of Store:ReadReplicas, from 1): never the address, which readyz shows publicly.</param>
/// <param name="LagSeconds">How far the replica's replay is behind, when a replica serves.</param>
/// <param name="Skipped">Each replica passed over, with the reason.</param>
public sealed record ReadTarget(string ConnectionString, string Name, double? LagSeconds, IReadOnlyList<string> Skipped);

/// <summary>
/// Sends the API's reads to the first PostgreSQL streaming replica of Store:ReadReplicas that answers and is no more
/// than Store:ReplicaMaxLagSeconds behind, and to the primary when none is; writes (loads, imports, migrations) always
/// go to the primary (<see cref="ReadReplicaExtensions.UsePrimary"/>). Until the first check, and in the ingest tool,
/// which never checks, reads go to the primary too.
/// </summary>
public sealed class ReadReplicaRouter(StoreOptions options)
{
    private volatile ReadTarget _current = new(options.ConnectionString, "primary", null, []);

    public ReadTarget Current => _current;

    /// <summary>Checks the replicas in order and routes the reads to the first fit to serve them.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var skipped = new List<string>();
        for (var i = 0; i < options.ReadReplicas.Count; i++)
        {
            var name = $"replica {i + 1}";
            var replica = options.ReadReplicas[i];
            try
            {
                var (replaying, lag) = await ProbeAsync(replica, cancellationToken);
                if (!replaying)
                {
                    skipped.Add($"{name}: not replaying from a primary (pg_is_in_recovery() is false)");
                }
                else if (lag > options.ReplicaMaxLagSeconds)
                {
                    skipped.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: {lag:F1} s behind, more than the {options.ReplicaMaxLagSeconds} s allowed"));
                }
                else
                {
                    _current = new ReadTarget(replica, name, lag, skipped);
                    return;
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException or IOException or System.Net.Sockets.SocketException)
            {
                skipped.Add($"{name}: does not answer");
            }
        }

        _current = new ReadTarget(options.ConnectionString, "primary", null, skipped);
    }

    /// <summary>
    /// Whether the server replays a primary's WAL, and how far behind it is: nothing once it has replayed all it has
    /// received (an idle primary sends nothing new, so the age of the last replayed transaction says nothing then),
    /// else the age of the last transaction it replayed.
    /// </summary>
    private static async Task<(bool Replaying, double Lag)> ProbeAsync(string connectionString, CancellationToken cancellationToken)
    {
        var probe = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 3, CommandTimeout = 3 };
        await using var connection = new NpgsqlConnection(probe.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT pg_is_in_recovery(),
                   CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                        ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)::float8 END
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetBoolean(0), reader.GetDouble(1));
    }
}

public static class ReadReplicaExtensions
{
    /// <summary>Points the context at the primary, for writes and for reads that must see the latest commit.</summary>
    public static void UsePrimary(this GraphDbContext db, StoreOptions options)
    {
        if (options.ReadReplicas.Count > 0)
        {
            db.Database.SetConnectionString(options.ConnectionString);
        }
    }
}
