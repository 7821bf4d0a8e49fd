using System.Data.Common;
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

    public int Count => Volatile.Read(ref _count);

    /// <summary>
    /// Time from each statement's start to its end: for a query, until its reader is disposed, so the store's work
    /// and the reading of the rows (with EF Core's materialising them, which goes row by row alongside) both count.
    /// </summary>
    public TimeSpan StoreTime => TimeSpan.FromTicks(Interlocked.Read(ref _storeTicks));

    internal void Add() => Interlocked.Increment(ref _count);

    internal void AddTime(TimeSpan duration) => Interlocked.Add(ref _storeTicks, duration.Ticks);

    /// <summary>
    /// Adds each command a graph context sends to the counter of that context's scope. One instance serves every
    /// context, so that the store's options, and the pool of contexts, are shared by every request.
    /// </summary>
    internal sealed class Interceptor : DbCommandInterceptor
    {
        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Count(eventData);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Count(eventData);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        {
            Count(eventData);
            return result;
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Count(eventData);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            Count(eventData);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Count(eventData);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
        {
            Time(eventData.Context, eventData.Duration);
            return result;
        }

        public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
        {
            Time(eventData.Context, eventData.Duration);
            return ValueTask.FromResult(result);
        }

        public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
        {
            Time(eventData.Context, eventData.Duration);
            return result;
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Time(eventData.Context, eventData.Duration);
            return ValueTask.FromResult(result);
        }

        public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
        {
            Time(eventData.Context, eventData.Duration);
            return result;
        }

        public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            Time(eventData.Context, eventData.Duration);
            return Task.CompletedTask;
        }

        public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Time(eventData.Context, eventData.Duration);

        // A statement stopped by its request's cancellation ends here rather than as a failure; its time counts too.
        public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Time(eventData.Context, eventData.Duration);
            return Task.CompletedTask;
        }

        public override void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Time(eventData.Context, eventData.Duration);

        private static void Count(CommandEventData eventData) => (eventData.Context as GraphDbContext)?.Statements.Add();

        private static void Time(Microsoft.EntityFrameworkCore.DbContext? context, TimeSpan duration) => (context as GraphDbContext)?.Statements.AddTime(duration);
    }
}
