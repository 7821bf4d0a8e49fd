using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using Microsoft.Net.Http.Headers;

namespace SocialEconomy.Api.Endpoint;

/// <summary>
/// GraphQL over HTTP at /graphql: POST with a JSON body, or GET with the request in the query string.
/// Answers in application/graphql-response+json when the client accepts it, else application/json.
/// </summary>
public sealed partial class GraphQLEndpoint(
    IDocumentExecuter<ISchema> executer, IGraphQLTextSerializer serializer, ILogger<GraphQLEndpoint> logger)
{
    public const string GraphQLResponseMediaType = "application/graphql-response+json";
    public const string JsonMediaType = "application/json";

    public async Task HandleAsync(HttpContext http)
    {
        var responseType = ChooseResponseType(http.Request);
        if (responseType is null)
        {
            await WriteProblemAsync(http, StatusCodes.Status406NotAcceptable, "NOT_ACCEPTABLE",
                $"This endpoint answers in {GraphQLResponseMediaType} or {JsonMediaType}; send an Accept header that allows one of them.");
            return;
        }

        GraphQLRequest? request;
        try
        {
            request = HttpMethods.IsGet(http.Request.Method) ? ReadQueryString(http.Request) : await ReadBodyAsync(http);
        }
        catch (RequestException ex)
        {
            await WriteProblemAsync(http, ex.StatusCode, ex.Code, ex.Message);
            return;
        }

        if (request is null || string.IsNullOrWhiteSpace(request.Query))
        {
            await WriteProblemAsync(http, StatusCodes.Status400BadRequest, "QUERY_MISSING",
                "The request has no GraphQL document: send {\"query\": \"...\"} as JSON, or ?query=... on a GET.");
            return;
        }

        var result = await executer.ExecuteAsync(options =>
        {
            options.Query = request.Query;
            options.OperationName = request.OperationName;
            options.Variables = request.Variables;
            options.Extensions = request.Extensions;
            options.RequestServices = http.RequestServices;
            options.CancellationToken = http.RequestAborted;
            options.UnhandledExceptionDelegate = context =>
            {
                LogResolverFailure(logger, context.OriginalException, context.FieldContext?.FieldDefinition.Name);
                return Task.CompletedTask;
            };
            if (HttpMethods.IsGet(http.Request.Method))
            {
                // GET must not change anything: only queries run over GET.
                options.ValidationRules = GraphQL.Validation.DocumentValidator.CoreRules.Append(QueriesOnlyOverGet.Instance);
            }
        });

        http.Response.ContentType = $"{responseType}; charset=utf-8";
        http.Response.StatusCode = StatusFor(result, responseType, http);
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    private static int StatusFor(ExecutionResult result, string responseType, HttpContext http)
    {
        if (result.Errors?.Any(e => e.Code == QueriesOnlyOverGet.Code) == true)
        {
            http.Response.Headers.Allow = "POST";
            return StatusCodes.Status405MethodNotAllowed;
        }

        // Legacy clients (application/json) always get 200 for a well-formed request.
        if (responseType == JsonMediaType || result.Executed)
        {
            return StatusCodes.Status200OK;
        }

        return result.Errors?.Any(e => e.Code == "SYNTAX_ERROR") == true
            ? StatusCodes.Status400BadRequest
            : StatusCodes.Status422UnprocessableEntity;
    }

    private static string? ChooseResponseType(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0)
        {
            return JsonMediaType;
        }

        foreach (var type in accept.Where(a => a.Quality is not 0).OrderByDescending(a => a.Quality ?? 1))
        {
            if (type.MediaType.Equals(GraphQLResponseMediaType, StringComparison.OrdinalIgnoreCase))
            {
                return GraphQLResponseMediaType;
            }

            if (type.MediaType.Equals(JsonMediaType, StringComparison.OrdinalIgnoreCase)
                || type.MediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase)
                || type.MediaType.Equals("*/*", StringComparison.OrdinalIgnoreCase))
            {
                return type.MediaType.Equals(JsonMediaType, StringComparison.OrdinalIgnoreCase) ? JsonMediaType : GraphQLResponseMediaType;
            }
        }

        return null;
    }

    private GraphQLRequest ReadQueryString(HttpRequest request)
    {
        var query = request.Query;
        return new GraphQLRequest
        {
            Query = query["query"].ToString(),
            OperationName = query["operationName"] is { Count: > 0 } name ? name.ToString() : null,
            Variables = ParseJson<Inputs>(query["variables"].ToString(), "variables"),
            Extensions = ParseJson<Inputs>(query["extensions"].ToString(), "extensions"),
        };
    }

    private T? ParseJson<T>(string text, string parameter)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return default;
        }

        try
        {
            return serializer.Deserialize<T>(text);
        }
        catch (JsonException ex)
        {
            throw new RequestException(StatusCodes.Status400BadRequest, "INVALID_JSON", $"The '{parameter}' parameter is not valid JSON: {ex.Message}");
        }
    }

    private async Task<GraphQLRequest?> ReadBodyAsync(HttpContext http)
    {
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.Headers.Allow = "GET, POST";
            throw new RequestException(StatusCodes.Status405MethodNotAllowed, "METHOD_NOT_ALLOWED", "Use GET or POST.");
        }

        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals(JsonMediaType, StringComparison.OrdinalIgnoreCase))
        {
            throw new RequestException(StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE",
                $"POST a JSON body with Content-Type: {JsonMediaType}.");
        }

        try
        {
            return await serializer.ReadAsync<GraphQLRequest>(http.Request.Body, http.RequestAborted);
        }
        catch (JsonException ex)
        {
            throw new RequestException(StatusCodes.Status400BadRequest, "INVALID_JSON",
                $"The request body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}); send {{\"query\": \"...\", \"variables\": {{...}}}}.");
        }
    }

    /// <summary>An error before GraphQL runs. Its body is plain JSON, never the GraphQL response media type.</summary>
    private static async Task WriteProblemAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = $"{JsonMediaType}; charset=utf-8";
        await JsonSerializer.SerializeAsync(http.Response.Body,
            new { errors = new[] { new { message, extensions = new { code } } } }, cancellationToken: http.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A resolver failed on field {Field}.")]
    private static partial void LogResolverFailure(ILogger logger, Exception exception, string? field);

    private sealed class RequestException(int statusCode, string code, string message) : Exception(message)
    {
        public int StatusCode { get; } = statusCode;

        public string Code { get; } = code;
    }
}
