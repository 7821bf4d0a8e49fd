using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Api.Caching;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Ingest;
using SocialEconomy.Tests.Infrastructure;
using static SocialEconomy.Tests.Http.Http;

namespace SocialEconomy.Tests.Http;

/// <summary>
/// Registers four small documents, holds at most two answers in memory, and records the request log (with the SQL
/// statements each request cost).
/// </summary>
public class HttpCachingApiServer(StoreProvider provider) : LoggingApiServer(provider)
{
    public const string AreaDocument = """query CachedArea { challengeAreas(where: { key: { eq: "homelessness" } }) { nodes { key name description } } }""";
    public const string ModelsDocument = "query CachedModels($n: Int) { models(first: $n, order: [{ name: ASC }]) { totalCount nodes { name } } }";
    public const string FundersDocument = "query CachedFunders { funders(first: 3, order: [{ name: ASC }]) { totalCount nodes { name } } }";
    public const string OutcomesDocument = "query CachedOutcomes { outcomes(first: 3, order: [{ name: ASC }]) { totalCount nodes { name } } }";
    public const int AnswerCacheMaxEntries = 2;

    private readonly string _documents = Directory.CreateTempSubdirectory("cached-documents-").FullName;

    protected override IEnumerable<string> ExtraArguments
    {
        get
        {
            foreach (var (name, text) in new[] { ("area", AreaDocument), ("models", ModelsDocument), ("funders", FundersDocument), ("outcomes", OutcomesDocument) })
            {
                File.WriteAllText(Path.Combine(_documents, $"{name}.graphql"), text);
            }

            return [.. base.ExtraArguments, $"--TrustedDocuments:Directories:0={_documents}", $"--HttpCaching:AnswerCacheMaxEntries={AnswerCacheMaxEntries}"];
        }
    }

    public static string DocumentId(string document) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document)));
}

public sealed class SqliteHttpCachingApiServer() : HttpCachingApiServer(StoreProvider.Sqlite);

public sealed class PostgresHttpCachingApiServer() : HttpCachingApiServer(StoreProvider.Postgres);

/// <summary>
/// HTTP caching of GET answers: a strong ETag from the request and the store's data version, 304 for the cost of
/// reading that version, answers to registered documents kept in memory until the version changes, and nothing
/// cached for POST or for errors.
/// </summary>
public abstract class HttpCachingTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : HttpCachingApiServer
{
    private static readonly string AreaId = HttpCachingApiServer.DocumentId(HttpCachingApiServer.AreaDocument);

    private AnswerCache Answers => server.Services.GetRequiredService<AnswerCache>();

    [SkippableFact]
    public async Task Get_WithItsETag_Is304WithNoBody_WithoutAStatement()
    {
        server.SkipIfUnavailable();
        var query = "query ETagged($d: Int) { challengeAreas(where: { depth: { eq: $d } }) { totalCount nodes { name children { name } } } }";
        // Named, so that the request log names the 304 too: it knows the operation only from the request.
        var request = Q("query", query) + "&" + Q("operationName", "ETagged") + "&" + Q("variables", """{"d": 0}""");
        var before = server.Recorder.Count("ETagged");

        var first = await server.SendAsync(Get(request));
        Assert.True(first.Status == HttpStatusCode.OK, first.ToString());
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.Equal("public, max-age=60", first.Headers.CacheControl!.ToString());
        Assert.Contains("Accept", first.Headers.Vary);
        Assert.True((int)server.Recorder.RequestAfter("ETagged", before)["SqlStatements"]! > 1);

        var again = Get(request);
        again.Headers.IfNoneMatch.Add(etag);
        var notModified = await server.SendAsync(again);

        Assert.True(notModified.Status == HttpStatusCode.NotModified, notModified.ToString());
        Assert.Equal("", notModified.Text);
        Assert.Equal(etag, notModified.Headers.ETag);
        Assert.Equal("public, max-age=60", notModified.Headers.CacheControl!.ToString());
        var logged = server.Recorder.RequestAfter("ETagged", before + 1);
        Assert.Equal(304, logged["StatusCode"]);
        // The store is not touched: the API's loop reads the data version, not the request, and the document is not run.
        Assert.Equal(0, logged["SqlStatements"]);

        var otherVariables = await server.SendAsync(Get(Q("query", query) + "&" + Q("operationName", "ETagged") + "&" + Q("variables", """{"d": 1}""")));
        var otherMediaType = await server.SendAsync(Get(request, PlainJson));
        Assert.NotEqual(etag, otherVariables.Headers.ETag);
        Assert.NotEqual(etag, otherMediaType.Headers.ETag);
        Assert.NotEqual(otherVariables.Headers.ETag, otherMediaType.Headers.ETag);
    }

