using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using SocialEconomy.Tests.Http;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Queries;

/// <summary>
/// Paging by the Relay rule for every combination of first, last, after and before, on a root connection and a
/// nested one: the expected page is computed here from the whole list, by the specification's algorithm (the
/// items after 'after' and before 'before'; of those the first 'first'; of those the last 'last').
/// </summary>
public abstract class RelayPagingTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : ApiServer
{
    private static readonly int?[] Sizes = [null, 0, 1, 3, 200];

    [SkippableFact]
    public async Task RootConnection_EveryCombinationOfFirstLastAfterBefore_GivesTheSpecsPage()
    {
        server.SkipIfUnavailable();
        // More organisations than the default page size (50), so that a page without first or last is cut.
        var all = await KeysAsync("{ organisations(first: 200) { totalCount nodes { key } } }", d => d["organisations"]!);
        Assert.True(all.Count > 50, $"the seed has {all.Count} organisations");
        await CheckEveryCombinationAsync(all, (arguments) =>
            $"{{ organisations{(arguments.Length == 0 ? "" : $"({arguments})")} {{ nodes {{ key }} edges {{ cursor }} pageInfo {{ hasNextPage hasPreviousPage }} }} }}", d => d["organisations"]!);
    }

    [SkippableFact]
    public async Task NestedConnection_EveryCombinationOfFirstLastAfterBefore_GivesTheSpecsPage()
    {
        server.SkipIfUnavailable();
        var busiest = (await server.QueryAsync("{ models(first: 1, order: [{ evidenceCount: DESC }]) { nodes { key } } }"))
            ["data"]!["models"]!["nodes"]![0]!["key"]!.GetValue<string>();
        string Nested(string arguments) =>
            $"{{ models(where: {{ key: {{ eq: \"{busiest}\" }} }}) {{ nodes {{ evidenceConnection{(arguments.Length == 0 ? "" : $"({arguments})")} {{ nodes {{ key }} edges {{ cursor }} pageInfo {{ hasNextPage hasPreviousPage }} }} }} }} }}";
        static JsonNode Pick(JsonNode data) => data["models"]!["nodes"]![0]!["evidenceConnection"]!;
        var all = await KeysAsync(Nested("first: 200"), Pick);
        Assert.True(all.Count >= 4, $"the busiest model has {all.Count} evidence items");
        await CheckEveryCombinationAsync(all, Nested, Pick);
    }

