using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Queries;

/// <summary>GraphQL over HTTP at /graphql: methods, media types and status codes.</summary>
public sealed class HttpEndpointTests(SqliteApiServer server) : IClassFixture<SqliteApiServer>
{
    [Fact]
    public async Task Get_WithQueryInQueryString_Answers()
    {
        using var response = await server.Client.GetAsync("/graphql?query=" + Uri.EscapeDataString("{ challengeAreas(where: { depth: { eq: 0 } }) { totalCount } }"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(8, body["data"]!["challengeAreas"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Post_AcceptingGraphQLResponse_AnswersInThatMediaType()
    {
        using var response = await server.PostAsync("{ models(first: 1) { totalCount } }");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/graphql-response+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Post_WithoutJsonContentType_Is415()
    {
        using var response = await server.Client.PostAsync("/graphql", new StringContent("{ models { totalCount } }", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Post_WithBrokenJson_Is400WithACode()
    {
        using var response = await server.Client.PostAsync("/graphql", new StringContent("{\"query\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("INVALID_JSON", body["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnparseableDocument_Is400_AndInvalidDocument_Is422_UnderGraphQLResponseMediaType()
    {
        using var syntax = await server.PostAsync("{ models { ");
        Assert.Equal(HttpStatusCode.BadRequest, syntax.StatusCode);
        using var invalid = await server.PostAsync("{ models { noSuchField } }");
        Assert.Equal((HttpStatusCode)422, invalid.StatusCode);
        using var legacy = await server.PostAsync("{ models { noSuchField } }", accept: "application/json");
        Assert.Equal(HttpStatusCode.OK, legacy.StatusCode);
    }

    [Fact]
    public async Task AcceptingNothingThisEndpointSpeaks_Is406()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=%7B__typename%7D");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }
}