    [SkippableFact]
    public async Task RegisteredDocument_SecondGet_IsAnsweredFromMemory_ByteForByte_WithoutAStatement()
    {
        server.SkipIfUnavailable();
        var request = Q("documentId", HttpCachingApiServer.DocumentId(HttpCachingApiServer.ModelsDocument)) + "&" + Q("variables", """{"n": 3}""");
        var before = server.Recorder.Count("CachedModels");

        var first = await server.SendAsync(Get(request));
        var hits = Answers.Hits;
        var second = await server.SendAsync(Get(request));

        Assert.True(first.Status == HttpStatusCode.OK, first.ToString());
        Assert.True(second.Status == HttpStatusCode.OK, second.ToString());
        Assert.Equal(first.Text, second.Text);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(GraphQLResponse, second.MediaType);
        Assert.Equal(hits + 1, Answers.Hits);
        Assert.True((int)server.Recorder.RequestAfter("CachedModels", before)["SqlStatements"]! > 0);
        Assert.Equal(0, server.Recorder.RequestAfter("CachedModels", before + 1)["SqlStatements"]);
    }

    [SkippableFact]
    public async Task AfterALoadByTheIngestTool_TheSameGet_Is200WithANewETag_AndTheNewData()
    {
        server.SkipIfUnavailable();
        var request = Q("documentId", AreaId);
        var before = await server.SendAsync(Get(request));
        Assert.True(before.Status == HttpStatusCode.OK, before.ToString());
        var etag = before.Headers.ETag!;
        Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(Get(request))).Status);
        Assert.True(Answers.Count > 0);

        var description = $"Changed by a load at {Guid.NewGuid():N}.";
        var changed = IngestRunner.CopyOfSeedData();
        var path = Path.Combine(changed, "challenge-areas.json");
        var root = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        root["challengeAreas"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "homelessness")!["description"] = description;
        await File.WriteAllTextAsync(path, root.ToJsonString());
        // The real ingest program, another process: the API learns of its load only from the store.
        var load = await IngestRunner.RunProcessAsync("load", changed, "--provider", server.Store!.Provider.ToString(), "--connection", server.Store.ConnectionString);
        Assert.True(load.Exit == 0, load.Error + load.Output);

        // The API reads the data version every HttpCaching:VersionCheckMilliseconds: the old ETag is 304 until then.
        var after = await server.SendAsync(Get(request));
        await Eventually.HoldsAsync(async () =>
        {
            var again = Get(request);
            again.Headers.IfNoneMatch.Add(etag);
            after = await server.SendAsync(again);
            return after.Status != HttpStatusCode.NotModified;
        }, "the GET with the ETag from before the load still gets 304", seconds: 10);

        Assert.True(after.Status == HttpStatusCode.OK, after.ToString());
        Assert.NotNull(after.Headers.ETag);
        Assert.NotEqual(etag, after.Headers.ETag);
        Assert.Equal(description, after.Body!["data"]!["challengeAreas"]!["nodes"]![0]!["description"]!.GetValue<string>());
        Assert.NotEqual(before.Text, after.Text);

        // Its answer is kept from now on under the new ETag, and that ETag gets 304.
        var cached = await server.SendAsync(Get(request));
        Assert.Equal(after.Text, cached.Text);
        var revalidate = Get(request);
        revalidate.Headers.IfNoneMatch.Add(after.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await server.SendAsync(revalidate)).Status);
    }

    [SkippableFact]
    public async Task Post_CarriesNoETag_AndIsNotStored()
    {
        server.SkipIfUnavailable();
        var get = await server.SendAsync(Get(Q("documentId", AreaId)));
        var post = await server.SendAsync(PostJson(new { documentId = AreaId }));
        var postQuery = await server.SendAsync(PostJson(new { query = HttpCachingApiServer.AreaDocument }));

        Assert.NotNull(get.Headers.ETag);
        foreach (var answer in new[] { post, postQuery })
        {
            Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
            Assert.Null(answer.Headers.ETag);
            Assert.True(answer.Headers.CacheControl!.NoStore, answer.Headers.CacheControl.ToString());
        }

        // A POST carrying the GET's ETag is answered in full.
        var conditional = PostJson(new { documentId = AreaId });
        conditional.Headers.IfNoneMatch.Add(get.Headers.ETag!);
        var full = await server.SendAsync(conditional);
        Assert.True(full.Status == HttpStatusCode.OK, full.ToString());
        Assert.Equal(get.Text, full.Text);
    }

    public static TheoryData<string, string, HttpStatusCode> Errors() => new()
    {
        { Q("query", "{ models { noSuchField } }"), GraphQLResponse, HttpStatusCode.BadRequest },
        { Q("query", "{ models { "), PlainJson, HttpStatusCode.OK },
        { Q("query", """{ models(after: "not-a-cursor") { totalCount } }"""), GraphQLResponse, HttpStatusCode.OK },
        { Q("query", "query($n: Int!) { models(first: $n) { totalCount } }") + "&" + Q("variables", """{"n": "ten"}"""), GraphQLResponse, HttpStatusCode.BadRequest },
        { Q("documentId", "sha256:" + new string('0', 64)), GraphQLResponse, HttpStatusCode.BadRequest },
        { Q("query", "mutation { __typename }"), GraphQLResponse, HttpStatusCode.MethodNotAllowed },
        { Q("query", "{ __typename }") + "&variables=%7B", GraphQLResponse, HttpStatusCode.BadRequest },
    };

    [SkippableTheory]
    [MemberData(nameof(Errors))]
    public async Task AnswerWithErrors_CarriesNoETag_AndMayNotBeStored(string request, string accept, HttpStatusCode status)
    {
        server.SkipIfUnavailable();
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var answer = await server.SendAsync(Get(request, accept));

            Assert.True(answer.Status == status, answer.ToString());
            Assert.NotNull(answer.Body?["errors"]);
            Assert.Null(answer.Headers.ETag);
            Assert.True(answer.Headers.CacheControl?.NoStore == true, answer.ToString());
        }
    }

    [SkippableFact]
    public async Task AnswerCache_HoldsAtMostItsConfiguredEntries_EvictingTheLeastRecentlyUsed()
    {
        server.SkipIfUnavailable();
        string[] documents = [HttpCachingApiServer.FundersDocument, HttpCachingApiServer.OutcomesDocument, HttpCachingApiServer.AreaDocument];
        foreach (var document in documents)
        {
            var answer = await server.SendAsync(Get(Q("documentId", HttpCachingApiServer.DocumentId(document))));
            Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
            Assert.InRange(Answers.Count, 1, HttpCachingApiServer.AnswerCacheMaxEntries);
        }

        // The funders' answer was the least recently used of three, so it is run again.
        var before = server.Recorder.Count("CachedFunders");
        var hits = Answers.Hits;
        var evicted = await server.SendAsync(Get(Q("documentId", HttpCachingApiServer.DocumentId(HttpCachingApiServer.FundersDocument))));
        Assert.True(evicted.Status == HttpStatusCode.OK, evicted.ToString());
        Assert.Equal(hits, Answers.Hits);
        Assert.True((int)server.Recorder.RequestAfter("CachedFunders", before)["SqlStatements"]! > 0);
        Assert.Equal(HttpCachingApiServer.AnswerCacheMaxEntries, Answers.Count);
    }
}

