using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using SocialEconomy.Api.Operations;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;
using static SocialEconomy.Tests.Http.Http;

namespace SocialEconomy.Tests.Http;

/// <summary>
/// Values in <c>where</c> at and past what their type holds. Numbers that fit are answered, numbers that do not
/// are the client's error before anything runs (400 INVALID_VALUE naming the field and the range, or GraphQL's
/// own Int check), never an exception; text with the NUL character, which PostgreSQL cannot take, is refused
/// alike on both stores; and the request log names the code the client got.
/// </summary>
public abstract class FilterValueTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : LoggingApiServer
{
    private const string AmountQuery = "query Amounts($a: Float) { funders(where: { fundings: { some: { amount: { OP: $a } } } }) { totalCount } }";

    public static TheoryData<string, double> AmountsPastTheDecimalRange() => new()
    {
        { "gt", 1e29 },
        { "gte", 7.9228162514264338e28 },
        { "lt", -1e29 },
        { "lte", 1e308 },
        { "eq", -1.7976931348623157e308 },
        { "neq", 8e28 },
    };

    [SkippableTheory]
    [MemberData(nameof(AmountsPastTheDecimalRange))]
    public async Task AmountPastTheDecimalRange_AsVariable_Is400InvalidValue_NamingTheFieldAndTheRange_AndLoggedSo(string op, double amount)
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(PostJson(new { query = AmountQuery.Replace("OP", op), variables = new { a = amount }, operationName = "Amounts" }));

