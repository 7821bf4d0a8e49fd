using System.Text;
using GraphQL;
using GraphQL.Execution;
using GraphQL.SystemTextJson;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Api.Endpoint;
using SocialEconomy.Api.Relay;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Http;

/// <summary>
/// The endpoint writes answers with <see cref="AnswerSerializer"/>, which writes data itself: for every answer it gives
/// the bytes GraphQL.NET's own serializer gives, whether it has errors, extensions, lists of scalars, nulls, numbers
/// with fractions or text that must be escaped; and the buffer it writes into keeps every byte of an answer that spans
/// many chunks, and refuses one past its limit.
/// </summary>
[Collection(SqliteOpenDataCollection.Name)]
public sealed class AnswerSerializerTests(SqliteOpenDataApiServer server)
{
    private static readonly Dictionary<string, string> Documents = new(StringComparer.Ordinal)
    {
        ["introspection: descriptions to escape, nulls, booleans, nested lists"] = """
            { __schema { queryType { name } types { name kind description enumValues(includeDeprecated: true) { name isDeprecated }
                fields(includeDeprecated: true) { name isDeprecated deprecationReason type { name ofType { name } } args { name defaultValue } } } } }
            """,
        ["lists of scalars, amounts with fractions, enums and nulls"] = """
            { organisations(first: 200) { nodes { key alternativeNames formerNames website dissolvedOn
                fundings { amount currency year instrument } totals { amount currency count } } } }
            """,
        // The error of a page size below zero goes up to the nearest field that may be null: the node.
        ["a field error beside data"] = $$"""
            { sources(first: 2) { nodes { key } } node(id: "{{GlobalId.Encode(NodeKind.Organisation, "gm-homes-partnership")}}") { id ... on Organisation { fundersConnection(first: -1) { totalCount } } } }
            """,
        ["an error with no data"] = """{ organisations(first: -1) { nodes { key } } }""",
        ["aliases and __typename"] = """{ a: models(first: 3) { n: nodes { __typename k: key } } b: __typename }""",
    };

    public static TheoryData<string> Names() => ExampleDocuments.AndOwn(Documents.Keys);

    [SkippableTheory]
    [MemberData(nameof(Names))]
    public async Task Answer_IsWrittenWithGraphQLNetsOwnBytes(string name)
    {
        server.SkipIfUnavailable();
        var document = await ExampleDocuments.TextAsync(name, Documents);
        using var scope = server.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<IDocumentExecuter<ISchema>>().ExecuteAsync(o =>
        {
            o.Query = document;
            o.RequestServices = scope.ServiceProvider;
        });
        if (name == "a field error beside data")
        {
            Assert.NotEmpty(result.Errors!);
            Assert.NotNull(result.Data);
        }

        var graphQLNet = new GraphQLSerializer(scope.ServiceProvider.GetRequiredService<IErrorInfoProvider>());
        var expected = graphQLNet.Serialize(result);

        var written = Write(scope.ServiceProvider.GetRequiredService<AnswerSerializer>(), result);

        Assert.Equal(expected, written);
        Assert.Contains(result.Errors is { Count: > 0 } ? "\"errors\":" : "\"data\":{", written, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task AnswerWithExtensions_IsWrittenWithGraphQLNetsOwnBytes()
    {
        server.SkipIfUnavailable();
        using var scope = server.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<IDocumentExecuter<ISchema>>().ExecuteAsync(o =>
        {
            o.Query = "{ models(first: 2) { nodes { key } } }";
            o.RequestServices = scope.ServiceProvider;
        });
        result.Extensions = new Dictionary<string, object?> { ["cost"] = new Dictionary<string, object?> { ["requestedQueryCost"] = 12, ["maximumAllowed"] = 300 } };

        var written = Write(scope.ServiceProvider.GetRequiredService<AnswerSerializer>(), result);

        Assert.Equal(new GraphQLSerializer(scope.ServiceProvider.GetRequiredService<IErrorInfoProvider>()).Serialize(result), written);
        Assert.EndsWith("\"extensions\":{\"cost\":{\"requestedQueryCost\":12,\"maximumAllowed\":300}}}", written, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Buffer_KeepsEveryByte_OfAnAnswerSpanningManyChunks_WrittenEitherWay()
    {
        using var buffer = new ResponseBuffer(long.MaxValue);
        var expected = new MemoryStream();
        var random = new Random(7);
        for (var i = 0; i < 400; i++)
        {
            var part = new byte[random.Next(1, 9000)];
            random.NextBytes(part);
            expected.Write(part);
            if (i % 2 == 0)
            {
                buffer.Write(part);
            }
            else
            {
                var span = buffer.GetSpan(random.Next(0, part.Length + 1));
                var written = Math.Min(span.Length, part.Length);
                part.AsSpan(0, written).CopyTo(span);
                buffer.Advance(written);
                buffer.Write(part.AsSpan(written));
            }
        }

        Assert.Equal(expected.Length, buffer.Length);
        Assert.Equal(expected.ToArray(), buffer.ToArray());
        var sent = new MemoryStream();
        await buffer.WriteToAsync(sent, CancellationToken.None);
        Assert.Equal(expected.ToArray(), sent.ToArray());
    }

    [Fact]
    public void Buffer_RefusesAWritePastItsLimit_EitherWay_AndHoldsNothingOnceCleared()
    {
        using var buffer = new ResponseBuffer(100);
        buffer.Write(new byte[60]);

        Assert.Throws<ResponseBuffer.TooLargeException>(() => buffer.Write(new byte[41]));
        buffer.GetSpan(41);
        Assert.Throws<ResponseBuffer.TooLargeException>(() => buffer.Advance(41));
        Assert.Equal(60, buffer.Length);

        buffer.Clear();
        buffer.Write("{}"u8);
        Assert.Equal("{}", Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static string Write(AnswerSerializer serializer, ExecutionResult result)
    {
        using var buffer = new ResponseBuffer(long.MaxValue);
        serializer.Write(buffer, result, CancellationToken.None);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
