using System.Diagnostics;
using SocialEconomy.Api.Endpoint;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Api.Operations;

/// <summary>
/// Wraps every request to /graphql, outside everything else, so that refusals (429, 413, 400 before GraphQL runs)
/// and failures turned into 500 are measured as well: one span and one set of measurements per request.
/// </summary>
internal sealed class GraphQLTelemetryStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(MeasureAsync);
        next(app);
    };

    private static async Task MeasureAsync(HttpContext http, RequestDelegate next)
    {
        if (!http.Request.Path.Equals("/graphql", StringComparison.OrdinalIgnoreCase)
            || (HttpMethods.IsGet(http.Request.Method) && GraphiQLPage.IsWanted(http.Request)))
        {
            await next(http);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        using var activity = GraphQLTelemetry.Source.StartActivity("GraphQL", ActivityKind.Internal);
        try
        {
            await next(http);
        }
        finally
        {
            Record(http, activity, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private static void Record(HttpContext http, Activity? activity, double seconds)
    {
        var record = http.RequestServices.GetService<GraphQLTelemetry.GraphQLOperationRecord>();
        var sqlStatements = http.RequestServices.GetService<SqlStatementCounter>()?.Count ?? 0;
        var status = http.Response.StatusCode;
        var operation = record?.OperationName;

        var tags = new TagList { { GraphQLTelemetry.StatusCodeTag, status } };
        if (operation is not null)
        {
            tags.Add(GraphQLTelemetry.OperationNameTag, operation);
        }

        GraphQLTelemetry.Requests.Add(1, tags);
        GraphQLTelemetry.Duration.Record(seconds, tags);
        GraphQLTelemetry.SqlStatements.Record(sqlStatements, operation is null ? default : new TagList { { GraphQLTelemetry.OperationNameTag, operation } });

        if (activity is null)
        {
            return;
        }

        activity.DisplayName = operation is null ? "GraphQL" : $"GraphQL {operation}";
        activity.SetTag(GraphQLTelemetry.OperationNameTag, operation);
        activity.SetTag(GraphQLTelemetry.OperationTypeTag, record?.OperationType);
        activity.SetTag(GraphQLTelemetry.DocumentIdTag, record?.DocumentId);
        activity.SetTag(GraphQLTelemetry.StatusCodeTag, status);
        activity.SetTag(GraphQLTelemetry.SqlStatementsTag, sqlStatements);
        if (status >= 500)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }

        if (record?.FirstErrorCode is { } code)
        {
            activity.SetTag(GraphQLTelemetry.ErrorCodeTag, code);
        }
    }
}