        AssertRefusedAsOutOfRange(answer, op);
        var logged = server.LastRequest("Amounts");
        Assert.Equal(400, logged["StatusCode"]);
        Assert.Equal("INVALID_VALUE", logged["ErrorCode"]);
    }

    [SkippableTheory]
    [InlineData("{ funders(where: { fundings: { some: { amount: { gt: 1e29 } } } }) { totalCount } }", "gt")]
    [InlineData("{ funders(where: { fundings: { some: { amount: { lt: -79228162514264337593543950336 } } } }) { totalCount } }", "lt")]
    [InlineData("{ organisations(where: { fundings: { some: { amount: { gte: 0, lte: 1e300 } } } }) { totalCount } }", "lte")]
    [InlineData("{ models(where: { fundings: { all: { amount: { neq: 1e100 } } } }) { totalCount } }", "neq")]
    public async Task AmountPastTheDecimalRange_AsLiteral_Is400InvalidValue(string query, string op)
    {
        server.SkipIfUnavailable();
        AssertRefusedAsOutOfRange(await server.SendAsync(PostJson(new { query })), op);
    }

    [SkippableFact]
    public async Task AmountPastTheDecimalRange_InAWholeWhereVariable_Is400InvalidValue()
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(PostJson(new
        {
            query = "query($w: FunderFilterInput) { funders(where: $w) { totalCount } }",
            variables = new { w = new { fundings = new { some = new { amount = new { gt = 1e29 } } } } },
        }));

        AssertRefusedAsOutOfRange(answer, "gt");
    }

    [SkippableFact]
    public async Task AmountPastTheDecimalRange_UnderApplicationJson_Is200WithInvalidValueAndNoData()
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(PostJson(new { query = AmountQuery.Replace("OP", "gt"), variables = new { a = 1e29 } }, PlainJson));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("INVALID_VALUE", answer.FirstErrorCode);
        Assert.Null(answer.Body!["data"]);
    }

    [SkippableFact]
    public async Task AmountsAtTheEdgesOfTheDecimalRange_AreAnswered_AndMatchEveryStatedAmount()
    {
        server.SkipIfUnavailable();
        var withAmounts = await FundersAsync("{ gt: -7.9e28 }");
        Assert.True(withAmounts > 0);
        Assert.Equal(withAmounts, await FundersAsync("{ lt: 7.9e28 }"));
        Assert.Equal(withAmounts, await FundersAsync("{ gte: -7.92281625142643e28, lte: 7.92281625142643e28 }"));
        Assert.Equal(0, await FundersAsync("{ gt: 7.9e28 }"));
        Assert.Equal(0, await FundersAsync("{ lt: -7.9e28 }"));
        Assert.Equal(withAmounts, await FundersAsync("{ gt: -0.0 }"));
        Assert.Equal(withAmounts, await FundersAsync("{ gt: 1e-300 }"));
    }

    public static TheoryData<string> WholeNumbersPastTheIntRange() =>
    [
        "{ evidence(where: { year: { gt: 2147483648 } }) { totalCount } }",
        "{ evidence(where: { year: { in: [2024, -2147483649] } }) { totalCount } }",
        "{ evidence(where: { rating: { level: { gte: 99999999999999999999 } } }) { totalCount } }",
        "{ challengeAreas(where: { depth: { lt: 1e3 } }) { totalCount } }",
        "{ organisations(where: { fundings: { some: { year: { eq: 4294967296 } } } }) { totalCount } }",
    ];

    [SkippableTheory]
    [MemberData(nameof(WholeNumbersPastTheIntRange))]
    public async Task WholeNumberPastTheIntRange_IsRefusedBeforeExecution_Never500(string query)
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(PostJson(new { query }));

        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
        Assert.Null(answer.Body!["data"]);
        Assert.Contains(answer.FirstErrorCode, new[] { "ARGUMENTS_OF_CORRECT_TYPE", "INVALID_VALUE" });
    }

    [SkippableFact]
    public async Task WholeNumberPastTheIntRange_AsVariable_Is400InvalidValue()
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(Post("""{"query": "query($y: Int) { evidence(where: { year: { gt: $y } }) { totalCount } }", "variables": {"y": 2147483648}}"""));

        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
        Assert.Equal("INVALID_VALUE", answer.FirstErrorCode);
    }

    [SkippableFact]
    public async Task WholeNumbersAtTheEdgesOfTheIntRange_AreAnswered()
    {
        server.SkipIfUnavailable();
        var all = await CountAsync("{ evidence { totalCount } }", "evidence");
        Assert.Equal(0, await CountAsync("{ evidence(where: { year: { gt: 2147483647 } }) { totalCount } }", "evidence"));
        Assert.Equal(0, await CountAsync("{ evidence(where: { rating: { level: { lt: -2147483648 } } }) { totalCount } }", "evidence"));
        Assert.Equal(all, await CountAsync("{ evidence(where: { rating: { level: { gt: -2147483648, lte: 2147483647 } } }) { totalCount } }", "evidence"));
        Assert.Equal(0, await CountAsync("{ challengeAreas(where: { depth: { in: [2147483647, -2147483648] } }) { totalCount } }", "challengeAreas"));
    }

    [SkippableTheory]
    [InlineData("{ evidence(where: { publisher: { ncontains: \"a\\u0000b\" } }) { totalCount } }", "ncontains")]
    [InlineData("{ models(where: { name: { eq: \"\\u0000\" } }) { totalCount } }", "eq")]
    [InlineData("{ organisations(where: { region: { nin: [\"London\", \"x\\u0000\"] } }) { totalCount } }", "nin")]
    [InlineData("{ funders(where: { fundings: { some: { organisation: { name: { startsWith: \"\\u0000\" } } } } }) { totalCount } }", "startsWith")]
    public async Task TextWithTheNulCharacter_Is400InvalidValue_OnBothStores(string query, string op)
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(PostJson(new { query }));

        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
        Assert.Equal("INVALID_VALUE", answer.FirstErrorCode);
        var message = answer.Body!["errors"]![0]!["message"]!.GetValue<string>();
        Assert.Contains($"'{op}'", message, StringComparison.Ordinal);
        Assert.Contains("U+0000", message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task TextWithTheNulCharacter_AsVariable_Is400InvalidValue()
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(PostJson(new
        {
            query = "query($t: String) { evidence(where: { title: { contains: $t } }) { totalCount } }",
            variables = new { t = "a\u0000b" },
        }));

        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
        Assert.Equal("INVALID_VALUE", answer.FirstErrorCode);
    }

    private static void AssertRefusedAsOutOfRange(Answer answer, string op)
    {
        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
        Assert.Null(answer.Body!["data"]);
        var error = answer.Body!["errors"]![0]!;
        Assert.Equal("INVALID_VALUE", error["extensions"]!["code"]!.GetValue<string>());
        var message = error["message"]!.GetValue<string>();
        Assert.Contains("amount", message, StringComparison.Ordinal);
        Assert.Contains($"'{op}'", message, StringComparison.Ordinal);
        Assert.Contains("79228162514264337593543950335", message, StringComparison.Ordinal);
    }

    private Task<int> FundersAsync(string amount) =>
        CountAsync($"{{ funders(where: {{ fundings: {{ some: {{ amount: {amount} }} }} }}) {{ totalCount }} }}", "funders");

    private async Task<int> CountAsync(string query, string field)
    {
        var answer = await server.QueryAsync(query);
        Assert.True(answer["errors"] is null, answer.ToJsonString());
        return answer["data"]![field]!["totalCount"]!.GetValue<int>();
    }
}

public sealed class SqliteFilterValueTests(SqliteLoggingApiServer server) : FilterValueTests<SqliteLoggingApiServer>(server);

public sealed class PostgresFilterValueTests(PostgresLoggingApiServer server) : FilterValueTests<PostgresLoggingApiServer>(server);

