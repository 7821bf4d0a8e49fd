using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Api.Endpoint;
using Xunit.Abstractions;
using static SocialEconomy.Tests.Http.Http;

namespace SocialEconomy.Tests.Http;

/// <summary>
/// A bounded fuzz test: a few hundred random documents made from the running server's own schema
/// (<see cref="SchemaFuzzer"/>), each answered with a 4xx or a GraphQL response whose every error has a code,
/// never a 5xx, never an INTERNAL_SERVER_ERROR (an exception out of a resolver) and never a leak of the server's
/// internals. Deterministic: a failure prints its seed, and
/// GRAPH_FUZZ_SEED (and GRAPH_FUZZ_DOCUMENTS) run the same documents again, or others.
/// </summary>
public sealed class FuzzTests(SqliteUnlimitedApiServer server, ITestOutputHelper output) : IClassFixture<SqliteUnlimitedApiServer>
{
    private const int DefaultSeed = 20261128;
    private const int DefaultDocuments = 300;

    /// <summary>What a response must never show: exception names and stack frames, SQL, store and file-system details.</summary>
    private static readonly string[] Leaks =
    [
        "Exception", "   at ", ".cs:line", "StackTrace", "SELECT ", "INSERT INTO", " FROM \"", "WHERE \"", "SQLite Error", "sqlite_",
        "Microsoft.EntityFrameworkCore", "Npgsql", "SocialEconomy.", "/work/", "/home/", "/tmp/", "C:\\",
    ];

    [SkippableFact]
    public async Task RandomDocumentsFromTheSchema_AreAnsweredWith4xxOrCodedGraphQLErrors_NeverA5xxAnInternalErrorOrALeak()
    {
        server.SkipIfUnavailable();
        var seed = int.TryParse(Environment.GetEnvironmentVariable("GRAPH_FUZZ_SEED"), out var s) ? s : DefaultSeed;
        var documents = int.TryParse(Environment.GetEnvironmentVariable("GRAPH_FUZZ_DOCUMENTS"), out var d) ? d : DefaultDocuments;

        var schema = server.Services.GetRequiredService<ISchema>();
        schema.Initialize();
        var fuzzer = new SchemaFuzzer(schema, seed);
        var transport = new Random(seed);
        var statuses = new Dictionary<int, int>();
        var codes = new Dictionary<string, int>();

        for (var i = 0; i < documents; i++)
        {
            var (query, variables, operationName) = fuzzer.Next();
            var body = new JsonObject { ["query"] = query, ["variables"] = variables.DeepClone(), ["operationName"] = operationName };
            var mode = transport.NextDouble();
            var request = mode switch
            {
                < 0.15 when query.Length < 4000 => Get(string.Join("&", new[]
                {
                    Q("query", query), Q("variables", variables.ToJsonString()),
                    operationName is null ? null : Q("operationName", operationName),
                }.OfType<string>())),
                < 0.3 => Post(body.ToJsonString(), PlainJson, PlainJson),
                _ => Post(body.ToJsonString()),
            };

            var answer = await server.SendAsync(request);
            statuses[(int)answer.Status] = statuses.GetValueOrDefault((int)answer.Status) + 1;
            var code = answer.FirstErrorCode ?? "(none)";
            codes[code] = codes.GetValueOrDefault(code) + 1;
            if (Environment.GetEnvironmentVariable("GRAPH_FUZZ_SHOW") == "1")
            {
                output.WriteLine($"--- {i + 1}: {operationName} {variables.ToJsonString()}\n{query}\n=> {answer}");
            }
            if (Problem(answer) is { } problem)
            {
                Assert.Fail($"Fuzz seed {seed}, document {i + 1} of {documents} (rerun with GRAPH_FUZZ_SEED={seed}): {problem}\n"
                    + $"operationName: {operationName}\nvariables: {variables.ToJsonString()}\n{query}\n=> {answer}");
            }
        }

        output.WriteLine($"Fuzz seed {seed}, {documents} documents: statuses {JsonSerializer.Serialize(statuses)}, first error codes {JsonSerializer.Serialize(codes)}");

        // Some documents must have run, and some must have been refused: else the fuzzer tests little.
        Assert.True(statuses.GetValueOrDefault(200) > 0 && statuses.Keys.Any(k => k >= 400),
            $"Fuzz seed {seed}: statuses {JsonSerializer.Serialize(statuses)}");

        var after = await server.QueryAsync("{ challengeAreas(where: { depth: { eq: 0 } }) { totalCount } }");
        Assert.Null(after["errors"]);
        Assert.Equal(8, after["data"]!["challengeAreas"]!["totalCount"]!.GetValue<int>());
    }

    private static string? Problem(Answer answer)
    {
        var status = (int)answer.Status;
        if (status >= 500)
        {
            return $"HTTP {status}";
        }

        if (status is not (200 or (>= 400 and < 500)))
        {
            return $"unexpected HTTP {status}";
        }

        if (answer.Body is not JsonObject body)
        {
            return "the body is not a JSON object";
        }

        if (status >= 400 && body["errors"] is not JsonArray)
        {
            return "a 4xx without errors";
        }

        if (status == 200 && !body.ContainsKey("data") && body["errors"] is not JsonArray)
        {
            return "a 200 with neither data nor errors";
        }

        if (body["errors"] is JsonArray errors)
        {
            if (errors.Count == 0)
            {
                return "an empty errors list";
            }

            foreach (var error in errors)
            {
                if (error?["extensions"]?["code"] is not JsonValue code || string.IsNullOrWhiteSpace(code.GetValue<string>()))
                {
                    return $"an error without extensions.code: {error?.ToJsonString()}";
                }

                if (code.GetValue<string>() == HygienicErrorInfoProvider.InternalError)
                {
                    // A failure inside the server (logged, not shown): a 500 in all but status.
                    return "an exception escaped a resolver";
                }
            }
        }

        return Leaks.FirstOrDefault(leak => answer.Text.Contains(leak, StringComparison.Ordinal)) is { } leaked
            ? $"the response shows '{leaked}'"
            : null;
    }
}
