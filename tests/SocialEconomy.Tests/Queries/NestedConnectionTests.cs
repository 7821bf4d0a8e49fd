using System.Text.Json.Nodes;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Queries;

/// <summary>Every list of related records is also a Relay connection, batch-loaded like the list.</summary>
public abstract class NestedConnectionTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : ApiServer
{
    [SkippableFact]
    public async Task ListConnection_HasTheListsItemsAndTotal_InPagesBothWays()
    {
        server.SkipIfUnavailable();
        var all = await server.QueryAsync("""
            { models(first: 200) { nodes { key evidence { key } evidenceConnection(first: 200) { totalCount nodes { key } facets { design { count } } } } } }
            """);
        Assert.Null(all["errors"]);
        var models = all["data"]!["models"]!["nodes"]!.AsArray();
        foreach (var model in models)
        {
            var list = model!["evidence"]!.AsArray().Select(e => e!["key"]!.GetValue<string>()).ToList();
            var connection = model["evidenceConnection"]!;
            Assert.Equal(list.Count, connection["totalCount"]!.GetValue<int>());
            Assert.Equal(list, connection["nodes"]!.AsArray().Select(e => e!["key"]!.GetValue<string>()).ToList());
            Assert.Null(connection["facets"]);
        }

        var busiest = models.MaxBy(m => m!["evidence"]!.AsArray().Count)!;
        var expected = busiest["evidence"]!.AsArray().Select(e => e!["key"]!.GetValue<string>()).ToList();
        Assert.True(expected.Count >= 4, "the busiest model should have several evidence items to page through");

        var forward = new List<string>();
        string? after = null;
        do
        {
            var page = (await server.QueryAsync(
                "query($key: String, $after: String) { models(where: { key: { eq: $key } }) { nodes { evidenceConnection(first: 3, after: $after) { edges { cursor node { key } } pageInfo { hasNextPage endCursor } } } } }",
                new { key = busiest["key"]!.GetValue<string>(), after }))["data"]!["models"]!["nodes"]![0]!["evidenceConnection"]!;
            forward.AddRange(page["edges"]!.AsArray().Select(e => e!["node"]!["key"]!.GetValue<string>()));
            after = page["pageInfo"]!["hasNextPage"]!.GetValue<bool>() ? page["pageInfo"]!["endCursor"]!.GetValue<string>() : null;
        }
        while (after is not null);

        var lastTwo = (await server.QueryAsync(
            "query($key: String) { models(where: { key: { eq: $key } }) { nodes { evidenceConnection(last: 2) { nodes { key } pageInfo { hasPreviousPage } } } } }",
            new { key = busiest["key"]!.GetValue<string>() }))["data"]!["models"]!["nodes"]![0]!["evidenceConnection"]!;

        Assert.Equal(expected, forward);
        Assert.Equal(expected.TakeLast(2), lastTwo["nodes"]!.AsArray().Select(e => e!["key"]!.GetValue<string>()));
        Assert.True(lastTwo["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
    }

    /// <summary>
    /// A connection asked for its total and page info without its items is counted in the store, not read: it must say
    /// what the same connection says with its items, for every way of paging, in every direction a list follows.
    /// </summary>
    [SkippableFact]
    public async Task ListConnection_AskedOnlyForItsTotal_SaysWhatItSaysWithItsItems()
    {
        server.SkipIfUnavailable();
        // Cursors are offsets into the list: the second item's, and one past the end of every list here.
        var cursors = (await server.QueryAsync("""
            { second: organisations(first: 1) { pageInfo { endCursor } } farEnd: organisations(first: 200) { pageInfo { endCursor } } }
            """))["data"]!;
        var pagings = new[]
        {
            "", "(first: 2)", "(first: 0)", "(last: 2)", "(first: 1, last: 1)",
            $"(first: 2, after: \"{cursors["second"]!["pageInfo"]!["endCursor"]}\")",
            $"(last: 3, before: \"{cursors["farEnd"]!["pageInfo"]!["endCursor"]}\")",
            $"(after: \"{cursors["farEnd"]!["pageInfo"]!["endCursor"]}\")",
        };
        const string PageInfo = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor }";
        var lists = new[] { ("models", "organisations"), ("models", "evidence"), ("challengeAreas", "organisations"), ("funders", "organisations"), ("organisations", "partners"), ("organisations", "models") };
        var compared = 0;
        foreach (var (root, list) in lists)
        {
            var fields = string.Join(" ", pagings.Select((paging, i) =>
                $"counted{i}: {list}Connection{paging} {{ totalCount {PageInfo} }} read{i}: {list}Connection{paging} {{ totalCount nodes {{ key }} {PageInfo} }}"));
            var answer = await server.QueryAsync($"{{ {root}(first: 200) {{ nodes {{ key {list} {{ key }} {fields} }} }} }}");
            Assert.True(answer["errors"] is null, $"{root}.{list}: {answer["errors"]?.ToJsonString()}");
            foreach (var node in answer["data"]![root]!["nodes"]!.AsArray())
            {
                var length = node![list]!.AsArray().Count;
                for (var i = 0; i < pagings.Length; i++)
                {
                    var counted = node[$"counted{i}"]!;
                    var read = node[$"read{i}"]!;
                    var where = $"{root} {node["key"]} {list}Connection{pagings[i]}";
                    Assert.Equal(length, counted["totalCount"]!.GetValue<int>());
                    Assert.True(JsonNode.DeepEquals(read["pageInfo"], counted["pageInfo"]), $"{where}: {counted["pageInfo"]!.ToJsonString()} counted, {read["pageInfo"]!.ToJsonString()} read");
                    compared++;
                }
            }
        }

        Assert.True(compared > 100, $"only {compared} connections compared");
    }
}

public sealed class SqliteNestedConnectionTests(SqliteApiServer server) : NestedConnectionTests<SqliteApiServer>(server);

public sealed class PostgresNestedConnectionTests(PostgresApiServer server) : NestedConnectionTests<PostgresApiServer>(server);

/// <summary>The same on a PostgreSQL database whose default collation follows a natural language.</summary>
public sealed class PostgresNaturalCollationNestedConnectionTests(PostgresNaturalCollationApiServer server) : NestedConnectionTests<PostgresNaturalCollationApiServer>(server);
