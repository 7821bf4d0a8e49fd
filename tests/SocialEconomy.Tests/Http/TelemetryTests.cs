using System.Collections;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SocialEconomy.Api.Hosting;
using SocialEconomy.Api.Operations;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Http;

/// <summary>
/// OpenTelemetry behind Telemetry:Enabled. Spans and metrics are collected process-wide by source name, so the
/// servers of other tests running at the same time show up too: each assertion looks for its own operation name.
/// </summary>
public sealed class TelemetryTests(TelemetryApiServer server) : IClassFixture<TelemetryApiServer>
{
    [SkippableFact]
    public async Task Request_WhenTelemetryIsEnabled_ProducesAGraphQLActivity_AndMetrics_WithOperationNameAndSqlStatements()
    {
        server.SkipIfUnavailable();
        var operation = "TelemetryProbe" + Guid.NewGuid().ToString("N");
        var answer = await server.QueryAsync($"query {operation} {{ challengeAreas(first: 2) {{ totalCount nodes {{ name }} }} }}");
        Assert.Null(answer["errors"]);

        // The span ends, and the measurements are taken, just after the response has gone.
        var activity = await EventuallyAsync(() => server.Activities.Snapshot()
            .FirstOrDefault(a => a.Source.Name == GraphQLTelemetry.SourceName && Equals(a.GetTagItem(GraphQLTelemetry.OperationNameTag), operation)));
        Assert.Equal($"GraphQL {operation}", activity.DisplayName);
        Assert.Equal("query", activity.GetTagItem(GraphQLTelemetry.OperationTypeTag));
        Assert.Equal(200, activity.GetTagItem(GraphQLTelemetry.StatusCodeTag));
        Assert.True(activity.GetTagItem(GraphQLTelemetry.SqlStatementsTag) is int statements && statements >= 1,
            $"{GraphQLTelemetry.SqlStatementsTag} = {activity.GetTagItem(GraphQLTelemetry.SqlStatementsTag)}");
        // Inside the HTTP server span of ASP.NET Core's instrumentation.
        Assert.NotEqual(default, activity.ParentSpanId);

        var meters = server.Services.GetRequiredService<MeterProvider>();
        var requests = await EventuallyAsync(() => { meters.ForceFlush(); return Point(server.Metrics.Snapshot(), GraphQLTelemetry.RequestsMetric, operation); });
        Assert.Equal(1, requests.GetSumLong());
        Assert.Equal(200, Tag(requests, GraphQLTelemetry.StatusCodeTag));

        var snapshot = server.Metrics.Snapshot();
        var duration = Point(snapshot, GraphQLTelemetry.DurationMetric, operation);
        Assert.NotNull(duration);
        Assert.Equal(1, duration.Value.GetHistogramCount());
        var sql = Point(snapshot, GraphQLTelemetry.SqlStatementsMetric, operation);
        Assert.NotNull(sql);
        Assert.Equal(1, sql.Value.GetHistogramCount());
        Assert.True(sql.Value.GetHistogramSum() >= 1);
    }

    [Fact]
    public void Telemetry_IsOffByDefault_AndThenNothingOfOpenTelemetryIsRegistered()
    {
        var services = Registrations([]);
        Assert.DoesNotContain(services, s => IsTelemetry(s.ServiceType) || IsTelemetry(s.ImplementationType) || IsTelemetry(s.ImplementationInstance?.GetType()));
    }

    [Fact]
    public void Telemetry_WhenEnabled_RegistersTracingAndMetrics()
    {
        var services = Registrations(["--Telemetry:Enabled=true"]);
        Assert.Contains(services, s => s.ServiceType == typeof(TracerProvider));
        Assert.Contains(services, s => s.ServiceType == typeof(MeterProvider));
    }

    /// <summary>The host's registrations for these arguments; nothing is started or resolved.</summary>
    private static List<ServiceDescriptor> Registrations(string[] arguments)
    {
        List<ServiceDescriptor>? services = null;
        ApiApplication.Build([.. arguments, "--Store:ConnectionString=Data Source=:memory:"], builder => services = [.. builder.Services]);
        return services!;
    }

    private static bool IsTelemetry(Type? type) =>
        type is not null && (type.Namespace?.StartsWith("OpenTelemetry", StringComparison.Ordinal) == true
            || type == typeof(TelemetryOptions) || type.DeclaringType == typeof(GraphQLTelemetry)
            || (type.Namespace == typeof(GraphQLTelemetry).Namespace && type.Name.StartsWith(nameof(GraphQLTelemetry), StringComparison.Ordinal)));

    private static MetricPoint? Point(IEnumerable<MetricSnapshot> snapshots, string metric, string operation)
    {
        // Cumulative: the latest export holds the running totals.
        foreach (var snapshot in snapshots.Reverse().Where(s => s.Name == metric))
        {
            foreach (var point in snapshot.MetricPoints)
            {
                if (Equals(Tag(point, GraphQLTelemetry.OperationNameTag), operation))
                {
                    return point;
                }
            }
        }

        return null;
    }

    private static object? Tag(MetricPoint? point, string key)
    {
        if (point is null)
        {
            return null;
        }

        foreach (var tag in point.Value.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value;
            }
        }

        return null;
    }

    /// <summary>Waits for something that happens just after the response (bounded; never asserts on time).</summary>
    private static async Task<T> EventuallyAsync<T>(Func<T?> find)
        where T : class
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (find() is { } found)
            {
                return found;
            }

            await Task.Delay(25);
        }

        return find() ?? throw new Xunit.Sdk.XunitException("It did not appear.");
    }

    private static async Task<MetricPoint> EventuallyAsync(Func<MetricPoint?> find)
    {
        var boxed = await EventuallyAsync(() => find() is { } point ? new StrongBox<MetricPoint>(point) : null);
        return boxed.Value;
    }

    private sealed class StrongBox<T>(T value)
    {
        public T Value { get; } = value;
    }
}

/// <summary>Telemetry on, exported to memory.</summary>
public sealed class TelemetryApiServer() : ApiServer(StoreProvider.Sqlite)
{
    public Recorded<Activity> Activities { get; } = new();

    public Recorded<MetricSnapshot> Metrics { get; } = new();

    protected override IEnumerable<string> ExtraArguments => ["--Telemetry:Enabled=true"];

    protected override void Configure(WebApplicationBuilder builder)
    {
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Activities));
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
    }
}

/// <summary>What an exporter wrote, safe to read while other requests' spans are still being exported.</summary>
public sealed class Recorded<T> : ICollection<T>
{
    private readonly List<T> _items = [];

    public int Count
    {
        get
        {
            lock (_items)
            {
                return _items.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public IReadOnlyList<T> Snapshot()
    {
        lock (_items)
        {
            return [.. _items];
        }
    }

    public void Add(T item)
    {
        lock (_items)
        {
            _items.Add(item);
        }
    }

    public void Clear()
    {
        lock (_items)
        {
            _items.Clear();
        }
    }

    public bool Contains(T item)
    {
        lock (_items)
        {
            return _items.Contains(item);
        }
    }

    public void CopyTo(T[] array, int arrayIndex)
    {
        lock (_items)
        {
            _items.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(T item)
    {
        lock (_items)
        {
            return _items.Remove(item);
        }
    }

    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
