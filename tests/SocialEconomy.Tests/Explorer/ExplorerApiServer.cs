using System.Text.Json.Nodes;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;
using SocialEconomy.Tests.Ingest;

namespace SocialEconomy.Tests.Explorer;

/// <summary>The real API with the explorer, on SQLite (the explorer reads through GraphQL, which is tested on both stores), without a rate limit.</summary>
public abstract class ExplorerServer() : ApiServer(StoreProvider.Sqlite)
{
    protected override IEnumerable<string> ExtraArguments => ["--Limits:RateLimitPermits=0"];

    public string BaseUrl => Client.BaseAddress!.ToString().TrimEnd('/');

    /// <summary>The data of a query, failing on errors: what the page under test should show.</summary>
    public async Task<JsonNode> DataAsync(string query, object? variables = null)
    {
        var answer = await QueryAsync(query, variables);
        Assert.True(answer["errors"] is null, $"GraphQL errors: {answer["errors"]?.ToJsonString()}");
        return answer["data"]!;
    }

    public async Task<string> IdAsync(string root, string key)
    {
        var data = await DataAsync($$"""query($key: String!) { {{root}}(where: { key: { eq: $key } }) { nodes { id } } }""", new { key });
        return data[root]!["nodes"]![0]!["id"]!.GetValue<string>();
    }
}

/// <summary>The explorer on the seed data alone.</summary>
public sealed class ExplorerApiServer : ExplorerServer;

/// <summary>
/// The explorer on the seed and the real open data, imported after start with the ingest tool as a user would: INDIGO's
/// UK projects (outcomes partnerships with their service providers, investors, outcome payers and intermediaries, and
/// funders that are also organisations) and Co-operatives UK's 2017 CSV (some 8,000 organisations with status, dates,
/// SIC codes and regions; an ownership model holds 3,694 of them).
/// </summary>
public sealed class ExplorerOpenDataServer : ExplorerServer, IAsyncLifetime
{
    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        if (Unavailable is not null)
        {
            return;
        }

        var indigo = await IngestRunner.RunAsync(Store, "import", "indigo", OpenDataApiServer.Indigo, "--country", "GB", "--skip-invalid");
        Assert.True(indigo.Exit == 0, indigo.Error);
        var coops = await IngestRunner.RunAsync(Store, "import", "coops-uk", OpenDataApiServer.CoopsUk);
        Assert.True(coops.Exit == 0, coops.Error);
    }
}

/// <summary>The browser tests on the open data share one server (its imports take a while) and one browser, and run one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ExplorerOpenDataCollection : ICollectionFixture<ExplorerOpenDataServer>, ICollectionFixture<ChromiumBrowser>
{
    public const string Name = "Explorer on the open data";
}