public sealed class SqliteHttpCachingTests(SqliteHttpCachingApiServer server) : HttpCachingTests<SqliteHttpCachingApiServer>(server);

public sealed class PostgresHttpCachingTests(PostgresHttpCachingApiServer server) : HttpCachingTests<PostgresHttpCachingApiServer>(server);

/// <summary>The answer cache's bounds and its emptying on a new data version, on the class itself.</summary>
public sealed class AnswerCacheTests
{
    private static readonly StoreVersion First = new() { Loads = 1, LastLoadId = 1 };
    private static readonly StoreVersion Second = new() { Loads = 2, LastLoadId = 2 };

    [Fact]
    public void OverTheByteBound_EvictsTheLeastRecentlyUsed_AndNeverHoldsALargerAnswer()
    {
        var cache = new AnswerCache(new HttpCachingOptions { AnswerCacheMaxEntries = 100, AnswerCacheMaxBytes = 100 });
        cache.Add(First, Answer("a", 40));
        cache.Add(First, Answer("b", 40));
        Assert.NotNull(cache.TryGet(First, "a"));

        cache.Add(First, Answer("c", 40));
        cache.Add(First, Answer("huge", 101));

        Assert.Equal(2, cache.Count);
        Assert.Equal(80, cache.Bytes);
        Assert.NotNull(cache.TryGet(First, "a"));
        Assert.Null(cache.TryGet(First, "b"));
        Assert.NotNull(cache.TryGet(First, "c"));
        Assert.Null(cache.TryGet(First, "huge"));
    }

    [Fact]
    public void ANewDataVersion_EmptiesIt()
    {
        var cache = new AnswerCache(new HttpCachingOptions());
        cache.Add(First, Answer("a", 10));

        Assert.Null(cache.TryGet(Second, "a"));
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Bytes);
    }

    [Fact]
    public void SizeZero_TurnsItOff()
    {
        var cache = new AnswerCache(new HttpCachingOptions { AnswerCacheMaxEntries = 0 });
        cache.Add(First, Answer("a", 10));

        Assert.False(cache.Enabled);
        Assert.Null(cache.TryGet(First, "a"));
    }

    private static CachedAnswer Answer(string etag, int bytes) => new(etag, "application/json", null, new byte[bytes]);
}
