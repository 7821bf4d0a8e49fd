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
/// The explorer on the seed and the real Co-operatives UK open data (its 2017 CSV: some 8,000 organisations; an ownership model
/// holds 3,694 of them), imported after start with the ingest tool as a user would. INDIGO is left out: its lists
/// are short, and leaving it out keeps the set-up to one import (some 15 seconds on two cores).
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

        var coops = await IngestRunner.RunAsync(Store, "import", "coops-uk", OpenDataApiServer.CoopsUk);
        Assert.True(coops.Exit == 0, coops.Error);
    }
}
