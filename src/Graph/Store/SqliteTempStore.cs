using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SocialEconomy.Graph.Store;

/// <summary>
/// Keeps SQLite's temporary tables in memory (PRAGMA temp_store=MEMORY) on every connection the store opens. The
/// lists that filters' IN (SELECT ...), DISTINCT and grouping build while a statement runs are temporary tables. Left
/// to temporary files, as by default, a statement building several of them ran several times slower in a process that
/// had already run other statements, with the same virtual-machine steps: the headline question's page and total in
/// one statement took 1.36 ms against 0.53 ms in memory (SQLite 3.53.3, the 10^4 synthetic store).
/// </summary>
internal sealed class SqliteTempStore : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => KeepInMemory(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        KeepInMemory(connection);
        return Task.CompletedTask;
    }

    private static void KeepInMemory(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA temp_store=MEMORY";
        command.ExecuteNonQuery();
    }
}
