using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SocialEconomy.Tests.Infrastructure;
using static SocialEconomy.Tests.Http.Http;

namespace SocialEconomy.Tests.Http;

/// <summary>
/// Each limit, met: a GraphQL error with its code (422, or 400 for the document's length; 200 for application/json
/// clients), or 413 before the body is read.
/// </summary>
public sealed class LimitsTests(LimitedApiServer server) : IClassFixture<LimitedApiServer>
{
    [Theory]
    [InlineData("{ models { nodes { organisations { models { name } } } } }", "MAX_DEPTH_EXCEEDED")]
    [InlineData("{ ...F } fragment F on Query { models { nodes { organisations { ...G } } } } fragment G on Organisation { models { name } }", "MAX_DEPTH_EXCEEDED")]
    [InlineData("{ a: __typename b: __typename c: __typename d: __typename }", "MAX_ALIASES_EXCEEDED")]
    [InlineData("{ __typename __typename __typename __typename __typename __typename __typename __typename __typename __typename __typename __typename __typename __typename __typename __typename __typename __typename __typename __typename __typename __typename __typename __typename __typename __typename __typename __typename __typename __typename __typename }", "MAX_FIELDS_EXCEEDED")]
    [InlineData("{ models(first: 100) { nodes { name evidence { title } } } }", "COST_EXCEEDED")]
    [InlineData("{ models(first: 100000) { nodes { name evidence { title } } } }", "COST_EXCEEDED")]
    [InlineData("{ ...F3 } fragment F0 on Query { models(first: 40) { nodes { name } } } fragment F1 on Query { ...F0 ...F0 } fragment F2 on Query { ...F1 ...F1 } fragment F3 on Query { ...F2 ...F2 }", "COST_EXCEEDED")]
    public async Task OverALimit_Is422WithTheLimitsCode_And200UnderJson(string query, string code)
    {
        var modern = await server.SendAsync(PostJson(new { query }));
        Assert.True((int)modern.Status == 422, modern.ToString());
        Assert.Equal(GraphQLResponse, modern.MediaType);
        Assert.Equal(code, modern.FirstErrorCode);

        var legacy = await server.SendAsync(PostJson(new { query }, PlainJson));
        Assert.Equal(HttpStatusCode.OK, legacy.Status);
        Assert.Equal(code, legacy.FirstErrorCode);
    }

    [Theory]
    [InlineData("{ models(first: 2) { nodes { organisations { name } } } }")]
    [InlineData("{ a: __typename b: __typename c: __typename }")]
    [InlineData("{ models(first: 10) { nodes { name evidence { title } } } }")]
    public async Task AtALimit_Answers(string query)
    {
        var answer = await server.SendAsync(PostJson(new { query }));
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        Assert.Null(answer.Body!["errors"]);
    }

    [Theory]
    // 1 (models) + 1 (nodes) + 10 names + 10 evidence lists + 10 * 10 titles.
    [InlineData("{ models(first: 10) { nodes { name evidence { title } } } }", 122)]
    // No 'first': the default page of 50.
    [InlineData("{ models { nodes { name } } }", 52)]
    [InlineData("{ models(last: 3) { edges { node { name } } } }", 8)]
    public async Task Cost_IsWeightedByPageAndListSizes_AndReportedWhenAsked(string query, int cost)
    {
        var answer = await server.SendAsync(PostJson(new { query, extensions = new { cost = true } }));
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        Assert.Equal(cost, answer.Body!["extensions"]!["cost"]!["requestedQueryCost"]!.GetValue<int>());
        Assert.Equal(300, answer.Body!["extensions"]!["cost"]!["maximumAllowed"]!.GetValue<int>());

        var unasked = await server.SendAsync(PostJson(new { query }));
        Assert.Null(unasked.Body!["extensions"]);
    }

    [Theory]
    [InlineData(GraphQLResponse, HttpStatusCode.BadRequest)]
    [InlineData(PlainJson, HttpStatusCode.OK)]
    public async Task DocumentTooLong_IsARequestError_400UnderGraphQLResponse_And200UnderJson(string accept, HttpStatusCode status)
    {
        var answer = await server.SendAsync(PostJson(new { query = "{ __typename }" + new string(' ', 600) }, accept));
        Assert.True(answer.Status == status, answer.ToString());
        Assert.Equal(accept, answer.MediaType);
        Assert.False(answer.Body!.AsObject().ContainsKey("data"));
        Assert.Equal("DOCUMENT_TOO_LONG", answer.FirstErrorCode);
    }

    [Fact]
    public async Task BodyTooLarge_Is413_InApplicationJson_WithOrWithoutContentLength()
    {
        var body = Encoding.UTF8.GetBytes("{\"query\": \"{ __typename }\", \"variables\": {\"x\": \"" + new string('x', 4000) + "\"}}");
        var sized = await server.SendAsync(Post(Encoding.UTF8.GetString(body)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, sized.Status);
        Assert.Equal(PlainJson, sized.MediaType);
        Assert.Equal("REQUEST_TOO_LARGE", sized.FirstErrorCode);

        // Chunked: the size is known only while reading.
        var chunked = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StreamContent(new UnseekableStream(body)) };
        chunked.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        var answer = await server.SendAsync(chunked);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.Status);
        Assert.Equal("REQUEST_TOO_LARGE", answer.FirstErrorCode);
    }

    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

