using System.Text.Json.Nodes;
using SocialEconomy.Api.Relay;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Queries;

/// <summary>
/// The fields asked of each object of a list are collected once per request for each selection and type
/// (BoundedExecutionStrategy): every object still gets the fields of its own type, with @include and @skip as this
/// request's variables say, through fragments, and the next request with other variables gets its own.
/// </summary>
public sealed class FieldSelectionTests(SqliteApiServer server) : IClassFixture<SqliteApiServer>
{
    private const string Document = """
        query Mixed($ids: [ID!]!, $withKey: Boolean!, $skipName: Boolean!) {
          nodes(ids: $ids) {
            __typename
            ... on Organisation { key @include(if: $withKey) name @skip(if: $skipName) }
            ... on Model { key family }
            ...modelName
          }
        }
        fragment modelName on Model { name @skip(if: $skipName) }
        """;

    [SkippableFact]
    public async Task ObjectsOfOneList_GetTheFieldsOfTheirOwnType_AsEachRequestsDirectivesSay()
    {
        server.SkipIfUnavailable();
        string[] ids =
        [
            GlobalId.Encode(NodeKind.Organisation, "gm-homes-partnership"), GlobalId.Encode(NodeKind.Model, "fully-mutual-housing-co-operative"),
            GlobalId.Encode(NodeKind.Organisation, "one-manchester"), GlobalId.Encode(NodeKind.Model, "short-life-housing-co-operative"),
        ];

        foreach (var (withKey, skipName) in new[] { (true, false), (false, true), (true, true), (false, false) })
        {
            var answer = await server.QueryAsync(Document, new { ids, withKey, skipName });

            Assert.Null(answer["errors"]);
            var nodes = answer["data"]!["nodes"]!.AsArray().Select(n => n!.AsObject()).ToList();
            Assert.Equal(["Organisation", "Model", "Organisation", "Model"], nodes.Select(n => n["__typename"]!.GetValue<string>()));
            foreach (var node in nodes)
            {
                var fields = node.Select(p => p.Key).ToList();
                List<string> expected = node["__typename"]!.GetValue<string>() == "Organisation"
                    ? ["__typename", .. withKey ? ["key"] : Array.Empty<string>(), .. skipName ? Array.Empty<string>() : ["name"]]
                    : ["__typename", "key", "family", .. skipName ? Array.Empty<string>() : ["name"]];
                Assert.Equal(expected, fields);
                Assert.All(node.Where(p => p.Key != "__typename"), p => Assert.False(string.IsNullOrEmpty(p.Value?.ToString()), $"{p.Key} is empty"));
            }
        }
    }
}
