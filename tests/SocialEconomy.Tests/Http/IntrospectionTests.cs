using System.Net;
using System.Text.Json.Nodes;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Http;

/// <summary>Tools load the schema by introspection (GraphiQL's full query): it must pass the default limits.</summary>
public sealed class IntrospectionTests(SqliteApiServer server) : IClassFixture<SqliteApiServer>
{
    // The introspection query of graphql-js (getIntrospectionQuery with descriptions), which GraphiQL sends.
    private const string FullIntrospection = """
        query IntrospectionQuery {
          __schema {
            queryType { name } mutationType { name } subscriptionType { name }
            types { ...FullType }
            directives { name description locations args { ...InputValue } }
          }
        }
        fragment FullType on __Type {
          kind name description
          fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
          inputFields { ...InputValue }
          interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
          possibleTypes { ...TypeRef }
        }
        fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
        fragment TypeRef on __Type {
          kind name
          ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
        }
        """;

    [Fact]
    public async Task FullIntrospectionQuery_PassesTheDefaultLimits()
    {
        using var response = await server.PostAsync(FullIntrospection);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        Assert.Null(body["errors"]);
        Assert.Contains(body["data"]!["__schema"]!["types"]!.AsArray(), t => t!["name"]!.GetValue<string>() == "Model");
    }

    [Fact]
    public async Task IntrospectionListsNestedInOneAnother_AreRefused_WithACode()
    {
        using var response = await server.PostAsync("{ __schema { types { fields { type { fields { name } } } } } }");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Equal("INTROSPECTION_TOO_DEEP", body["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }
}
