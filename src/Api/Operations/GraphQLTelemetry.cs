using System.Diagnostics;
using System.Diagnostics.Metrics;
using GraphQL;
using GraphQL.DI;
using GraphQL.Execution;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SocialEconomy.Api.Operations;

/// <summary>
/// OpenTelemetry for the API, behind Telemetry:Enabled: ASP.NET Core's and the runtime's own spans and metrics,
/// and for each request to /graphql a span "GraphQL {operation}" with its operation name, HTTP status and SQL
/// statement count, and the metrics below by operation name and status.
/// </summary>
public static class GraphQLTelemetry
{
    /// <summary>The name of both the ActivitySource and the Meter.</summary>
    public const string SourceName = "SocialEconomy.Api.GraphQL";

    public const string RequestsMetric = "graphql.server.requests";
    public const string DurationMetric = "graphql.server.request.duration";
    public const string SqlStatementsMetric = "graphql.server.sql_statements";

    public const string OperationNameTag = "graphql.operation.name";
    public const string OperationTypeTag = "graphql.operation.type";
    public const string DocumentIdTag = "graphql.document.id";
    public const string StatusCodeTag = "http.response.status_code";
    public const string SqlStatementsTag = "db.statement_count";
    public const string ErrorCodeTag = "error.type";

    internal static readonly ActivitySource Source = new(SourceName);

    private static readonly Meter Meter = new(SourceName);

    internal static readonly Counter<long> Requests = Meter.CreateCounter<long>(RequestsMetric, "{request}", "GraphQL requests answered, by operation name and HTTP status.");

    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(DurationMetric, "s", "Time to answer a GraphQL request, by operation name and HTTP status.");

    internal static readonly Histogram<int> SqlStatements = Meter.CreateHistogram<int>(SqlStatementsMetric, "{statement}", "SQL statements one GraphQL request sent to the store, by operation name.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [0, 1, 2, 4, 8, 16, 32, 64, 128] });

    /// <summary>Registers OpenTelemetry when Telemetry:Enabled is true; otherwise registers nothing at all.</summary>
    public static IHostApplicationBuilder AddGraphQLTelemetry(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!options.Enabled)
        {
            return builder;
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddScoped<GraphQLOperationRecord>();
        builder.Services.AddSingleton<IConfigureExecution, RecordOperationExecution>();
        builder.Services.AddSingleton<IStartupFilter, GraphQLTelemetryStartupFilter>();

        var otlp = string.IsNullOrWhiteSpace(options.OtlpEndpoint) ? null : new Uri(options.OtlpEndpoint, UriKind.Absolute);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(SourceName).AddAspNetCoreInstrumentation();
                if (otlp is not null)
                {
                    tracing.AddOtlpExporter(o => Configure(o, otlp, options.OtlpProtocol, "v1/traces"));
                }

                if (options.Console)
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(SourceName).AddAspNetCoreInstrumentation().AddRuntimeInstrumentation();
                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(o => Configure(o, otlp, options.OtlpProtocol, "v1/metrics"));
                }

                if (options.Console)
                {
                    metrics.AddConsoleExporter();
                }
            });
        return builder;
    }

    private static void Configure(OtlpExporterOptions exporter, Uri endpoint, OtlpTransport transport, string signalPath)
    {
        if (transport == OtlpTransport.HttpProtobuf)
        {
            // Over HTTP each signal has its own path below the collector's address.
            exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
            exporter.Endpoint = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath);
        }
        else
        {
            exporter.Protocol = OtlpExportProtocol.Grpc;
            exporter.Endpoint = endpoint;
        }
    }

    /// <summary>What the GraphQL executer knew about the request's operation, for the span and metrics of its request.</summary>
    internal sealed class GraphQLOperationRecord
    {
        public string? OperationName { get; set; }

        public string? OperationType { get; set; }

        public string? DocumentId { get; set; }

        public string? FirstErrorCode { get; set; }
    }

    /// <summary>Notes the operation GraphQL ran (its name is known only once the document is parsed).</summary>
    private sealed class RecordOperationExecution : IConfigureExecution
    {
        public float SortOrder => 1000;

        public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
        {
            var result = await next(options);
            if (options.RequestServices?.GetService<GraphQLOperationRecord>() is { } record)
            {
                record.OperationName = result.Operation?.Name?.StringValue ?? options.OperationName;
                record.OperationType = result.Operation?.Operation.ToString().ToLowerInvariant();
                record.DocumentId = options.DocumentId;
                // The code the client will get: an exception's own code (OVERFLOW, SQLITE...) is never sent.
                record.FirstErrorCode = result.Errors?.FirstOrDefault() is { } first
                    ? options.RequestServices.GetRequiredService<IErrorInfoProvider>().GetInfo(first).Extensions?["code"] as string
                    : null;
            }

            return result;
        }
    }
}
