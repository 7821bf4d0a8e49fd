using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using SocialEconomy.Tests.Infrastructure;
using static SocialEconomy.Tests.Http.Http;

namespace SocialEconomy.Tests.Http;

/// <summary>Health probes, the structured request log, and trusted documents (this server runs nothing else).</summary>
public abstract class OperationsTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : RecordingApiServer
{
    [SkippableFact]
    public async Task Healthz_And_Readyz_Answer200_WhenTheStoreAnswers()
    {
        server.SkipIfUnavailable();
        using var alive = await server.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        using var ready = await server.Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [SkippableFact]
    public async Task EachRequest_IsLogged_WithOperationNameStatusDurationAndSqlStatements()
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(PostJson(new { documentId = DocumentId(RecordingApiServer.ExtraDocument) }));
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());

        // The entry is written once the answer is sent, which can be just after the client has read all of it.
        bool Logged((string Category, LogLevel Level, IReadOnlyDictionary<string, object?> State) l) =>
            l.Category == "SocialEconomy.Api.Requests" && l.State["OperationName"] as string == "ExtraAreas";
        await Eventually.HoldsAsync(() => Task.FromResult(server.Logs.Any(Logged)), "the request was not logged", seconds: 10);
        var entry = server.Logs.Last(Logged);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal(200, entry.State["StatusCode"]);
        Assert.True((int)entry.State["SqlStatements"]! >= 1);
        Assert.IsType<double>(entry.State["DurationMs"]);
        Assert.Equal("127.0.0.1", entry.State["ClientAddress"]);
        Assert.Equal(DocumentId(RecordingApiServer.ExtraDocument), entry.State["DocumentId"]);
    }

    [SkippableFact]
    public async Task TrustedDocuments_RunByDocumentId_FromTheExamplesAndTheConfiguredFolder()
    {
        server.SkipIfUnavailable();
        foreach (var file in Directory.GetFiles(Repository.Examples, "*.graphql"))
        {
            var answer = await server.SendAsync(PostJson(new { documentId = DocumentId(await File.ReadAllTextAsync(file)) }));
            Assert.True(answer.Status == HttpStatusCode.OK, $"{Path.GetFileName(file)}: {answer}");
            Assert.Null(answer.Body!["errors"]);
        }

        var extra = await server.SendAsync(Get(Q("documentId", DocumentId(RecordingApiServer.ExtraDocument))));
        Assert.Equal(8, extra.Body!["data"]!["challengeAreas"]!["totalCount"]!.GetValue<int>());
    }

    [SkippableTheory]
    [InlineData(GraphQLResponse, HttpStatusCode.BadRequest)]
    [InlineData(PlainJson, HttpStatusCode.OK)]
    public async Task OnlyTrusted_RefusesOtherDocuments_AndUnknownIds_AsRequestErrors(string accept, HttpStatusCode status)
    {
        server.SkipIfUnavailable();
        var query = await server.SendAsync(PostJson(new { query = "{ __typename }" }, accept));
        Assert.True(query.Status == status, query.ToString());
        Assert.Equal(accept, query.MediaType);
        Assert.False(query.Body!.AsObject().ContainsKey("data"));
        Assert.Equal("TRUSTED_DOCUMENT_REQUIRED", query.FirstErrorCode);

        var unknown = await server.SendAsync(PostJson(new { documentId = "sha256:" + new string('0', 64) }, accept));
        Assert.True(unknown.Status == status, unknown.ToString());
        Assert.Equal(accept, unknown.MediaType);
        Assert.Equal("DOCUMENT_NOT_FOUND", unknown.FirstErrorCode);
    }

    [SkippableTheory]
    [InlineData(GraphQLResponse)]
    [InlineData(PlainJson)]
    public async Task RegisteredMutation_ByIdOverGet_Is405WithAllowPost(string accept)
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(Get(Q("documentId", DocumentId(RecordingApiServer.MutationDocument)), accept));
        Assert.True(answer.Status == HttpStatusCode.MethodNotAllowed, answer.ToString());
        Assert.Equal(PlainJson, answer.MediaType);
        Assert.Equal("POST", answer.Allow);
        Assert.Equal("MUTATION_OVER_GET", answer.FirstErrorCode);
    }

    [SkippableFact]
    public async Task RegisteredMutation_PostedById_IsARequestError_AndNothingIsLoggedAsAnError()
    {
        server.SkipIfUnavailable();
        // Entries of this request only: PostgreSQL's start may log failed probes at Error level.
        var logged = server.Logs.Count;
        var answer = await server.SendAsync(PostJson(new { documentId = DocumentId(RecordingApiServer.MutationDocument) }));
        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
        Assert.Equal(GraphQLResponse, answer.MediaType);
        Assert.Equal("OPERATION_TYPE_NOT_SUPPORTED", answer.FirstErrorCode);
        Assert.DoesNotContain(server.Logs.Skip(logged), l => l.Level >= LogLevel.Error);
    }

    [SkippableFact]
    public async Task Documents_ListsTheRegisteredDocumentsWithTheirIds()
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/graphql/documents"));
        var names = answer.Body!.AsArray().Select(d => d!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("organisation-profile", names);
        Assert.Contains("extra-areas", names);
        Assert.All(answer.Body!.AsArray(), d => Assert.Equal(DocumentId(d!["query"]!.GetValue<string>()), d["documentId"]!.GetValue<string>()));
    }

    private static string DocumentId(string document) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document)));
}

public sealed class SqliteOperationsTests(SqliteRecordingApiServer server) : OperationsTests<SqliteRecordingApiServer>(server);

public sealed class PostgresOperationsTests(PostgresRecordingApiServer server) : OperationsTests<PostgresRecordingApiServer>(server);
