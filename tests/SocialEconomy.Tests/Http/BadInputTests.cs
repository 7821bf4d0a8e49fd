using System.Net;
using System.Text;
using SocialEconomy.Tests.Infrastructure;
using static SocialEconomy.Tests.Http.Http;

namespace SocialEconomy.Tests.Http;

/// <summary>
/// Whatever arrives, the answer is a 4xx or a GraphQL error, never a 5xx, never a leak of the server's inside,
/// and the server answers a normal query afterwards.
/// </summary>
public abstract class BadInputTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : ApiServer
{
    private static readonly string Megabyte = new('x', 1024 * 1024);

    public static TheoryData<string> Inputs() => [.. BadRequests.Keys];

    private static readonly Dictionary<string, Func<HttpRequestMessage>> BadRequests = new()
    {
        ["malformed JSON"] = () => Post("{\"query\": \"{ __typename }\""),
        ["not JSON at all"] = () => Post("NONSENSE"),
        ["empty body"] = () => Post(""),
        ["empty body, no content type"] = () => Post("", contentType: null),
        ["text/plain"] = () => Post("{ models { totalCount } }", "text/plain"),
        ["form"] = () => Post("query=%7B__typename%7D", "application/x-www-form-urlencoded"),
        ["multipart"] = () => Post("--b\r\n\r\n--b--", "multipart/form-data; boundary=b"),
        ["xml"] = () => Post("<query/>", "application/xml"),
        ["application/graphql"] = () => Post("{ __typename }", "application/graphql"),
        ["JSON array (batch)"] = () => Post("""[{"query": "{ __typename }"}]"""),
        ["JSON string"] = () => Post("\"{ __typename }\""),
        ["JSON number"] = () => Post("42"),
        ["JSON null"] = () => Post("null"),
        ["1 MB query"] = () => PostJson(new { query = "{ __typename } # " + Megabyte }),
        ["1 MB variable"] = () => PostJson(new { query = "query($s: String) { models(where: { name: { contains: $s } }) { totalCount } }", variables = new { s = Megabyte } }),
        ["1 MB string literal"] = () => PostJson(new { query = "{ models(where: { name: { contains: \"" + Megabyte + "\" } }) { totalCount } }" }),
        ["100 KB query string"] = () => Get(Q("query", "{ __typename } #" + new string('x', 100 * 1024))),
        ["10,000-deep selection"] = () => PostJson(new { query = string.Concat(Enumerable.Repeat("{ a ", 10_000)) + new string('}', 10_000) }),
        ["10,000-deep braces"] = () => PostJson(new { query = new string('{', 10_000) + new string('}', 10_000) }),
        ["10,000-deep list value"] = () => PostJson(new { query = "{ models(where: { name: { in: " + new string('[', 10_000) + new string(']', 10_000) + " } }) { totalCount } }" }),
        ["10,000-deep JSON variables"] = () => Post("{\"query\": \"query($v: String) { __typename }\", \"variables\": {\"v\": " + new string('[', 10_000) + new string(']', 10_000) + "}}"),
        ["deep introspection"] = () => PostJson(new { query = "{ __schema { types { fields { type { fields { type { fields { type { fields { type { fields { type { fields { name } } } } } } } } } } } } } }" }),
        ["10,000 aliases"] = () => PostJson(new { query = "{ " + string.Join(' ', Enumerable.Range(0, 10_000).Select(i => $"a{i}: __typename")) + " }" }),
        ["1,500 aliases of a connection"] = () => PostJson(new { query = "{" + string.Join(' ', Enumerable.Range(0, 1_500).Select(i => $"m{i}:models{{totalCount}}")) + "}" }),
        ["2,000 fields"] = () => PostJson(new { query = "{" + string.Concat(Enumerable.Repeat(" __typename", 2_000)) + " }" }),
        ["circular fragments"] = () => PostJson(new { query = "{ models { nodes { ...A } } } fragment A on Model { name ...B } fragment B on Model { key ...A }" }),
        ["self-referencing fragment"] = () => PostJson(new { query = "{ ...Q } fragment Q on Query { ...Q }" }),
        ["fragment bomb"] = () => PostJson(new { query = "{ ...F30 } fragment F0 on Query { models(first: 200) { nodes { name } } } "
            + string.Concat(Enumerable.Range(1, 30).Select(i => $"fragment F{i} on Query {{ ...F{i - 1} a{i}: __typename ...F{i - 1} }} ")) }),
        ["wide page at every level"] = () => PostJson(new { query = "{ models(first: 200) { nodes { organisations { models { organisations { models { organisations { name } } } } } } } }" }),
        ["invalid variables"] = () => PostJson(new { query = "query($n: Int!) { models(first: $n) { totalCount } }", variables = new { n = "many" } }),
        ["variables not an object"] = () => Post("""{"query": "{ __typename }", "variables": "x"}"""),
        ["variable of the wrong input shape"] = () => PostJson(new { query = "query($w: ModelFilterInput) { models(where: $w) { totalCount } }", variables = new { w = new { name = new { nope = 1 } } } }),
        ["huge int variable"] = () => Post("""{"query": "query($n: Int) { models(first: $n) { totalCount } }", "variables": {"n": 1e400}}"""),
        ["negative page"] = () => PostJson(new { query = "{ models(first: -5) { totalCount } }" }),
        ["unknown operation name"] = () => PostJson(new { query = "query A { __typename }", operationName = "B" }),
        ["operation name not a string"] = () => Post("""{"query": "query A { __typename }", "operationName": {"x": 1}}"""),
        ["unknown field"] = () => PostJson(new { query = "{ secrets }" }),
        ["unknown type in fragment"] = () => PostJson(new { query = "{ ...F } fragment F on Nothing { a }" }),
        ["bad cursor"] = () => PostJson(new { query = "{ models(after: \"%%%\") { totalCount } }" }),
        ["invalid UTF-8 in the body"] = () => new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new ByteArrayContent([.. Encoding.UTF8.GetBytes("{\"query\": \"{ __typename "), 0xff, 0xfe, 0xc3, .. Encoding.UTF8.GetBytes(" }\"}")])
            {
                Headers = { ContentType = new("application/json") },
            },
        },
        ["NUL bytes in the document"] = () => PostJson(new { query = "{ __typename \u0000 }" }),
        ["unknown documentId"] = () => PostJson(new { documentId = "sha256:" + new string('0', 64) }),
        ["malformed documentId"] = () => PostJson(new { documentId = "md5:abc" }),
        ["query and documentId"] = () => PostJson(new { query = "{ __typename }", documentId = "sha256:" + new string('0', 64) }),
        ["GET without preflight header"] = () => Get(Q("query", "{ __typename }"), preflight: false),
        ["GET with broken variables"] = () => Get(Q("query", "{ __typename }") + "&variables=%7B"),
        ["GET mutation"] = () => Get(Q("query", "mutation { x }")),
    };

    [SkippableTheory]
    [MemberData(nameof(Inputs))]
    public async Task BadInput_IsA4xxOrAGraphQLError_NeverA5xx_AndTheServerAnswersAfterwards(string input)
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(BadRequests[input]());

        Assert.True((int)answer.Status < 500, $"{input}: {answer}");
        Assert.True((int)answer.Status >= 400 || answer.Body?["errors"] is not null, $"{input}: {answer}");
        if (answer.Body?["errors"] is { } errors)
        {
            foreach (var error in errors.AsArray())
            {
                Assert.False(string.IsNullOrEmpty(error!["extensions"]?["code"]?.GetValue<string>()), $"{input}: an error without a code: {answer}");
            }
        }

        Assert.DoesNotContain("   at ", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("SELECT", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Repository.Root, answer.Text, StringComparison.Ordinal);

        var normal = await server.QueryAsync("{ challengeAreas(where: { depth: { eq: 0 } }) { totalCount } }");
        Assert.Equal(8, normal["data"]!["challengeAreas"]!["totalCount"]!.GetValue<int>());
    }

    [SkippableFact]
    public async Task DocumentTooLongInAGet_IsAnsweredInJson_WithItsLimit()
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(Get(Q("query", "{ __typename } #" + new string('x', 100 * 1024))));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("DOCUMENT_TOO_LONG", answer.FirstErrorCode);
    }

    [SkippableFact]
    public async Task RequestLineLongerThanARequestMayBe_IsRefusedByTheWebServer_WhichAnswersAfterwards()
    {
        server.SkipIfUnavailable();
        try
        {
            // The web server answers 414 and closes the connection, possibly before the client has sent it all.
            var answer = await server.SendAsync(Get(Q("query", "{ __typename } #" + Megabyte)));
            Assert.Equal(HttpStatusCode.RequestUriTooLong, answer.Status);
        }
        catch (HttpRequestException ex) when (ex.InnerException is IOException)
        {
        }

        var normal = await server.QueryAsync("{ challengeAreas(where: { depth: { eq: 0 } }) { totalCount } }");
        Assert.Equal(8, normal["data"]!["challengeAreas"]!["totalCount"]!.GetValue<int>());
    }

    [SkippableFact]
    public async Task WholeBattery_ThenConcurrentNormalQueries_AllAnswer()
    {
        server.SkipIfUnavailable();
        var answers = await Task.WhenAll(BadRequests.Values.Select(make => server.SendAsync(make())));
        Assert.All(answers, a => Assert.True((int)a.Status < 500, a.ToString()));
        var normal = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => server.SendAsync(PostJson(new { query = "{ models(first: 3) { totalCount } }" }))));
        Assert.All(normal, a => Assert.Equal(HttpStatusCode.OK, a.Status));
    }
}

public sealed class SqliteBadInputTests(SqliteApiServer server) : BadInputTests<SqliteApiServer>(server);

public sealed class PostgresBadInputTests(PostgresApiServer server) : BadInputTests<PostgresApiServer>(server);
