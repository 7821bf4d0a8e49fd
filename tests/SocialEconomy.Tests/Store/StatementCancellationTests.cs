using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Store;

/// <summary>
/// A cancelled request stops its statement in the store, not only its wait for it: the API's execution timeout relies
/// on this to free the connection and the core a runaway statement holds.
/// </summary>
public sealed class StatementCancellationTests
{
    // Counting to ten billion one row at a time takes either store far longer than any test run: only cancellation
    // can end it.
    private const string Endless = """
        WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000000000)
        SELECT max(x) AS "Value" FROM c
        """;

    [SkippableTheory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ACancelledStatement_StopsRunning_AndTheContextServesTheNextOne(StoreProvider provider)
    {
        var (store, problem) = await TestStore.CreateAsync(provider);
        Skip.If(store is null, problem);
        await using var services = store.CreateServices();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
        await db.Database.OpenConnectionAsync();

        // The token is cancelled once the statement runs: on SQLite when it first calls a function of the test's own, on
        // PostgreSQL after 300 ms. A token cancelled before the statement starts (the first query of a context can take
        // that long on a busy machine) stops it before the store sees it, which is not what this test is about.
        var sql = Endless;
        using var cancel = new CancellationTokenSource();
        if (db.Database.GetDbConnection() is SqliteConnection sqlite)
        {
            sqlite.CreateFunction("test_running", () =>
            {
                cancel.Cancel();
                return 1L;
            });
            sql = Endless.Replace("SELECT 1 UNION ALL", "SELECT test_running() UNION ALL", StringComparison.Ordinal);
        }
        else
        {
            cancel.CancelAfter(TimeSpan.FromMilliseconds(300));
        }

        // Microsoft.Data.Sqlite runs a statement synchronously inside its async calls: on its own thread, so the guard
        // below can watch it.
        var endless = Task.Run(() => db.Database.SqlQueryRaw<long>(sql).ToListAsync(cancel.Token));

        // A guard, not a timing: a statement still running a minute after its cancellation is not going to stop. It
        // is then stopped by hand, or disposing the context would wait for it for hours.
        if (await Task.WhenAny(endless, Task.Delay(TimeSpan.FromMinutes(1))) != endless)
        {
            if (db.Database.GetDbConnection() is SqliteConnection { Handle: { } handle })
            {
                SQLitePCL.raw.sqlite3_interrupt(handle);
            }

            await Record.ExceptionAsync(() => endless);
            Assert.Fail("The statement went on running after its token was cancelled.");
        }

        var error = await Record.ExceptionAsync(() => endless);
        if (provider == StoreProvider.Sqlite)
        {
            Assert.True(error is SqliteException { SqliteErrorCode: 9 }, $"expected SQLITE_INTERRUPT, got {error}");
        }
        else
        {
            Assert.IsAssignableFrom<OperationCanceledException>(error);
        }

        Assert.Equal([1], await db.Database.SqlQueryRaw<int>("""SELECT 1 AS "Value" """).ToListAsync());
    }

    [Fact]
    public async Task ATokenCancelledAfterItsStatementEnded_DoesNotStopTheNextStatement()
    {
        var (store, _) = await TestStore.CreateAsync(StoreProvider.Sqlite);
        await using var services = store!.CreateServices();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
        await db.Database.OpenConnectionAsync();

        using var earlier = new CancellationTokenSource();
        Assert.Equal([1], await db.Database.SqlQueryRaw<int>("""SELECT 1 AS "Value" """).ToListAsync(earlier.Token));

        // Counting to five million takes SQLite seconds; the earlier statement's token is cancelled meanwhile, on the
        // same connection, and must not reach this statement.
        var next = Task.Run(() => db.Database.SqlQueryRaw<long>("""
            WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000000) SELECT max(x) AS "Value" FROM c
            """).ToListAsync());
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        await earlier.CancelAsync();
        Assert.Equal([5000000L], await next);
    }
}
