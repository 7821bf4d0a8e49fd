using System.Data;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Loading;

/// <summary>
/// A load's transaction, begun holding the store's one write lock, so that two loads run one after the other: the
/// second compares its batch with what the first committed, and nothing is lost or written twice. SQLite's lock is
/// its own (BEGIN IMMEDIATE, which Microsoft.Data.Sqlite retries while the store is busy); PostgreSQL's is a
/// transaction-scoped advisory lock, released by the commit or rollback. Readers never wait for it.
/// </summary>
public static class StoreWriteLock
{
    /// <summary>The advisory lock's key on PostgreSQL: any fixed number, the same in every process.</summary>
    private const long PostgresKey = 0x5345_4752_4150_4831;

    private static readonly TimeSpan PostgresPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Begins a transaction holding the store's write lock, waiting up to <paramref name="wait"/> for it; throws
    /// <see cref="StoreBusyException"/> if another writer held it all that time. On SQLite the context's connection
    /// is left open for the transaction; the caller closes it after the commit.
    /// </summary>
    public static async Task<IDbContextTransaction> BeginAsync(GraphDbContext db, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (!db.IsPostgres)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            var timeout = connection.DefaultTimeout;
            connection.DefaultTimeout = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            // SQLite's own busy handler, set from the connection string when it opened, would block each try for its
            // default 30 s before Microsoft.Data.Sqlite's retries look at the time: both get the load's wait.
            await SetBusyTimeoutAsync(connection, (long)wait.TotalMilliseconds, cancellationToken);
            try
            {
                // Not deferred: BEGIN IMMEDIATE takes the write lock now, where a deferred transaction would read the
                // store first and fail on its first write if another load had written since.
                var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
                return (await db.Database.UseTransactionAsync(transaction, cancellationToken))!;
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
            {
                // SQLITE_BUSY or SQLITE_LOCKED: the message below says all of it.
            }
            finally
            {
                connection.DefaultTimeout = timeout;
                await SetBusyTimeoutAsync(connection, timeout * 1000L, cancellationToken);
            }

            await db.Database.CloseConnectionAsync();
            throw Busy(wait);
        }

        var started = await db.Database.BeginTransactionAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        while (!await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({PostgresKey}) AS \"Value\"").SingleAsync(cancellationToken))
        {
            if (clock.Elapsed >= wait)
            {
                await started.DisposeAsync();
                throw Busy(wait);
            }

            await Task.Delay(PostgresPoll, cancellationToken);
        }

        return started;
    }

    private static async Task SetBusyTimeoutAsync(SqliteConnection connection, long milliseconds, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {milliseconds}";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static StoreBusyException Busy(TimeSpan wait) => new(
        $"another load has been writing to the store for longer than {wait.TotalSeconds:0.#} s (Store:LoadWaitSeconds); " +
        "run this load again when it has finished");
}

/// <summary>A load could not get the store's write lock in time: another load held it throughout.</summary>
public sealed class StoreBusyException(string message) : Exception(message);
