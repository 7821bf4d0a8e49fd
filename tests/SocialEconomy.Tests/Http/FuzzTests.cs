using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Api.Endpoint;
using SocialEconomy.Api.Limits;
using SocialEconomy.Tests.Infrastructure;
using Xunit.Abstractions;
using static SocialEconomy.Tests.Http.Http;

namespace SocialEconomy.Tests.Http;

/// <summary>
/// Bounded fuzz tests, on the curated seed (short lists) and on the seed with both open datasets (lists of
/// thousands), on SQLite and PostgreSQL:
/// <list type="bullet">
/// <item>random documents made from the running server's own schema (<see cref="SchemaFuzzer"/>), hostile values
/// included, each answered with a 4xx or a GraphQL response whose every error has a code, never a 5xx, never an
/// INTERNAL_SERVER_ERROR (an exception out of a resolver), never a leak of the server's internals, and never
/// bigger than the largest response allowed (Limits:MaxResponseBytes);</item>
/// <item>random conditions, orders and pages whose answers must agree with each other (<see cref="FuzzInvariants"/>),
/// each invariant counted and reported.</item>
/// </list>
/// Deterministic: a failure prints its seed and document. GRAPH_FUZZ_SEED runs other documents,
/// GRAPH_FUZZ_DOCUMENTS and GRAPH_FUZZ_CASES more or fewer of them, GRAPH_FUZZ_SHOW=1 prints every answer.
/// An answer is read only up to the size limit and waited for at most a minute, so that no document can
/// exhaust the test process.
/// </summary>
public abstract partial class FuzzTests<TServer>(TServer server, ITestOutputHelper output)
    where TServer : ApiServer
{
    private const int DefaultSeed = 20261128;
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(60);

    /// <summary>What a response must never show: exception names and stack frames, SQL, store and file-system details.</summary>
    private static readonly string[] Leaks =
    [
        "Exception", "   at ", ".cs:line", "StackTrace", "SELECT ", "INSERT INTO", " FROM \"", "WHERE \"", "SQLite Error", "sqlite_",
        "Microsoft.EntityFrameworkCore", "Npgsql", "SocialEconomy.", "/work/", "/home/", "/tmp/", "C:\\",
    ];

    /// <summary>Random documents of this run.</summary>
    protected abstract int DefaultDocuments { get; }

    /// <summary>Invariant cases of this run (each a few to a few dozen documents).</summary>
    protected abstract int DefaultCases { get; }

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("GRAPH_FUZZ_SEED"), out var s) ? s : DefaultSeed;

    private long MaxResponseBytes => server.Services.GetRequiredService<LimitsOptions>().MaxResponseBytes;

    [SkippableFact]
    public async Task RandomDocumentsFromTheSchema_AreAnsweredWith4xxOrCodedGraphQLErrors_NeverA5xxAnInternalErrorALeakOrAnOversizedAnswer()
    {
        server.SkipIfUnavailable();
        var seed = Seed;
        var documents = int.TryParse(Environment.GetEnvironmentVariable("GRAPH_FUZZ_DOCUMENTS"), out var d) ? d : DefaultDocuments;
        var fuzzer = new SchemaFuzzer(Schema(), seed);
        var transport = new Random(seed);
        var statuses = new Dictionary<int, int>();
        var codes = new Dictionary<string, int>();
        var failures = new List<string>();
        var slowest = new List<(double Seconds, int Document)>();
        var slowestDocument = "";
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < documents; i++)
        {
            var (query, variables, operationName) = fuzzer.Next();
            var body = new JsonObject { ["query"] = query, ["variables"] = variables.DeepClone(), ["operationName"] = operationName };
            var mode = transport.NextDouble();
            var queryString = string.Join("&", new[]
            {
                Q("query", query), Q("variables", variables.ToJsonString()),
                operationName is null ? null : Q("operationName", operationName),
            }.OfType<string>());
            // Kestrel refuses request lines past 8 KB itself (414, no body), before the API sees them.
            var request = mode switch
            {
                < 0.15 when queryString.Length < 6000 => Get(queryString),
                < 0.3 => Post(body.ToJsonString(), PlainJson, PlainJson),
                _ => Post(body.ToJsonString()),
            };

            var started = Stopwatch.GetTimestamp();
            var answer = await SendAsync(request);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            slowest.Add((seconds, i + 1));
            if (seconds >= slowest.Max(x => x.Seconds))
            {
                slowestDocument = $"{operationName} {Shorten(variables.ToJsonString())}\n{Shorten(query)}";
            }

            if (answer.Answer is { } a)
            {
                statuses[(int)a.Status] = statuses.GetValueOrDefault((int)a.Status) + 1;
                var code = a.FirstErrorCode ?? "(none)";
                codes[code] = codes.GetValueOrDefault(code) + 1;
            }

            if (Environment.GetEnvironmentVariable("GRAPH_FUZZ_SHOW") == "1")
            {
                output.WriteLine($"--- {i + 1}: {operationName} {variables.ToJsonString()}\n{query}\n=> {answer}");
            }

            if (answer.Problem is { } problem)
            {
                failures.Add($"Fuzz seed {seed}, document {i + 1} of {documents} (rerun with GRAPH_FUZZ_SEED={seed}): {problem}\n"
                    + $"operationName: {operationName}\nvariables: {Shorten(variables.ToJsonString())}\n{Shorten(query)}\n=> {answer}");
            }
        }

        output.WriteLine($"{typeof(TServer).Name}: fuzz seed {seed}, {documents} documents in {clock.Elapsed.TotalSeconds:0.0} s: "
            + $"{documents - failures.Count} answered as they should, {failures.Count} not; "
            + $"statuses {JsonSerializer.Serialize(statuses)}, first error codes {JsonSerializer.Serialize(codes)}; "
            + $"slowest documents {string.Join(", ", slowest.OrderByDescending(x => x.Seconds).Take(3).Select(x => $"{x.Document} ({x.Seconds:0.00} s)"))}; "
            + $"the slowest:\n{slowestDocument}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {documents} documents were not answered as they should be:\n"
            + string.Join("\n", failures.Select(f => f[..f.IndexOf('\n', StringComparison.Ordinal)]))
            + "\n\nThe first ones in full:\n\n" + string.Join("\n\n", failures.Take(5)));

        // Some documents must have run, and some must have been refused: else the fuzzer tests little.
        Assert.True(statuses.GetValueOrDefault(200) > 0 && statuses.Keys.Any(k => k >= 400),
            $"Fuzz seed {seed}: statuses {JsonSerializer.Serialize(statuses)}");

        var after = await server.QueryAsync("{ challengeAreas(where: { depth: { eq: 0 } }) { totalCount } }");
        Assert.Null(after["errors"]);
        Assert.True(after["data"]!["challengeAreas"]!["totalCount"]!.GetValue<int>() >= 8);
    }

    [SkippableFact]
    public async Task RandomConditionsOrdersAndPages_GiveAnswersThatAgree_CountsComplementsWalksCutsAndFacets()
    {
        server.SkipIfUnavailable();
        var seed = Seed;
        var cases = int.TryParse(Environment.GetEnvironmentVariable("GRAPH_FUZZ_CASES"), out var c) ? c : DefaultCases;
        var invariants = new FuzzInvariants(Schema(), seed, async (query, variables) =>
        {
            var answer = await SendAsync(Post(new JsonObject { ["query"] = query, ["variables"] = variables?.DeepClone() }.ToJsonString()));
            if (Environment.GetEnvironmentVariable("GRAPH_FUZZ_SHOW") == "1")
            {
                output.WriteLine($"--- {Shorten(query)} {variables?.ToJsonString()}\n=> {answer}");
            }

            return answer;
        });
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < cases; i++)
        {
            await invariants.RunCaseAsync(i + 1);
        }

        var tally = invariants.Tally;
        output.WriteLine($"{typeof(TServer).Name}: fuzz seed {seed}, {cases} invariant cases in {clock.Elapsed.TotalSeconds:0.0} s, {tally.Summary()}");
        Assert.True(tally.Failed == 0, $"Fuzz seed {seed} (rerun with GRAPH_FUZZ_SEED={seed}): {tally.Failed} checks failed.\n{tally.Summary()}\n"
            + $"The first failures of each invariant:\n\n{tally.Failures()}");
    }

    private ISchema Schema()
    {
        var schema = server.Services.GetRequiredService<ISchema>();
        schema.Initialize();
        return schema;
    }

    /// <summary>Sends a request, reading its answer only up to the size limit (plus a margin to tell) and for a minute at most.</summary>
    private async Task<FuzzAnswer> SendAsync(HttpRequestMessage request)
    {
        var limit = MaxResponseBytes;
        using var timeout = new CancellationTokenSource(AnswerTimeout);
        using (request)
        {
            try
            {
                using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
                using var buffer = new MemoryStream();
                var chunk = new byte[64 * 1024];
                int read;
                while ((read = await stream.ReadAsync(chunk, timeout.Token)) > 0)
                {
                    buffer.Write(chunk, 0, read);
                    if (buffer.Length > limit)
                    {
                        return new FuzzAnswer(null, $"HTTP {(int)response.StatusCode}: the answer is bigger than the {limit} bytes allowed (reading stopped there)");
                    }
                }

                var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
                JsonNode? body = null;
                try
                {
                    body = text.Length == 0 ? null : JsonNode.Parse(text);
                }
                catch (JsonException)
                {
                }

                var answer = new Answer(response.StatusCode, response.Content.Headers.ContentType, response.Headers, string.Join(", ", response.Content.Headers.Allow), text, body);
                return new FuzzAnswer(answer, Problem(answer));
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                return new FuzzAnswer(null, $"no answer within {AnswerTimeout.TotalSeconds} s");
            }
        }
    }

    private static string Shorten(string text) => text.Length > 3000 ? text[..3000] + $"... ({text.Length} characters)" : text;

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

        // The data's own web addresses may hold such words ("https://home.kpmg/be/en/home/insights/..."): only the rest counts.
        var withoutUrls = WebAddress().Replace(answer.Text, "");
        return Leaks.FirstOrDefault(leak => withoutUrls.Contains(leak, StringComparison.Ordinal)) is { } leaked
            ? $"the response shows '{leaked}'"
            : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"https?://[^\s""\\]+")]
    private static partial System.Text.RegularExpressions.Regex WebAddress();
}

/// <summary>The curated seed only: short lists, every document quick.</summary>
public sealed class SqliteSeedFuzzTests(SqliteUnlimitedApiServer server, ITestOutputHelper output) : FuzzTests<SqliteUnlimitedApiServer>(server, output), IClassFixture<SqliteUnlimitedApiServer>
{
    protected override int DefaultDocuments => 800;

    protected override int DefaultCases => 40;
}

/// <summary>The seed and both open datasets: lists of thousands.</summary>
[Collection(SqliteOpenDataCollection.Name)]
public sealed class SqliteOpenDataFuzzTests(SqliteOpenDataApiServer server, ITestOutputHelper output) : FuzzTests<SqliteOpenDataApiServer>(server, output)
{
    protected override int DefaultDocuments => 600;

    protected override int DefaultCases => 30;
}

[Collection(PostgresOpenDataCollection.Name)]
public sealed class PostgresOpenDataFuzzTests(PostgresOpenDataApiServer server, ITestOutputHelper output) : FuzzTests<PostgresOpenDataApiServer>(server, output)
{
    protected override int DefaultDocuments => 600;

    protected override int DefaultCases => 30;
}
