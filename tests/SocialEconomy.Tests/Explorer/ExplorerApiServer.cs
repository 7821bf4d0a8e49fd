using System.Text.Json.Nodes;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Explorer;

/// <summary>The real API with the explorer, on SQLite (the explorer reads through GraphQL, which is tested on both stores), without a rate limit.</summary>
public sealed class ExplorerApiServer() : ApiServer(StoreProvider.Sqlite)
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
