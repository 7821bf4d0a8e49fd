using System.Net;
using System.Text.Json.Nodes;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;
using static SocialEconomy.Tests.Http.Http;

namespace SocialEconomy.Tests.Http;

/// <summary>
/// No request costs more than the limits allow, on a graph where lists are long (the seed and both open datasets):
/// requests priced low that would have grown to hundreds of megabytes are stopped with COST_EXCEEDED before their
/// lists are read, and a plain list longer than Limits:MaxListSize (1,000) is LIST_TOO_LONG, once, naming the
/// connection that pages it.
/// </summary>
public abstract class BoundedAnswerTests<TServer>(TServer server)
    where TServer : OpenDataApiServer
{
    [SkippableTheory]
    // Each cell of the whole-graph map (31 areas by 33 outcomes) reaches, through its area's ancestors, the 840
    // housing co-operatives that work in the homelessness area.
    [InlineData("{ evidenceMap { cells(include: ALL) { challengeArea { ancestors { organisations { name description place region postcode sector identifiers { scheme value } sources { title url publisher } } } } } } }")]
    [InlineData("{ evidenceMap { cells(include: ALL) { outcome { challengeAreas { ancestors { organisations { name description sector status sicCodes { code description } sources { title url } } } } } } } }")]
    public async Task RequestPricedLowWhoseAnswerWouldBeHuge_IsStoppedWithCostExceeded(string query)
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(PostJson(new { query, extensions = new { cost = true } }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.Status);
        Assert.Equal("COST_EXCEEDED", answer.FirstErrorCode);
        var message = answer.Body!["errors"]![0]!["message"]!.GetValue<string>();
        Assert.Contains("'evidenceMap.cells", message);
        Assert.Null(answer.Body["data"]);
        Assert.True(answer.Text.Length < 2_000, answer.Text);
    }

    [SkippableFact]
    public async Task PlainListLongerThanTheMaximum_IsOneListTooLongError_NamingItsConnection_WhoseTotalGivesItsLength()
    {
        server.SkipIfUnavailable();
        var models = (await server.QueryAsync("{ models(first: 200) { nodes { key organisationsConnection { totalCount } } } }"))["data"]!["models"]!["nodes"]!.AsArray();
        var long_ = models.Where(m => m!["organisationsConnection"]!["totalCount"]!.GetValue<int>() > 1_000).Select(m => m!["key"]!.GetValue<string>()).ToList();
        var short_ = models.Where(m => m!["organisationsConnection"]!["totalCount"]!.GetValue<int>() is > 0 and <= 1_000).Select(m => m!["key"]!.GetValue<string>()).ToList();
        Assert.True(long_.Count >= 2, $"the Co-operatives UK ownership models should hold more than 1,000 organisations each: {long_.Count}");
        Assert.NotEmpty(short_);

        using var response = await server.PostAsync("query($keys: [String]) { models(first: 200, where: { key: { in: $keys } }) { nodes { key organisations { name } } } }",
            new { keys = long_.Concat(short_.Take(3)).ToArray() });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var errors = body["errors"]!.AsArray();
        var error = Assert.Single(errors);
        Assert.Equal("LIST_TOO_LONG", error!["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains("'Model.organisations'", error["message"]!.GetValue<string>());
        Assert.Contains("organisationsConnection(first:", error["message"]!.GetValue<string>());

        // Reached through an interface, the list is named by the record's own type.
        var id = (await server.QueryAsync("query($key: String) { models(where: { key: { eq: $key } }) { nodes { id } } }", new { key = long_[0] }))["data"]!["models"]!["nodes"]![0]!["id"]!.GetValue<string>();
        using var byId = await server.PostAsync("query($id: ID!) { node(id: $id) { ... on Model { organisations { name } } } }", new { id });
        var viaNode = JsonNode.Parse(await byId.Content.ReadAsStringAsync())!["errors"]![0]!["message"]!.GetValue<string>();
        Assert.Contains("'Model.organisations'", viaNode);
        Assert.Contains("organisationsConnection(first:", viaNode);

        // A short list is answered whole, as before.
        var one = await server.QueryAsync("query($key: String) { models(where: { key: { eq: $key } }) { nodes { organisations { key } organisationsConnection { totalCount } } } }", new { key = short_[0] });
        var node = one["data"]!["models"]!["nodes"]![0]!;
        Assert.Equal(node["organisationsConnection"]!["totalCount"]!.GetValue<int>(), node["organisations"]!.AsArray().Count);
    }

    [SkippableFact]
    public async Task LongListPagedThroughItsConnection_IsAnsweredWhole()
    {
        server.SkipIfUnavailable();
        var biggest = (await server.QueryAsync("{ models(first: 1, order: [{ organisationCount: DESC }]) { nodes { key organisationsConnection { totalCount } } } }"))["data"]!["models"]!["nodes"]![0]!;
        var total = biggest["organisationsConnection"]!["totalCount"]!.GetValue<int>();
        Assert.True(total > 1_000, $"largest model holds {total} organisations");

        var seen = new HashSet<string>();
        string? after = null;
        do
        {
            var page = (await server.QueryAsync("query($key: String, $after: String) { models(where: { key: { eq: $key } }) { nodes { organisationsConnection(first: 200, after: $after) { nodes { key } pageInfo { hasNextPage endCursor } } } } }",
                new { key = biggest["key"]!.GetValue<string>(), after }))["data"]!["models"]!["nodes"]![0]!["organisationsConnection"]!;
            foreach (var organisation in page["nodes"]!.AsArray())
            {
                Assert.True(seen.Add(organisation!["key"]!.GetValue<string>()));
            }

            after = page["pageInfo"]!["hasNextPage"]!.GetValue<bool>() ? page["pageInfo"]!["endCursor"]!.GetValue<string>() : null;
        }
        while (after is not null);

        Assert.Equal(total, seen.Count);
    }
}

[Collection(SqliteOpenDataCollection.Name)]
public sealed class SqliteBoundedAnswerTests(SqliteOpenDataApiServer server) : BoundedAnswerTests<SqliteOpenDataApiServer>(server);

[Collection(PostgresOpenDataCollection.Name)]
public sealed class PostgresBoundedAnswerTests(PostgresOpenDataApiServer server) : BoundedAnswerTests<PostgresOpenDataApiServer>(server);

/// <summary>Answers of at most 20,000 bytes.</summary>
public sealed class SmallAnswersApiServer() : ApiServer(StoreProvider.Sqlite)
{
    protected override IEnumerable<string> ExtraArguments => ["--Limits:MaxResponseBytes=20000"];
}

/// <summary>An answer larger than Limits:MaxResponseBytes is refused whole with RESPONSE_TOO_LARGE, never cut off.</summary>
public sealed class ResponseSizeTests(SmallAnswersApiServer server) : IClassFixture<SmallAnswersApiServer>
{
    private const string Large = "{ models(first: 200) { nodes { name description sources { title url publisher } evidence { title summary } } } }";

    [SkippableFact]
    public async Task AnswerLargerThanTheMaximum_IsResponseTooLarge_422UnderGraphQLResponse_200UnderJson()
    {
        server.SkipIfUnavailable();
        var strict = await server.SendAsync(PostJson(new { query = Large }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, strict.Status);
        Assert.Equal("RESPONSE_TOO_LARGE", strict.FirstErrorCode);
        Assert.Contains("20,000 bytes", strict.Body!["errors"]![0]!["message"]!.GetValue<string>());
        Assert.Null(strict.Body["data"]);

        var legacy = await server.SendAsync(PostJson(new { query = Large }, PlainJson));
        Assert.Equal(HttpStatusCode.OK, legacy.Status);
        Assert.Equal("RESPONSE_TOO_LARGE", legacy.FirstErrorCode);
    }

    [SkippableFact]
    public async Task AnswerWithinTheMaximum_IsWhole_WithItsLength()
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(PostJson(new { query = "{ models(first: 5) { nodes { name } } }" }));
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(5, answer.Body!["data"]!["models"]!["nodes"]!.AsArray().Count);
    }
}
