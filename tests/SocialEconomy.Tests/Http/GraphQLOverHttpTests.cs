using System.Net;
using SocialEconomy.Tests.Infrastructure;
using static SocialEconomy.Tests.Http.Http;

namespace SocialEconomy.Tests.Http;

/// <summary>
/// GraphQL over HTTP at /graphql, as the graphql-over-http draft says: methods, media types and status codes.
/// Each test names the rule it proves.
/// </summary>
public abstract class GraphQLOverHttpTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : ApiServer
{
    private const string Count = "{ challengeAreas(where: { depth: { eq: 0 } }) { totalCount } }";

    [SkippableFact]
    public async Task Post_JsonAcceptingGraphQLResponse_Is200InThatMediaType_InUtf8()
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(PostJson(new { query = Count }));
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(GraphQLResponse, answer.MediaType);
        Assert.Equal("utf-8", answer.ContentType!.CharSet);
        Assert.Equal(8, answer.Body!["data"]!["challengeAreas"]!["totalCount"]!.GetValue<int>());
    }

    [SkippableTheory]
    [InlineData(null, PlainJson)]
    [InlineData("*/*", PlainJson)]
    [InlineData("application/*", GraphQLResponse)]
    [InlineData(PlainJson, PlainJson)]
    [InlineData("application/graphql-response+json; charset=utf-8, application/json; charset=utf-8", GraphQLResponse)]
    [InlineData("application/json, application/graphql-response+json;q=0.5", PlainJson)]
    [InlineData("text/csv, application/json;q=0.1", PlainJson)]
    public async Task Accept_ChoosesTheHighestPriorityMediaTypeServed_AndNoneOrAnyMeansJson(string? accept, string expected)
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(PostJson(new { query = Count }, accept));
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(expected, answer.MediaType);
    }

    [SkippableTheory]
    [InlineData("text/csv")]
    [InlineData("application/xml")]
    [InlineData("application/json; charset=iso-8859-1")]
    public async Task Accept_NothingThisEndpointSpeaks_Is406_InApplicationJson(string accept)
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(PostJson(new { query = Count }, accept));
        Assert.Equal(HttpStatusCode.NotAcceptable, answer.Status);
        Assert.Equal(PlainJson, answer.MediaType);
        Assert.Equal("NOT_ACCEPTABLE", answer.FirstErrorCode);
    }

    [SkippableFact]
    public async Task Get_WithQueryVariablesAndOperationNameInTheQueryString_Answers()
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(Get(string.Join('&',
            Q("query", "query Other { __typename } query Areas($depth: Int) { challengeAreas(where: { depth: { eq: $depth } }) { totalCount } }"),
            Q("operationName", "Areas"),
            Q("variables", """{"depth": 0}"""),
            Q("extensions", "{}"))));
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(8, answer.Body!["data"]!["challengeAreas"]!["totalCount"]!.GetValue<int>());
    }

    [SkippableFact]
    public async Task Get_EmptyOperationName_IsTheSameAsNone()
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(Get(Q("query", Count) + "&operationName="));
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Null(answer.Body!["errors"]);
    }

    [SkippableTheory]
    [InlineData(GraphQLResponse)]
    [InlineData(PlainJson)]
    public async Task Get_Mutation_Is405WithAllowPost(string accept)
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(Get(Q("query", "mutation { __typename }"), accept));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, answer.Status);
        Assert.Contains("POST", answer.Allow, StringComparison.Ordinal);

        var chosen = await server.SendAsync(Get(Q("query", "query Q { __typename } mutation M { __typename }") + "&" + Q("operationName", "M"), accept));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, chosen.Status);
    }

    [SkippableTheory]
    [InlineData("mutation { __typename }", "mutation")]
    [InlineData("subscription { __typename }", "subscription")]
    public async Task Post_OperationTypeTheSchemaLacks_Is400UnderGraphQLResponse_And200UnderJson(string query, string kind)
    {
        server.SkipIfUnavailable();
        var modern = await server.SendAsync(PostJson(new { query }));
        Assert.True(modern.Status == HttpStatusCode.BadRequest, modern.ToString());
        Assert.Equal(GraphQLResponse, modern.MediaType);
        Assert.False(modern.Body!.AsObject().ContainsKey("data"));
        Assert.Equal("OPERATION_TYPE_NOT_SUPPORTED", modern.FirstErrorCode);
        Assert.Equal($"The operation is a {kind}, but this API has no {kind}s: only query operations are supported.",
            modern.Body!["errors"]![0]!["message"]!.GetValue<string>());

        var legacy = await server.SendAsync(PostJson(new { query }, PlainJson));
        Assert.True(legacy.Status == HttpStatusCode.OK, legacy.ToString());
        Assert.Equal(PlainJson, legacy.MediaType);
        Assert.Equal("OPERATION_TYPE_NOT_SUPPORTED", legacy.FirstErrorCode);
    }

    [SkippableTheory]
    [InlineData(GraphQLResponse, HttpStatusCode.BadRequest)]
    [InlineData(PlainJson, HttpStatusCode.OK)]
    public async Task Get_QueryBesideAMutation_IsNotRun_TheDocumentDoesNotValidate(string accept, HttpStatusCode status)
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(Get(Q("query", "query Q { __typename } mutation M { __typename }") + "&" + Q("operationName", "Q"), accept));
        Assert.True(answer.Status == status, answer.ToString());
        Assert.Equal(accept, answer.MediaType);
        Assert.False(answer.Body!.AsObject().ContainsKey("data"));
        Assert.Equal("OPERATION_TYPE_NOT_SUPPORTED", answer.FirstErrorCode);
        Assert.Equal("The operation 'M' is a mutation, but this API has no mutations: only query operations are supported.",
            answer.Body!["errors"]![0]!["message"]!.GetValue<string>());
    }

    [SkippableTheory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task OtherMethods_Are405WithAllow(string method)
    {
        server.SkipIfUnavailable();
        var request = Post("""{"query": "{ __typename }"}""");
        request.Method = new HttpMethod(method);
        var answer = await server.SendAsync(request);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, answer.Status);
        Assert.Contains("POST", answer.Allow, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/graphql")]
    [InlineData("application/json; charset=utf-16")]
    public async Task Post_WithoutAJsonUtf8ContentType_Is415_InApplicationJson(string? contentType)
    {
        server.SkipIfUnavailable();
        var request = Post("""{"query": "{ __typename }"}""", contentType);
        request.Headers.Add("GraphQL-Require-Preflight", "1");
        var answer = await server.SendAsync(request);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, answer.Status);
        Assert.Equal(PlainJson, answer.MediaType);
        Assert.Equal("UNSUPPORTED_MEDIA_TYPE", answer.FirstErrorCode);
    }

    [SkippableFact]
    public async Task Post_JsonWithCharsetUtf8_IsAccepted()
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(Post("""{"query": "{ __typename }"}""", "application/json; charset=utf-8"));
        Assert.Equal(HttpStatusCode.OK, answer.Status);
    }

    [SkippableTheory]
    [InlineData("{\"query\": ")]
    [InlineData("NONSENSE")]
    [InlineData("")]
    public async Task Post_UnparseableJson_Is400_InApplicationJson(string body)
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(Post(body));
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(PlainJson, answer.MediaType);
        Assert.Contains(answer.FirstErrorCode, new[] { "INVALID_JSON", "QUERY_MISSING" });
    }

    [SkippableTheory]
    [InlineData("""{"qeury": "{ __typename }"}""")]
    [InlineData("""{"query": 42}""")]
    [InlineData("""{"query": "{ __typename }", "variables": [7]}""")]
    [InlineData("""{"query": "{ __typename }", "operationName": 7}""")]
    [InlineData("""{"query": "{ __typename }", "extensions": "x"}""")]
    [InlineData("""[{"query": "{ __typename }"}]""")]
    [InlineData("null")]
    public async Task Post_InvalidParameters_Is400(string body)
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(Post(body));
        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
        Assert.Equal(PlainJson, answer.MediaType);
    }

    [SkippableFact]
    public async Task Post_UnknownBodyProperties_AreIgnored()
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(Post("""{"query": "{ __typename }", "future": {"nested": [1, 2]}, "operationName": null, "variables": null, "extensions": null, "id": 5}"""));
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        Assert.Equal("Query", answer.Body!["data"]!["__typename"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task UnparseableDocument_Is400_UnderGraphQLResponse_And200UnderJson()
    {
        server.SkipIfUnavailable();
        var modern = await server.SendAsync(PostJson(new { query = "{ models { " }));
        Assert.Equal(HttpStatusCode.BadRequest, modern.Status);
        Assert.Equal(GraphQLResponse, modern.MediaType);
        Assert.Null(modern.Body!["data"]);
        Assert.Equal("SYNTAX_ERROR", modern.FirstErrorCode);

        var legacy = await server.SendAsync(PostJson(new { query = "{ models { " }, PlainJson));
        Assert.Equal(HttpStatusCode.OK, legacy.Status);
        Assert.Equal("SYNTAX_ERROR", legacy.FirstErrorCode);
    }

    [SkippableFact]
    public async Task InvalidDocument_Is400_UnderGraphQLResponse_And200UnderJson()
    {
        server.SkipIfUnavailable();
        var modern = await server.SendAsync(PostJson(new { query = "{ models { noSuchField } }" }));
        Assert.Equal(HttpStatusCode.BadRequest, modern.Status);
        Assert.Equal(GraphQLResponse, modern.MediaType);
        Assert.False(modern.Body!.AsObject().ContainsKey("data"));
        Assert.NotNull(modern.FirstErrorCode);

        var legacy = await server.SendAsync(PostJson(new { query = "{ models { noSuchField } }" }, PlainJson));
        Assert.Equal(HttpStatusCode.OK, legacy.Status);
    }

    [SkippableFact]
    public async Task VariableCoercionFailure_Is400_UnderGraphQLResponse_And200UnderJson()
    {
        server.SkipIfUnavailable();
        const string query = "query($n: Int!) { models(first: $n) { totalCount } }";
        foreach (var variables in new object[] { new { n = "ten" }, new { n = (int?)null }, new { } })
        {
            var modern = await server.SendAsync(PostJson(new { query, variables }));
            Assert.True(modern.Status == HttpStatusCode.BadRequest, modern.ToString());
            Assert.Equal(GraphQLResponse, modern.MediaType);
            Assert.False(modern.Body!.AsObject().ContainsKey("data"));
            Assert.NotNull(modern.FirstErrorCode);

            var legacy = await server.SendAsync(PostJson(new { query, variables }, PlainJson));
            Assert.Equal(HttpStatusCode.OK, legacy.Status);
        }
    }

    [SkippableFact]
    public async Task OperationThatCannotBeDetermined_Is400()
    {
        server.SkipIfUnavailable();
        const string query = "query A { __typename } query B { __typename }";
        var unknown = await server.SendAsync(PostJson(new { query, operationName = "C" }));
        Assert.True(unknown.Status == HttpStatusCode.BadRequest, unknown.ToString());
        Assert.NotNull(unknown.FirstErrorCode);

        var ambiguous = await server.SendAsync(PostJson(new { query }));
        Assert.True(ambiguous.Status == HttpStatusCode.BadRequest, ambiguous.ToString());

        var legacy = await server.SendAsync(PostJson(new { query, operationName = "C" }, PlainJson));
        Assert.Equal(HttpStatusCode.OK, legacy.Status);
    }

    [SkippableTheory]
    [InlineData(GraphQLResponse, HttpStatusCode.BadRequest)]
    [InlineData(PlainJson, HttpStatusCode.OK)]
    public async Task QueryAndDocumentId_IsARequestError_400UnderGraphQLResponse_And200UnderJson(string accept, HttpStatusCode status)
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(PostJson(new { query = Count, documentId = "sha256:" + new string('0', 64) }, accept));
        Assert.True(answer.Status == status, answer.ToString());
        Assert.Equal(accept, answer.MediaType);
        Assert.False(answer.Body!.AsObject().ContainsKey("data"));
        Assert.Equal("QUERY_AND_DOCUMENT_ID", answer.FirstErrorCode);
    }

    [SkippableFact]
    public async Task FieldError_WithDataPresent_Is200_EvenWhenDataIsNull()
    {
        server.SkipIfUnavailable();
        // A bad cursor is a field error; 'models' is non-null, so data itself becomes null.
        var answer = await server.SendAsync(PostJson(new { query = """{ models(after: "not-a-cursor") { totalCount } }""" }));
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.True(answer.Body!.AsObject().ContainsKey("data"));
        Assert.Equal("INVALID_CURSOR", answer.FirstErrorCode);

        var partial = await server.SendAsync(PostJson(new { query = """{ node(id: "bm90LWFuLWlk") { id } models(first: 1) { totalCount } }""" }));
        Assert.Equal(HttpStatusCode.OK, partial.Status);
        Assert.NotNull(partial.Body!["data"]!["models"]);
    }
}

public sealed class SqliteGraphQLOverHttpTests(SqliteApiServer server) : GraphQLOverHttpTests<SqliteApiServer>(server);

public sealed class PostgresGraphQLOverHttpTests(PostgresApiServer server) : GraphQLOverHttpTests<PostgresApiServer>(server);
