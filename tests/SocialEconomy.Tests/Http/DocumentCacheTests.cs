using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Api.Endpoint;
using static SocialEconomy.Tests.Http.Http;

namespace SocialEconomy.Tests.Http;

/// <summary>
/// The document cache: a repeated document is served parsed and validated from memory, while everything that
/// depends on the request (variables, the operation chosen, the cost) is still checked every time.
/// </summary>
public sealed class DocumentCacheTests(LimitedApiServer server) : IClassFixture<LimitedApiServer>
{
    private DocumentCache Cache => server.Services.GetRequiredService<DocumentCache>();

    [Fact]
    public async Task RepeatedDocument_IsAHit_AndAnswersTheSame()
    {
        var query = $"query Repeated{Unique()} {{ challengeAreas(first: 2) {{ totalCount nodes {{ name }} }} }}";
        var hits = Cache.Hits;

        var first = await server.SendAsync(PostJson(new { query }));
        var second = await server.SendAsync(PostJson(new { query }));

        Assert.True(first.Status == HttpStatusCode.OK, first.ToString());
        Assert.Equal(first.Body!.ToJsonString(), second.Body!.ToJsonString());
        Assert.Equal(hits + 1, Cache.Hits);
    }

    [Fact]
    public async Task InvalidDocument_IsNeverCached_AndFailsEveryTime()
    {
        var query = $"query Invalid{Unique()} {{ challengeAreas {{ noSuchField }} }}";
        var hits = Cache.Hits;

        foreach (var _ in Enumerable.Range(0, 2))
        {
            var answer = await server.SendAsync(PostJson(new { query }));
            Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
        }

        Assert.Equal(hits, Cache.Hits);
    }

    [Fact]
    public async Task CachedDocument_WithVariablesOfTheWrongType_IsStillRefused()
    {
        var query = $"query Typed{Unique()}($n: Int) {{ challengeAreas(first: $n) {{ totalCount }} }}";
        var good = await server.SendAsync(PostJson(new { query, variables = new { n = 2 } }));
        Assert.True(good.Status == HttpStatusCode.OK, good.ToString());
        var hits = Cache.Hits;

        var bad = await server.SendAsync(PostJson(new { query, variables = new { n = "two" } }));

        Assert.Equal(hits + 1, Cache.Hits);
        Assert.True(bad.Status == HttpStatusCode.BadRequest, bad.ToString());
        Assert.Equal("INVALID_VALUE", bad.FirstErrorCode);
    }

    [Fact]
    public async Task CachedDocument_WhosePageSizeComesFromVariables_IsStillCosted()
    {
        // Cost 122 with 10 models (under the server's 300), 1 + 1 + 100 + 100 + 100 * 10 with 100.
        var query = $"query Costed{Unique()}($n: Int) {{ models(first: $n) {{ nodes {{ name evidence {{ title }} }} }} }}";
        var small = await server.SendAsync(PostJson(new { query, variables = new { n = 10 }, extensions = new { cost = true } }));
        Assert.True(small.Status == HttpStatusCode.OK, small.ToString());
        var hits = Cache.Hits;

        var large = await server.SendAsync(PostJson(new { query, variables = new { n = 100 } }));
        var again = await server.SendAsync(PostJson(new { query, variables = new { n = 10 }, extensions = new { cost = true } }));

        Assert.Equal(hits + 2, Cache.Hits);
        Assert.True((int)large.Status == 422, large.ToString());
        Assert.Equal("COST_EXCEEDED", large.FirstErrorCode);
        Assert.Equal(122, again.Body!["extensions"]!["cost"]!["requestedQueryCost"]!.GetValue<int>());
    }