    [SkippableFact]
    public async Task CursorAtTheEdgeOfInt_GivesAnEmptyPageAfterTheEnd_NotTheFirstPage()
    {
        server.SkipIfUnavailable();
        var answer = await server.QueryAsync($$"""{ models(first: 2, after: "{{Cursor(int.MaxValue)}}") { totalCount nodes { key } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }""");
        Assert.Null(answer["errors"]);
        var models = answer["data"]!["models"]!;
        Assert.Empty(models["nodes"]!.AsArray());
        Assert.True(models["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
        Assert.False(models["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.Null(models["pageInfo"]!["endCursor"]);

        var before = await server.QueryAsync($$"""{ models(last: 2, before: "{{Cursor(int.MaxValue)}}") { nodes { key } } }""");
        var keys = await KeysAsync("{ models(first: 200) { nodes { key } } }", d => d["models"]!);
        Assert.Equal(keys.TakeLast(2), before["data"]!["models"]!["nodes"]!.AsArray().Select(n => n!["key"]!.GetValue<string>()));
    }

    [SkippableFact]
    public async Task BadCursorOnANestedConnection_IsOneError_NotOnePerParentRow()
    {
        server.SkipIfUnavailable();
        using var response = await server.PostAsync("""{ models(first: 50) { nodes { key evidenceConnection(after: "not-a-cursor") { totalCount } } } }""");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var errors = body["errors"]!.AsArray();
        Assert.Single(errors);
        Assert.Equal("INVALID_CURSOR", errors[0]!["extensions"]!["code"]!.GetValue<string>());
    }

    private async Task CheckEveryCombinationAsync(List<string> all, Func<string, string> document, Func<JsonNode, JsonNode> pick)
    {
        var cursors = new int?[] { null, 0, all.Count / 2, all.Count - 1, all.Count + 5 };
        var checkedPages = 0;
        foreach (var first in Sizes)
        foreach (var last in Sizes)
        foreach (var after in cursors)
        foreach (var before in cursors)
        {
            var arguments = string.Join(", ", new[]
            {
                first is { } f ? $"first: {f}" : null, last is { } l ? $"last: {l}" : null,
                after is { } a ? $"after: \"{Cursor(a)}\"" : null, before is { } b ? $"before: \"{Cursor(b)}\"" : null,
            }.OfType<string>());
            var (expected, hasNext, hasPrevious) = SpecPage(all, first, last, after, before);
            var answer = await server.QueryAsync(document(arguments));
            Assert.True(answer["errors"] is null, $"{arguments}: {answer}");
            var page = pick(answer["data"]!);
            var keys = page["nodes"]!.AsArray().Select(n => n!["key"]!.GetValue<string>()).ToList();
            Assert.True(expected.SequenceEqual(keys), $"{arguments}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", keys)}]");
            if (keys.Count > 0)
            {
                Assert.True(hasNext == page["pageInfo"]!["hasNextPage"]!.GetValue<bool>(), $"{arguments}: hasNextPage should be {hasNext}");
                Assert.True(hasPrevious == page["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>(), $"{arguments}: hasPreviousPage should be {hasPrevious}");
            }

            // Each edge's cursor starts the page after it.
            if (keys.Count > 0 && all.IndexOf(keys[^1]) + 1 < all.Count)
            {
                var cursor = page["edges"]!.AsArray()[^1]!["cursor"]!.GetValue<string>();
                var next = pick((await server.QueryAsync(document($"first: 1, after: \"{cursor}\"")))["data"]!);
                Assert.Equal(all[all.IndexOf(keys[^1]) + 1], next["nodes"]![0]!["key"]!.GetValue<string>());
            }

            checkedPages++;
        }

        Assert.Equal(Sizes.Length * Sizes.Length * cursors.Length * cursors.Length, checkedPages);
    }

    /// <summary>
    /// The page the Relay specification gives, with the default page size (50) when neither first nor last is
    /// given; for a page with items, hasNextPage and hasPreviousPage say whether any item of the whole list lies
    /// after or before it.
    /// </summary>
    private static (List<string> Page, bool HasNext, bool HasPrevious) SpecPage(IReadOnlyList<string> all, int? first, int? last, int? after, int? before)
    {
        var indices = Enumerable.Range(0, all.Count).ToList();
        var edges = indices.Where(i => (after is not { } a || i > a) && (before is not { } b || i < b)).ToList();
        if (first is not null || last is null)
        {
            edges = edges.Take(first ?? 50).ToList();
        }

        if (last is { } l)
        {
            edges = edges.TakeLast(l).ToList();
        }

        return (edges.Select(i => all[i]).ToList(), edges.Count > 0 && edges[^1] < all.Count - 1, edges.Count > 0 && edges[0] > 0);
    }

    private async Task<List<string>> KeysAsync(string document, Func<JsonNode, JsonNode> pick)
    {
        var answer = await server.QueryAsync(document);
        Assert.Null(answer["errors"]);
        return pick(answer["data"]!)["nodes"]!.AsArray().Select(n => n!["key"]!.GetValue<string>()).ToList();
    }

    private static string Cursor(int offset) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"offset:{offset}"));
}

public sealed class SqliteRelayPagingTests(SqliteUnlimitedApiServer server) : RelayPagingTests<SqliteUnlimitedApiServer>(server);

public sealed class PostgresRelayPagingTests(PostgresUnlimitedApiServer server) : RelayPagingTests<PostgresUnlimitedApiServer>(server);
