using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Store;

/// <summary>
/// The store time a scope's counter reports (the request log's "SQL statements taking ...") covers each statement
/// from the moment it is sent, so a statement that does all its work before its first row counts in full.
/// </summary>
public sealed class StoreTimeTests
{
    [SkippableTheory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task AStatementWhoseWorkComesBeforeItsOnlyRow_CountsThatWork(StoreProvider provider)
    {
        var (store, problem) = await TestStore.CreateAsync(provider);
        Skip.If(store is null, problem);
        await using var services = store.CreateServices();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
        var statements = scope.ServiceProvider.GetRequiredService<SqlStatementCounter>();
        await db.Database.OpenConnectionAsync();

        // Counting to two million one row at a time is nearly all of this call; its one row comes at the end.
        var clock = Stopwatch.StartNew();
        var counted = await db.Database.SqlQueryRaw<long>("""
            WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000) SELECT max(x) AS "Value" FROM c
            """).ToListAsync();
        var call = clock.Elapsed;

        Assert.Equal([2000000L], counted);
        Assert.Equal(1, statements.Count);
        // Not a timing: the same span measured two ways. The statement is inside the call; the call's own work outside
        // the statement (building the command, reading one row) is a small part of it.
        Assert.True(statements.StoreTime <= call, $"store time {statements.StoreTime} beyond the call's {call}");
        Assert.True(statements.StoreTime >= call / 2, $"store time {statements.StoreTime} of a call of {call}");
    }
}
