using System.Net;
using SocialEconomy.Tests.Infrastructure;
using static SocialEconomy.Tests.Http.Http;

namespace SocialEconomy.Tests.Http;

/// <summary>CSRF: what a browser can send cross-site without a preflight is refused; CORS is closed unless configured.</summary>
public sealed class CsrfTests(SqliteApiServer server) : IClassFixture<SqliteApiServer>
{
    [Fact]
    public async Task Get_WithoutPreflightHeader_IsRefused_WithIt_Answers()
    {
        var refused = await server.SendAsync(Get(Q("query", "{ __typename }"), preflight: false));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(PlainJson, refused.MediaType);
        Assert.Equal("PREFLIGHT_REQUIRED", refused.FirstErrorCode);

        Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(Get(Q("query", "{ __typename }")))).Status);

        var withJsonContentType = Get(Q("query", "{ __typename }"), preflight: false);
        withJsonContentType.Content = new StringContent("");
        withJsonContentType.Content.Headers.ContentType = new("application/json");
        Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(withJsonContentType)).Status);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=b")]
    public async Task Post_WithAFormOrTextBody_IsNeverExecuted(string contentType)
    {
        // A JSON text sent as text/plain is what a cross-site form can post.
        var answer = await server.SendAsync(Post("""{"query": "{ __typename }"}""", contentType));
        Assert.True((int)answer.Status is 400 or 415, answer.ToString());
        Assert.Null(answer.Body?["data"]);
    }

    [Fact]
    public async Task Cors_IsClosedByDefault()
    {
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/graphql");
        preflight.Headers.Add("Origin", "https://elsewhere.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        var answer = await server.SendAsync(preflight);
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));

        var post = PostJson(new { query = "{ __typename }" });
        post.Headers.Add("Origin", "https://elsewhere.example");
        Assert.False((await server.SendAsync(post)).Headers.Contains("Access-Control-Allow-Origin"));
    }
}

/// <summary>CORS opened to one origin by configuration, and the preflight header requirement turned off.</summary>
public sealed class CorsTests(OpenCorsApiServer server) : IClassFixture<OpenCorsApiServer>
{
    [Theory]
    [InlineData(OpenCorsApiServer.Origin, true)]
    [InlineData("https://elsewhere.example", false)]
    public async Task Cors_AllowsOnlyTheConfiguredOrigins(string origin, bool allowed)
    {
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/graphql");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        var answer = await server.SendAsync(preflight);
        Assert.Equal(allowed, answer.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) && values.Single() == origin);
    }

    [Fact]
    public async Task RequirePreflightOff_LetsAPlainGetThrough()
    {
        var answer = await server.SendAsync(Get(Q("query", "{ __typename }"), preflight: false));
        Assert.Equal(HttpStatusCode.OK, answer.Status);
    }
}

/// <summary>Error hygiene when the store itself fails: a stable code, nothing of the inside (both stores fail differently).</summary>
public abstract class ErrorHygieneTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : ApiServer
{
    [SkippableFact]
    public async Task StoreFailure_IsInternalServerError_WithoutExceptionSqlOrPaths()
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(PostJson(new { query = "{ models(first: 3) { totalCount nodes { name } } }" }));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("INTERNAL_SERVER_ERROR", answer.FirstErrorCode);
        foreach (var leak in new[] { "Exception", "   at ", "SELECT", "FROM", "no such table", "does not exist", "Sqlite", "Npgsql", "SQLITE", "POSTGRES", "/tmp", Repository.Root })
        {
            Assert.DoesNotContain(leak, answer.Text, StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task StoreFailure_MakesReadyz503_ButHealthzStays200()
    {
        server.SkipIfUnavailable();
        using var ready = await server.Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        using var alive = await server.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }
}

public sealed class SqliteErrorHygieneTests(SqliteBrokenStoreApiServer server) : ErrorHygieneTests<SqliteBrokenStoreApiServer>(server);

public sealed class PostgresErrorHygieneTests(PostgresBrokenStoreApiServer server) : ErrorHygieneTests<PostgresBrokenStoreApiServer>(server);
