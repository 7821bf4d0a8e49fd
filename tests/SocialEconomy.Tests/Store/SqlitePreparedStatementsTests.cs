using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Store;

/// <summary>
/// The compiled pages' SQLite statements are prepared once per connection and run again from there: each run reads
/// the store as it is then, is counted in its request's statements, and stops when its request is cancelled.
/// </summary>
public sealed class SqlitePreparedStatementsTests
{
    [Fact]
    public async Task AStatementRunAgain_IsNotPreparedAgain_AndReadsWhatWasWrittenSince()
    {
        var (store, _) = await TestStore.CreateAsync(StoreProvider.Sqlite);
        await using var services = store!.CreateServices();
        var prepared = services.GetRequiredService<SqlitePreparedStatements>();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
        var counter = scope.ServiceProvider.GetRequiredService<SqlStatementCounter>();
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE things (name TEXT); INSERT INTO things VALUES ('one');");
        var statementsBefore = counter.Count;

        Assert.Equal(["one"], await NamesAsync(prepared, db, "o%"));
        await db.Database.ExecuteSqlRawAsync("INSERT INTO things VALUES ('other'), ('two');");
        Assert.Equal(["one", "other"], await NamesAsync(prepared, db, "o%"));
        Assert.Equal(["two"], await NamesAsync(prepared, db, "t%"));

        Assert.Equal(1, prepared.Prepared);
        Assert.Equal(1, prepared.Idle);
        // The three runs, and the insert between them.
        Assert.Equal(4, counter.Count - statementsBefore);
    }

    [Fact]
    public async Task ACancelledStatement_StopsRunning_AndItsConnectionIsNotKept()
    {
        var (store, _) = await TestStore.CreateAsync(StoreProvider.Sqlite);
        await using var services = store!.CreateServices();
        var prepared = services.GetRequiredService<SqlitePreparedStatements>();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
        Assert.Equal([1L], await ReadAsync(prepared, db, "SELECT 1", [], CancellationToken.None));
        Assert.Equal(1, prepared.Idle);

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        // Counting to ten billion one row at a time takes SQLite far longer than any test run: only the interrupt can
        // end it. Microsoft.Data.Sqlite runs it synchronously inside its async call, so it runs on its own thread
        // for the guard below to watch.
        var endless = Task.Run(() => ReadAsync(prepared, db, """
            WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000000000) SELECT max(x) FROM c
            """, [], cancel.Token));
        // A guard, not a timing: a statement still running a minute after its cancellation is not going to stop.
        Assert.Same(endless, await Task.WhenAny(endless, Task.Delay(TimeSpan.FromMinutes(1))));

        var error = await Record.ExceptionAsync(() => endless);
        Assert.True(error is SqliteException { SqliteErrorCode: 9 }, $"expected SQLITE_INTERRUPT, got {error}");
        Assert.Equal(0, prepared.Idle);
        Assert.Equal([1L], await ReadAsync(prepared, db, "SELECT 1", [], CancellationToken.None));
    }

    [Fact]
    public void AnInMemoryStore_HasNoPreparedConnections_ForNoOtherConnectionCouldReadIt()
    {
        using var services = new TestStore(StoreProvider.Sqlite, "Data Source=:memory:").CreateServices();
        Assert.Null(services.GetService<SqlitePreparedStatements>());
    }

    private static async Task<List<string>> NamesAsync(SqlitePreparedStatements prepared, GraphDbContext db, string pattern) =>
        [.. (await ReadAsync(prepared, db, "SELECT name FROM things WHERE name LIKE @pattern ORDER BY name", [new SqliteParameter("@pattern", pattern)], CancellationToken.None)).Cast<string>()];

    private static Task<List<object>> ReadAsync(
        SqlitePreparedStatements prepared, GraphDbContext db, string sql, SqliteParameter[] parameters, CancellationToken cancellationToken) =>
        prepared.ReadAsync(db, sql, parameters, async reader =>
        {
            var values = new List<object>();
            while (await reader.ReadAsync(cancellationToken))
            {
                values.Add(reader.GetValue(0));
            }

            return values;
        }, cancellationToken);
}
