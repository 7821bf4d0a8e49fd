using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace SocialEconomy.Graph.Store;

/// <summary>
/// Open connections to a SQLite store that keep the statements they have prepared, for the SQL the graph writes itself
/// (<see cref="StoreReads"/>), the compiled pages (<see cref="Compiling.PageStatement"/>) above all: the statements that
/// take longest to prepare and run most often. SQLite prepares a statement on the connection that runs it, and
/// Microsoft.Data.Sqlite drops a command's prepared statements when its connection closes, which EF Core does after
/// every query. So each run of a compiled page prepared it afresh: the organisation profile's statement (9 KB of SQL)
/// took 3.2 ms with a fresh command and 0.9 ms prepared, on one connection of the 10^4 synthetic store.
/// </summary>
/// <remarks>
/// A connection serves one statement at a time; the idle ones wait here, up to <see cref="IdleConnections"/>, each
/// keeping its <see cref="StoreOptions.SqlitePreparedStatements"/> most recently used statements. A connection that
/// saw a statement fail is closed rather than kept. The connections read outside any transaction, as EF Core's do
/// outside one: each statement sees the store as its last commit left it. Schema changes (a migration by another
/// process) need nothing here: SQLite prepares a statement again when the schema it was prepared for has changed.
/// </remarks>
public sealed class SqlitePreparedStatements(Func<GraphDbContext> contexts, int statementsPerConnection) : IDisposable
{
    /// <summary>Idle connections kept open; requests beyond them open one and close it after their statement.</summary>
    public const int IdleConnections = 16;

    private readonly ConcurrentBag<PreparedConnection> _idle = [];
    private int _idleCount;
    private long _prepared;
    private volatile bool _disposed;

    /// <summary>Connections open and waiting for a statement.</summary>
    public int Idle => Volatile.Read(ref _idleCount);

    /// <summary>Statements prepared so far, on any connection: a statement run again on a connection that holds it is not.</summary>
    public long Prepared => Interlocked.Read(ref _prepared);

    /// <summary>
    /// Runs <paramref name="sql"/> with <paramref name="parameters"/> (free to join a command: each belongs to one
    /// at a time) and hands its reader to <paramref name="read"/>. Counted and timed in <paramref name="db"/>'s
    /// scope as EF Core's statements are; <paramref name="cancellationToken"/> interrupts the statement while it runs.
    /// </summary>
    public async Task<T> ReadAsync<T>(
        GraphDbContext db, string sql, IEnumerable<DbParameter> parameters, Func<DbDataReader, Task<T>> read, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = Lease();
        var healthy = false;
        db.Statements.Add();
        var started = Stopwatch.GetTimestamp();
        try
        {
            var command = connection.Prepared(sql, ref _prepared);
            command.Parameters.Clear();
            foreach (var parameter in parameters)
            {
                command.Parameters.Add(parameter);
            }

            T result;
            using (SqliteInterruption.Interrupts(connection.Connection, cancellationToken))
            {
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                result = await read(reader);
            }

            healthy = true;
            return result;
        }
        finally
        {
            db.Statements.AddTime(Stopwatch.GetElapsedTime(started));
            Return(connection, healthy);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }

    private PreparedConnection Lease()
    {
        if (_idle.TryTake(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            return idle;
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        return PreparedConnection.Open(contexts, statementsPerConnection);
    }

    private void Return(PreparedConnection connection, bool healthy)
    {
        if (healthy && !_disposed)
        {
            if (Interlocked.Increment(ref _idleCount) <= IdleConnections)
            {
                _idle.Add(connection);
                if (_disposed)
                {
                    // Disposed while this one was coming back: Dispose may not have seen it.
                    Dispose();
                }

                return;
            }

            Interlocked.Decrement(ref _idleCount);
        }

        connection.Dispose();
    }

    /// <summary>
    /// One open connection and its prepared statements by SQL, the least recently used dropped first. The connection
    /// is a graph context's, opened by EF Core, so that it has what EF Core's SQL calls for (its functions for
    /// decimals, and the store's own: graph_fold, temp_store) as the context's other statements do.
    /// </summary>
    private sealed class PreparedConnection(GraphDbContext owner, SqliteConnection connection, int capacity) : IDisposable
    {
        private readonly Dictionary<string, LinkedListNode<SqliteCommand>> _commands = new(StringComparer.Ordinal);
        private readonly LinkedList<SqliteCommand> _recency = new();

        public SqliteConnection Connection => connection;

        public static PreparedConnection Open(Func<GraphDbContext> contexts, int capacity)
        {
            var owner = contexts();
            try
            {
                owner.Database.OpenConnection();
                return new PreparedConnection(owner, (SqliteConnection)owner.Database.GetDbConnection(), capacity);
            }
            catch
            {
                owner.Dispose();
                throw;
            }
        }

        public SqliteCommand Prepared(string sql, ref long prepared)
        {
            if (_commands.TryGetValue(sql, out var held))
            {
                _recency.Remove(held);
                _recency.AddFirst(held);
                return held.Value;
            }

            var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Prepare();
            Interlocked.Increment(ref prepared);
            _commands[sql] = _recency.AddFirst(command);
            while (_commands.Count > capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _commands.Remove(oldest.Value.CommandText);
                oldest.Value.Dispose();
            }

            return command;
        }

        public void Dispose()
        {
            foreach (var command in _recency)
            {
                command.Dispose();
            }

            owner.Dispose();
        }
    }
}
