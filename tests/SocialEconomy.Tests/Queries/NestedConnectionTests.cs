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
}

public sealed class SqliteNestedConnectionTests(SqliteApiServer server) : NestedConnectionTests<SqliteApiServer>(server);

public sealed class PostgresNestedConnectionTests(PostgresApiServer server) : NestedConnectionTests<PostgresApiServer>(server);

/// <summary>The same on a PostgreSQL database whose default collation follows a natural language.</summary>
public sealed class PostgresNaturalCollationNestedConnectionTests(PostgresNaturalCollationApiServer server) : NestedConnectionTests<PostgresNaturalCollationApiServer>(server);
