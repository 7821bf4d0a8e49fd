using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Store;

/// <summary>What every SQLite connection of the store is given when it opens, a pooled one taken again included.</summary>
public sealed class SqliteConnectionTests(SqliteApiServer server) : IClassFixture<SqliteApiServer>
{
    [Fact]
    public async Task EveryConnection_KeepsTemporaryTablesInMemory_APageCacheOf32MiB_AndFoldsText()
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
                // Negative: KiB. SQLite's own is -2000.
                Assert.Equal(-32L * 1024, await Scalar(db, "PRAGMA cache_size"));
                Assert.Equal("cafe", await Scalar(db, "SELECT graph_fold('Café')"));
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    [Theory]
    [InlineData("64", -64L * 1024)]
    [InlineData("0", -2000L)]
    public async Task ConfiguredPageCache_IsEveryConnections(string cacheMiB, long cacheSize)
    {
        await using var services = Services(cacheMiB);
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
        await db.Database.OpenConnectionAsync();
        Assert.Equal(cacheSize, await Scalar(db, "PRAGMA cache_size"));
        Assert.Equal(2L, await Scalar(db, "PRAGMA temp_store"));
    }

    [Fact]
    public void NegativePageCache_IsRefusedWithWhatToGive()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Services("-1"));
        Assert.Contains("Store:SqliteCacheMiB is -1", error.Message);
        Assert.Contains("in MiB, or 0 for SQLite's own", error.Message);
    }

    private static ServiceProvider Services(string cacheMiB) =>
        new ServiceCollection()
            .AddKnowledgeGraph(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Store:Provider"] = "Sqlite",
                ["Store:ConnectionString"] = $"Data Source={Path.Combine(RunDirectories.Scratch, $"graph-test-{Guid.NewGuid():N}.db")};Pooling=False",
                ["Store:SqliteCacheMiB"] = cacheMiB,
            }).Build())
            .BuildServiceProvider();

    private static async Task<object?> Scalar(GraphDbContext db, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
