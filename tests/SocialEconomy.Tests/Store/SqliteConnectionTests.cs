using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Store;

/// <summary>What every SQLite connection of the store is given when it opens, a pooled one taken again included.</summary>
public sealed class SqliteConnectionTests(SqliteApiServer server) : IClassFixture<SqliteApiServer>
{
    [Fact]
    public async Task EveryConnection_KeepsTemporaryTablesInMemory_AndFoldsText()
    {
        for (var lease = 0; lease < 3; lease++)
        {
            using var scope = server.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
            await db.Database.OpenConnectionAsync();
            try
            {
                // 2 is MEMORY; SQLite's default, 0, leaves them to temporary files.
                Assert.Equal(2L, await Scalar(db, "PRAGMA temp_store"));
                Assert.Equal("cafe", await Scalar(db, "SELECT graph_fold('Café')"));
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private static async Task<object?> Scalar(GraphDbContext db, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
