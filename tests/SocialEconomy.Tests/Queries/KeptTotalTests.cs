using Microsoft.EntityFrameworkCore;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Export;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Queries;

/// <summary>
/// The total of an unfiltered root list is the count the store keeps of its kind (<see cref="NodeCounts"/>), read
/// ahead with the page or on its own, not a count of the table; a filtered list is still counted. The servers here
/// have stores of their own, whose kept count the test changes to tell the two apart.
/// </summary>
public abstract class KeptTotalTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : ApiServer
{
    [SkippableFact]
    public async Task UnfilteredTotal_IsTheKeptCount_FilteredTotal_IsCounted()
    {
        server.SkipIfUnavailable();
        var (organisations, inLondon) = await ExportStores.WithDbAsync(server.Store!, async db =>
            (await db.Organisations.CountAsync(), await db.Organisations.CountAsync(o => o.Region == "London")));
        Assert.True(inLondon > 0 && inLondon < organisations, $"the seed should have some organisations in London ({inLondon} of {organisations})");
        Assert.Equal(organisations, await TotalAsync("{ organisations { totalCount } }"));

        var kept = organisations + 1_000;
        await SetKeptAsync(kept);
        try
        {
            Assert.Equal(kept, await TotalAsync("{ organisations { totalCount } }"));
            Assert.Equal(kept, await TotalAsync("{ organisations(first: 2) { totalCount nodes { key } } }"));
            Assert.Equal(kept, await TotalAsync("{ organisations(last: 2) { totalCount nodes { key } } }"));
            Assert.Equal(inLondon, await TotalAsync("""{ organisations(where: { region: { eq: "London" } }, first: 2) { totalCount nodes { key } } }"""));
            Assert.Equal(inLondon, await TotalAsync("""{ organisations(where: { region: { eq: "London" } }) { totalCount } }"""));
        }
        finally
        {
            await SetKeptAsync(organisations);
        }
    }

    private async Task<int> TotalAsync(string query)
    {
        var answer = await server.QueryAsync(query);
        Assert.Null(answer["errors"]);
        return (int)answer["data"]!["organisations"]!["totalCount"]!;
    }

    private Task SetKeptAsync(int count) => ExportStores.WithDbAsync(server.Store!, db =>
        db.NodeCounts.Where(c => c.Kind == NodeKind.Organisation).ExecuteUpdateAsync(c => c.SetProperty(n => n.Count, count)));
}

public sealed class SqliteKeptTotalServer() : ApiServer(StoreProvider.Sqlite);

public sealed class PostgresKeptTotalServer() : ApiServer(StoreProvider.Postgres);

public sealed class SqliteKeptTotalTests(SqliteKeptTotalServer server) : KeptTotalTests<SqliteKeptTotalServer>(server);

public sealed class PostgresKeptTotalTests(PostgresKeptTotalServer server) : KeptTotalTests<PostgresKeptTotalServer>(server);
