using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Http;

/// <summary>Tight limits, small enough to meet with short documents. Limits are checked before the store is touched, so SQLite only.</summary>
public sealed class LimitedApiServer() : ApiServer(StoreProvider.Sqlite)
{
    protected override IEnumerable<string> ExtraArguments =>
    [
        "--Limits:MaxDepth=4", "--Limits:MaxFields=30", "--Limits:MaxAliases=3", "--Limits:MaxCost=300",
        "--Limits:MaxDocumentLength=600", "--Limits:MaxRequestBytes=2048",
    ];
}

/// <summary>Three requests per hour per client.</summary>
public sealed class RateLimitedApiServer() : ApiServer(StoreProvider.Sqlite)
{
    protected override IEnumerable<string> ExtraArguments => ["--Limits:RateLimitPermits=3", "--Limits:RateLimitWindowSeconds=3600"];
}

/// <summary>Three requests per hour per client, behind a proxy on this machine (as the tests' requests come from it).</summary>
public sealed class ProxiedRateLimitedApiServer() : LoggingApiServer(StoreProvider.Sqlite)
{
    protected override IEnumerable<string> ExtraArguments =>
    [
        .. base.ExtraArguments,
        "--Limits:RateLimitPermits=3", "--Limits:RateLimitWindowSeconds=3600", "--Security:TrustedProxies:0=10.9.0.0/16", "--Security:TrustedProxies:1=127.0.0.1",
    ];
}

/// <summary>Three requests per hour per client, behind a proxy that is not on this machine.</summary>
public sealed class ElsewhereProxiedRateLimitedApiServer() : ApiServer(StoreProvider.Sqlite)
{
    protected override IEnumerable<string> ExtraArguments =>
        ["--Limits:RateLimitPermits=3", "--Limits:RateLimitWindowSeconds=3600", "--Security:TrustedProxies:0=10.9.0.1"];
}

/// <summary>CORS open to one origin, and no preflight header required.</summary>
public sealed class OpenCorsApiServer() : ApiServer(StoreProvider.Sqlite)
{
    public const string Origin = "https://app.example";

    protected override IEnumerable<string> ExtraArguments => [$"--Security:CorsOrigins:0={Origin}", "--Security:RequirePreflight=false"];
}

/// <summary>
/// An execution timeout of 0.2 s, a small part of what the timeout tests' document takes, and limits wide enough
/// for that document's thousands of aliases.
/// </summary>
public class TimeoutApiServer(StoreProvider provider) : ApiServer(provider)
{
    public const double TimeoutSeconds = 0.2;

    protected override IEnumerable<string> ExtraArguments =>
    [
        $"--Limits:ExecutionTimeoutSeconds={TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        "--Limits:MaxAliases=100000", "--Limits:MaxFields=1000000", "--Limits:MaxCost=1000000000",
        "--Limits:MaxDocumentLength=10000000", "--Limits:MaxRequestBytes=20000000",
    ];
}

public sealed class SqliteTimeoutApiServer() : TimeoutApiServer(StoreProvider.Sqlite);

public sealed class PostgresTimeoutApiServer() : TimeoutApiServer(StoreProvider.Postgres);

/// <summary>No rate limit, for many clients at once.</summary>
public class UnlimitedApiServer(StoreProvider provider) : ApiServer(provider)
{
    protected override IEnumerable<string> ExtraArguments => ["--Limits:RateLimitPermits=0"];
}

public sealed class SqliteUnlimitedApiServer() : UnlimitedApiServer(StoreProvider.Sqlite);

public sealed class PostgresUnlimitedApiServer() : UnlimitedApiServer(StoreProvider.Postgres);

/// <summary>
/// Records the request log, and only executes trusted documents, two of them from an extra folder: a query, and a
/// mutation, which the schema has no type for.
/// </summary>
public class RecordingApiServer(StoreProvider provider) : ApiServer(provider)
{
    public const string ExtraDocument = "query ExtraAreas { challengeAreas(where: { depth: { eq: 0 } }) { totalCount } }";
    public const string MutationDocument = "mutation Change { __typename }";

    private readonly string _documents = Directory.CreateTempSubdirectory("trusted-").FullName;

    public ConcurrentQueue<(string Category, LogLevel Level, IReadOnlyDictionary<string, object?> State)> Logs { get; } = new();

    protected override IEnumerable<string> ExtraArguments
    {
        get
        {
            File.WriteAllText(Path.Combine(_documents, "extra-areas.graphql"), ExtraDocument);
            File.WriteAllText(Path.Combine(_documents, "change.graphql"), MutationDocument);
            return
            [
                "--Logging:LogLevel:SocialEconomy.Api.Requests=Information",
                "--TrustedDocuments:OnlyTrusted=true",
                $"--TrustedDocuments:Directories:0={_documents}",
            ];
        }
    }

    protected override void Configure(WebApplicationBuilder builder) => builder.Logging.AddProvider(new RecordingLoggerProvider(Logs));

    private sealed class RecordingLoggerProvider(ConcurrentQueue<(string, LogLevel, IReadOnlyDictionary<string, object?>)> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new RecordingLogger(categoryName, logs);

        public void Dispose()
        {
        }
    }

    private sealed class RecordingLogger(string category, ConcurrentQueue<(string, LogLevel, IReadOnlyDictionary<string, object?>)> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            logs.Enqueue((category, logLevel, values.ToDictionary(kv => kv.Key, kv => kv.Value)));
        }
    }
}

public sealed class SqliteRecordingApiServer() : RecordingApiServer(StoreProvider.Sqlite);

public sealed class PostgresRecordingApiServer() : RecordingApiServer(StoreProvider.Postgres);

/// <summary>A store that has lost its tables after start: every query of them fails inside the store.</summary>
public class BrokenStoreApiServer(StoreProvider provider) : ApiServer(provider), IAsyncLifetime
{
    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        if (Unavailable is not null)
        {
            return;
        }

        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
        // Renamed rather than dropped: no foreign key stands in the way, and the store still answers.
        foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct())
        {
#pragma warning disable EF1002 // table names from the model, not from input
            await db.Database.ExecuteSqlRawAsync($"ALTER TABLE \"{table}\" RENAME TO \"{table}_gone\"");
#pragma warning restore EF1002
        }
    }
}

public sealed class SqliteBrokenStoreApiServer() : BrokenStoreApiServer(StoreProvider.Sqlite);

public sealed class PostgresBrokenStoreApiServer() : BrokenStoreApiServer(StoreProvider.Postgres);
