using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SocialEconomy.Graph.Store;

/// <summary>
/// Counts the SQL statements one scope (one API request, one ingest run) sends to the store, so that request
/// logs and tests can see that a request costs a bounded number of statements.
/// </summary>
public sealed class SqlStatementCounter
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    internal void Add() => Interlocked.Increment(ref _count);

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

        private static void Count(CommandEventData eventData) => (eventData.Context as GraphDbContext)?.Statements.Add();
    }
}
