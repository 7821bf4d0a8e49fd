using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SocialEconomy.Graph.Store;

/// <summary>
/// Stops a running SQLite statement when its cancellation token fires. Microsoft.Data.Sqlite checks the token only
/// before a statement starts and between rows it hands over (SqliteCommand.Cancel does nothing), so a request past
/// its timeout would otherwise leave a long statement running to the end on a pooled connection. While a command
/// runs, and while its reader is open, the token is registered to call sqlite3_interrupt on the command's
/// connection; the statement then fails with SQLITE_INTERRUPT (a SqliteException, error code 9). The registration is
/// removed when the reader is disposed or the command ends, before the connection can return to the pool; an
/// interrupt that arrives after the last statement has ended is a no-op in SQLite.
/// </summary>
internal sealed class SqliteInterruption : DbCommandInterceptor
{
    private readonly ConditionalWeakTable<DbCommand, Registration> _running = new();

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Watch(command, cancellationToken);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Watch(command, cancellationToken);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Watch(command, cancellationToken);
        return ValueTask.FromResult(result);
    }

    // A reader's statement goes on running while its rows are read, so its watch ends when the reader is disposed.
    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        Release(command);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Release(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<int> NonQueryExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Release(command);
        return ValueTask.FromResult(result);
    }

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(command);
        return Task.CompletedTask;
    }

    public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(command);
        return Task.CompletedTask;
    }

    private void Watch(DbCommand command, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled || command.Connection is not SqliteConnection connection)
        {
            return;
        }

        _running.AddOrUpdate(command, new Registration(Interrupts(connection, cancellationToken)));
    }

    /// <summary>
    /// Interrupts the statement running on <paramref name="connection"/> when <paramref name="cancellationToken"/>
    /// fires, until the registration is disposed, which must come before the connection serves anyone else.
    /// </summary>
    internal static CancellationTokenRegistration Interrupts(SqliteConnection connection, CancellationToken cancellationToken) =>
        cancellationToken.Register(static state =>
        {
            if (((SqliteConnection)state!).Handle is { } handle)
            {
                SQLitePCL.raw.sqlite3_interrupt(handle);
            }
        }, connection);

    private void Release(DbCommand command)
    {
        if (_running.TryGetValue(command, out var registration))
        {
            _running.Remove(command);
            registration.Token.Dispose();
        }
    }

    private sealed record Registration(CancellationTokenRegistration Token);
}