/// <summary>Per-client rate limit: over it, 429 with Retry-After; the health probes are not limited.</summary>
public sealed class RateLimitTests(RateLimitedApiServer server) : IClassFixture<RateLimitedApiServer>
{
    [Fact]
    public async Task OverTheRateLimit_Is429WithRetryAfter_InApplicationJson()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(PostJson(new { query = "{ __typename }" }))).Status);
        }

        var answer = await server.SendAsync(PostJson(new { query = "{ __typename }" }));
        Assert.Equal(HttpStatusCode.TooManyRequests, answer.Status);
        Assert.Equal(PlainJson, answer.MediaType);
        Assert.Equal("RATE_LIMITED", answer.FirstErrorCode);
        Assert.True(answer.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, answer.Headers.ToString());

        using var health = await server.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}

/// <summary>
/// Behind a trusted proxy, each client the proxy forwards has its own limit; a forwarded address from anyone else is
/// ignored, so a client cannot escape its limit by naming another address.
/// </summary>
public sealed class ForwardedClientTests
{
    [Fact]
    public async Task FromATrustedProxy_EachForwardedClientHasItsOwnLimit()
    {
        var server = new ProxiedRateLimitedApiServer();
        await server.InitializeAsync();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(From("203.0.113.7"))).Status);
            }

            Assert.Equal(HttpStatusCode.TooManyRequests, (await server.SendAsync(From("203.0.113.7"))).Status);
            // Another client behind the same proxy, and one behind a chain of trusted proxies; the request log names each.
            Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(From("198.51.100.20", "Behind"))).Status);
            Assert.Equal("198.51.100.20", server.LastRequest("Behind")["ClientAddress"]);
            Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(From("198.51.100.21, 10.9.3.4", "Chained"))).Status);
            Assert.Equal("198.51.100.21", server.LastRequest("Chained")["ClientAddress"]);
            // The proxy's own requests, with no header, are the proxy's.
            Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(PostJson(new { query = "{ __typename }" }))).Status);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task FromAnyoneElse_TheForwardedAddressIsIgnored()
    {
        foreach (var server in new ApiServer[] { new RateLimitedApiServer(), new ElsewhereProxiedRateLimitedApiServer() })
        {
            await server.InitializeAsync();
            try
            {
                for (var i = 0; i < 3; i++)
                {
                    Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(From($"203.0.113.{i + 1}"))).Status);
                }

                var answer = await server.SendAsync(From("203.0.113.99"));
                Assert.True(answer.Status == HttpStatusCode.TooManyRequests, $"{server.GetType().Name}: {answer}");
            }
            finally
            {
                await server.DisposeAsync();
            }
        }
    }

    private static HttpRequestMessage From(string forwardedFor, string operation = "Forwarded")
    {
        var request = PostJson(new { query = $"query {operation} {{ __typename }}" });
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return request;
    }
}

/// <summary>
/// Execution timeout: the request ends with a TIMEOUT error. The document runs 5,000 full-text searches one after
/// another (execution is serial), each a store statement with its highlights: at well over a millisecond each, it
/// would take several seconds, many times the server's 0.2 s timeout, so the timer fires while the document is still
/// running however busy the machine is (a 1 ms timeout against fifty searches once lost that race: the searches ended
/// before a thread was free to run the timer). The elapsed times show that execution was stopped, not finished.
/// </summary>
public abstract class TimeoutTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : ApiServer
{
    private const int Searches = 5_000;

    private static readonly string SlowQuery =
        "{ " + string.Join(' ', Enumerable.Range(0, Searches).Select(i => $"s{i}: search(query: \"housing\", first: 50) {{ totalCount edges {{ score highlights {{ field snippet }} }} }}")) + " }";

    /// <summary>Fewer searches than the document has: what one of them costs on this machine now, to size the document against.</summary>
    private static readonly string Sample =
        "{ " + string.Join(' ', Enumerable.Range(0, 50).Select(i => $"s{i}: search(query: \"housing\", first: 50) {{ totalCount edges {{ score highlights {{ field snippet }} }} }}")) + " }";

    [SkippableFact]
    public async Task PastTheTimeout_IsATimeoutError_503UnderGraphQLResponse_200UnderJson()
    {
        server.SkipIfUnavailable();
        // Fifty searches timed: the document runs a hundred times as many. A sample cut short by the timeout took
        // 0.2 s at least, and then the document surely outlasts the timeout too.
        var sample = System.Diagnostics.Stopwatch.StartNew();
        await server.SendAsync(PostJson(new { query = Sample }));
        sample.Stop();
        var wholeDocument = sample.Elapsed * (Searches / 50.0);
        Assert.True(wholeDocument > TimeSpan.FromSeconds(TimeoutApiServer.TimeoutSeconds * 5),
            $"the document would take about {wholeDocument.TotalSeconds:F2} s, too little beside the {TimeoutApiServer.TimeoutSeconds} s timeout to be sure of it");

        var modern = await server.SendAsync(PostJson(new { query = SlowQuery }));
        Assert.True(modern.Status == HttpStatusCode.ServiceUnavailable, modern.ToString());
        Assert.Equal(GraphQLResponse, modern.MediaType);
        Assert.True(modern.FirstErrorCode == "TIMEOUT", modern.ToString());

        var legacy = await server.SendAsync(PostJson(new { query = SlowQuery }, PlainJson));
        Assert.True(legacy.Status == HttpStatusCode.OK, legacy.ToString());
        // The whole answer in the message: this has rarely failed with an answer lacking the code, not yet explained.
        Assert.True(legacy.FirstErrorCode == "TIMEOUT", legacy.ToString());
    }
}

public sealed class SqliteTimeoutTests(SqliteTimeoutApiServer server) : TimeoutTests<SqliteTimeoutApiServer>(server);

public sealed class PostgresTimeoutTests(PostgresTimeoutApiServer server) : TimeoutTests<PostgresTimeoutApiServer>(server);
