using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SocialEconomy.Graph.Store;

/// <summary>
/// Counts the SQL statements one scope (one API request, one ingest run) sends to the store, and the time they
/// take, so that request logs and tests can see that a request costs a bounded number of statements, and how much
/// of its time is the store's.
/// </summary>
public sealed class SqlStatementCounter
{
    private int _count;
    private long _storeTicks;

    /// <summary>
    /// The statements running now, with when each started. EF Core's own durations will not do: a reader's is counted
    /// from the moment it was created, after the store had already produced the first row (on PostgreSQL, the whole
    /// wait for the server; on SQLite, often the whole statement). A scope runs one statement at a time, or a few, so
    /// a list searched by reference: a table keyed weakly by command made a GC handle for every statement.
    /// </summary>
    private readonly List<(DbCommand Command, long Started)> _running = [];

    public int Count => Volatile.Read(ref _count);

    /// <summary>
    /// Time from each statement's start (just before it is sent) to its end: for a query, until its reader is
    /// disposed, so the store's work and the reading of the rows (with EF Core's materialising them, which goes row by
    /// row alongside) both count.
    /// </summary>
    public TimeSpan StoreTime => TimeSpan.FromTicks(Interlocked.Read(ref _storeTicks));

    internal void Add() => Interlocked.Increment(ref _count);

    internal void AddTime(TimeSpan duration) => Interlocked.Add(ref _storeTicks, duration.Ticks);

    /// <summary>Counts <paramref name="command"/>, about to be sent, and starts its clock.</summary>
    private void Start(DbCommand command)
    {
        Add();
        lock (_running)
        {
            _running.Add((command, Stopwatch.GetTimestamp()));
        }
    }

    /// <summary>Adds the time of <paramref name="command"/>, which has ended, if it was started here.</summary>
    private void Stop(DbCommand command)
    {
        long started;
        lock (_running)
        {
            var i = _running.FindIndex(r => ReferenceEquals(r.Command, command));
            if (i < 0)
            {
                return;
            }

            started = _running[i].Started;
            _running.RemoveAt(i);
        }

        AddTime(Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// Adds each command a graph context sends to the counter of that context's scope. One instance serves every
    /// context, so that the store's options, and the pool of contexts, are shared by every request.
    /// </summary>
    internal sealed class Interceptor : DbCommandInterceptor
    {
        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Count(command, eventData);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Count(command, eventData);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        {
            Count(command, eventData);
            return result;
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Count(command, eventData);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            Count(command, eventData);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Count(command, eventData);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
        {
            Stop(command, eventData.Context);
            return result;
        }

        public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
        {
            Stop(command, eventData.Context);
            return ValueTask.FromResult(result);
        }

        public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
        {
            Stop(command, eventData.Context);
            return result;
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Stop(command, eventData.Context);
            return ValueTask.FromResult(result);
        }

        public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
        {
            Stop(command, eventData.Context);
            return result;
        }

        public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            Stop(command, eventData.Context);
            return Task.CompletedTask;
        }

        public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Stop(command, eventData.Context);

        // A statement stopped by its request's cancellation ends here rather than as a failure; its time counts too.
        public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Stop(command, eventData.Context);
            return Task.CompletedTask;
        }

        public override void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Stop(command, eventData.Context);

        private void Count(DbCommand command, CommandEventData eventData)
        {
            if (eventData.Context is GraphDbContext context)
            {
                context.Statements.Start(command);
            }
        }

        private void Stop(DbCommand command, Microsoft.EntityFrameworkCore.DbContext? context)
        {
            if (context is GraphDbContext graph)
            {
                graph.Statements.Stop(command);
            }
        }
    }
}
