using System.Net;
using System.Text.Json.Nodes;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Explorer;

/// <summary>An API built with -p:SkipClientApp=true: its web root holds no built apps.</summary>
public sealed class UnbuiltClientAppsApiServer() : ApiServer(StoreProvider.Sqlite)
{
    protected override IEnumerable<string> ExtraArguments => [$"--webroot={Directory.CreateTempSubdirectory("no-client-apps-").FullName}"];
}

/// <summary>Without the built explorer, / says so and how to build it, and GraphQL still answers.</summary>
public sealed class UnbuiltExplorerTests(UnbuiltClientAppsApiServer server) : IClassFixture<UnbuiltClientAppsApiServer>
{
    [SkippableTheory]
    [InlineData("/")]
    [InlineData("/model/TW9kZWw6aG91c2luZy1maXJzdA")]
    public async Task Page_WhenNotBuilt_Is404ExplorerNotBuilt_SayingHowToBuildIt(string path)
    {
        server.SkipIfUnavailable();
        using var response = await server.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!;
        Assert.Equal("EXPLORER_NOT_BUILT", error["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains("npm", error["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var data = await server.QueryAsync("{ __typename }");
        Assert.Equal("Query", data["data"]!["__typename"]!.GetValue<string>());
    }
}