/// <summary>
/// A failure inside the server (here a store that has lost its tables) reaches the client as
/// INTERNAL_SERVER_ERROR, whatever the exception, and the request log names that same code.
/// </summary>
public abstract class InternalErrorLogTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : LoggingBrokenStoreApiServer
{
    [SkippableFact]
    public async Task ExceptionInAResolver_ReachesTheClientAndTheLog_AsInternalServerError()
    {
        server.SkipIfUnavailable();
        var answer = await server.SendAsync(PostJson(new { query = "query Broken { models(first: 3) { totalCount nodes { name } } }" }));

        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        Assert.Equal("INTERNAL_SERVER_ERROR", answer.FirstErrorCode);
        var logged = server.Recorder.LastRequest("Broken");
        Assert.Equal("INTERNAL_SERVER_ERROR", logged["ErrorCode"]);
        Assert.Equal(answer.Body!["errors"]!.AsArray().Count, logged["ErrorCount"]);
    }
}

public sealed class SqliteInternalErrorLogTests(SqliteLoggingBrokenStoreApiServer server) : InternalErrorLogTests<SqliteLoggingBrokenStoreApiServer>(server);

public sealed class PostgresInternalErrorLogTests(PostgresLoggingBrokenStoreApiServer server) : InternalErrorLogTests<PostgresLoggingBrokenStoreApiServer>(server);

/// <summary>Records what the API logs under the request log's category.</summary>
public sealed class RequestLogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, object?>> _requests = new();

    /// <summary>
    /// The state of the last request logged for this operation. The entry is written once the answer is, so it
    /// may come a moment after the client has read the answer.
    /// </summary>
    public IReadOnlyDictionary<string, object?> LastRequest(string operationName)
    {
        for (var wait = 0; ; wait += 20)
        {
            var found = _requests.LastOrDefault(state => state.TryGetValue("OperationName", out var name) && name as string == operationName);
            if (found is not null || wait >= 5000)
            {
                return found ?? throw new InvalidOperationException($"No request of operation {operationName} was logged.");
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>How many requests of this operation have been logged so far.</summary>
    public int Count(string operationName) =>
        _requests.Count(state => state.TryGetValue("OperationName", out var name) && name as string == operationName);

    /// <summary>
    /// The state of the request of this operation logged after the first <paramref name="before"/> of them, waiting
    /// for it as <see cref="LastRequest"/> does.
    /// </summary>
    public IReadOnlyDictionary<string, object?> RequestAfter(string operationName, int before)
    {
        for (var wait = 0; ; wait += 20)
        {
            var found = _requests.Where(state => state.TryGetValue("OperationName", out var name) && name as string == operationName).Skip(before).FirstOrDefault();
            if (found is not null || wait >= 5000)
            {
                return found ?? throw new InvalidOperationException($"No request of operation {operationName} was logged after the first {before}.");
            }

            Thread.Sleep(20);
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName == RequestLog.Category ? _requests : null);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<IReadOnlyDictionary<string, object?>>? requests) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => requests is not null;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (requests is not null && state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                requests.Enqueue(values.ToDictionary(kv => kv.Key, kv => kv.Value));
            }
        }
    }
}

/// <summary>The API with the request log on and recorded, and no rate limit.</summary>
public abstract class LoggingApiServer(StoreProvider provider) : ApiServer(provider)
{
    public RequestLogRecorder Recorder { get; } = new();

    public IReadOnlyDictionary<string, object?> LastRequest(string operationName) => Recorder.LastRequest(operationName);

    protected override IEnumerable<string> ExtraArguments => ["--Limits:RateLimitPermits=0", $"--Logging:LogLevel:{RequestLog.Category}=Information"];

    protected override void Configure(WebApplicationBuilder builder) => builder.Logging.AddProvider(Recorder);
}

public sealed class SqliteLoggingApiServer() : LoggingApiServer(StoreProvider.Sqlite);

public sealed class PostgresLoggingApiServer() : LoggingApiServer(StoreProvider.Postgres);

/// <summary>A store that has lost its tables, with the request log recorded.</summary>
public abstract class LoggingBrokenStoreApiServer(StoreProvider provider) : BrokenStoreApiServer(provider)
{
    public RequestLogRecorder Recorder { get; } = new();

    protected override IEnumerable<string> ExtraArguments => [$"--Logging:LogLevel:{RequestLog.Category}=Information"];

    protected override void Configure(WebApplicationBuilder builder) => builder.Logging.AddProvider(Recorder);
}

public sealed class SqliteLoggingBrokenStoreApiServer() : LoggingBrokenStoreApiServer(StoreProvider.Sqlite);

public sealed class PostgresLoggingBrokenStoreApiServer() : LoggingBrokenStoreApiServer(StoreProvider.Postgres);