    [Fact]
    public async Task CachedOperation_WithoutVariables_KeepsItsCost_AndAnotherOfTheDocumentIsCostedItself()
    {
        // Cheap costs 1 + 1 (a page of 2 areas' total). Costly is priced 1 + 1 + 100 + 100 + 100 * 10 + 100 * 10, over
        // the server's 300, and would answer nothing (no area has that key): only its price refuses it.
        var cheap = $"Cheap{Unique()}";
        var query = $"query {cheap} {{ challengeAreas(first: 2) {{ totalCount }} }} "
            + "query Costly { challengeAreas(first: 100, where: { key: { eq: \"no-such-area\" } }) { nodes { name evidence { title } } } }";
        var first = await server.SendAsync(PostJson(new { query, operationName = cheap, extensions = new { cost = true } }));
        Assert.True(first.Status == HttpStatusCode.OK, first.ToString());
        var hits = Cache.Hits;

        var costly = await server.SendAsync(PostJson(new { query, operationName = "Costly" }));
        var again = await server.SendAsync(PostJson(new { query, operationName = cheap, extensions = new { cost = true } }));

        Assert.Equal(hits + 2, Cache.Hits);
        Assert.True((int)costly.Status == 422, costly.ToString());
        Assert.Equal("COST_EXCEEDED", costly.FirstErrorCode);
        Assert.True(again.Status == HttpStatusCode.OK, again.ToString());
        Assert.Equal(2, first.Body!["extensions"]!["cost"]!["requestedQueryCost"]!.GetValue<int>());
        Assert.Equal(2, again.Body!["extensions"]!["cost"]!["requestedQueryCost"]!.GetValue<int>());
        Assert.Equal(first.Body!["data"]!.ToJsonString(), again.Body!["data"]!.ToJsonString());
    }

    [Fact]
    public async Task CachedDocument_RunningAnotherOperation_IsMeasuredForThatOperation()
    {
        // The server allows a depth of 4: Shallow passes and is cached, Deep nests 5 deep.
        var name = $"Shallow{Unique()}";
        var query = $"query {name} {{ __typename }} query Deep {{ models {{ nodes {{ organisations {{ models {{ name }} }} }} }} }}";
        var shallow = await server.SendAsync(PostJson(new { query, operationName = name }));
        Assert.True(shallow.Status == HttpStatusCode.OK, shallow.ToString());
        var hits = Cache.Hits;

        var deep = await server.SendAsync(PostJson(new { query, operationName = "Deep" }));

        Assert.Equal(hits + 1, Cache.Hits);
        Assert.True((int)deep.Status == 422, deep.ToString());
        Assert.Equal("MAX_DEPTH_EXCEEDED", deep.FirstErrorCode);
    }

    [Fact]
    public void Full_EvictsTheLeastRecentlyUsed()
    {
        var cache = new DocumentCache(new DocumentCacheOptions { MaxEntries = 2 });
        cache.Add("{ a }", Parsed("{ a }"));
        cache.Add("{ b }", Parsed("{ b }"));
        Assert.NotNull(cache.TryGet("{ a }"));

        cache.Add("{ c }", Parsed("{ c }"));

        Assert.Equal(2, cache.Count);
        Assert.NotNull(cache.TryGet("{ a }"));
        Assert.Null(cache.TryGet("{ b }"));
        Assert.NotNull(cache.TryGet("{ c }"));
    }

    [Fact]
    public void OverTheCharacterBound_EvictsUntilItFits_AndNeverHoldsALargerDocument()
    {
        var cache = new DocumentCache(new DocumentCacheOptions { MaxEntries = 100, MaxCharacters = 20 });
        cache.Add("{ aaaaaa }", Parsed("{ aaaaaa }"));
        cache.Add("{ bbbbbb }", Parsed("{ bbbbbb }"));
        cache.Add("{ cccccc }", Parsed("{ cccccc }"));
        cache.Add("{ dddddddddddddddddddd }", Parsed("{ dddddddddddddddddddd }"));

        Assert.Equal(2, cache.Count);
        Assert.Null(cache.TryGet("{ aaaaaa }"));
        Assert.NotNull(cache.TryGet("{ bbbbbb }"));
        Assert.NotNull(cache.TryGet("{ cccccc }"));
        Assert.Null(cache.TryGet("{ dddddddddddddddddddd }"));
    }

    [Fact]
    public void SizeZero_TurnsTheCacheOff()
    {
        var cache = new DocumentCache(new DocumentCacheOptions { MaxEntries = 0 });
        cache.Add("{ a }", Parsed("{ a }"));

        Assert.False(cache.Enabled);
        Assert.Null(cache.TryGet("{ a }"));
        Assert.Equal(0, cache.Count);
    }

    private static CachedDocument Parsed(string query) => new(DocumentCache.TryParse(query)!);

    private static string Unique() => Guid.NewGuid().ToString("N");
}
