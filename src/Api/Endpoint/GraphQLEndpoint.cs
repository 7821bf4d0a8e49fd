using System.Diagnostics;
using System.Text.Json;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using SocialEconomy.Api.Caching;
using SocialEconomy.Api.Limits;
using SocialEconomy.Api.Operations;
using SocialEconomy.Api.Relay;
using SocialEconomy.Api.TrustedDocuments;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Api.Endpoint;

/// <summary>
/// GraphQL over HTTP at /graphql (graphql-over-http, current draft): POST with a JSON body, or GET with the
/// request in the query string. Answers in application/graphql-response+json when the client asks for it, else
/// (no Accept, */* or application/json) in application/json; a browser asking for HTML gets GraphiQL.
/// </summary>
public sealed partial class GraphQLEndpoint(
    IDocumentExecuter<ISchema> executer,
    AnswerSerializer serializer,
    LimitsOptions limits,
    PagingOptions paging,
    EndpointSecurityOptions security,
    TrustedDocumentOptions trusted,
    TrustedDocumentStore trustedDocuments,
    GraphiQLPage graphiql,
    DocumentCache documents,
    HttpCaching caching,
    RequestLog requestLog,
    ILogger<GraphQLEndpoint> logger)
{
    public const string GraphQLResponseMediaType = "application/graphql-response+json";
    public const string JsonMediaType = "application/json";
    public const string PreflightHeader = "GraphQL-Require-Preflight";

    /// <summary>Request extension that asks for the computed cost in the response's extensions.</summary>
    public const string CostExtension = "cost";

    public const string QueryAndDocumentId = "QUERY_AND_DOCUMENT_ID";
    public const string TrustedDocumentRequired = "TRUSTED_DOCUMENT_REQUIRED";
    public const string DocumentTooLong = "DOCUMENT_TOO_LONG";

    /// <summary>
    /// Errors of a request that cannot be read, that the endpoint refuses before GraphQL runs, or whose operation
    /// cannot be found or is of a kind the schema lacks: 400, not 422.
    /// </summary>
    private static readonly HashSet<string> RequestErrorCodes = new(StringComparer.Ordinal)
    {
        "SYNTAX_ERROR", "INVALID_OPERATION", "INVALID_OPERATION_NAME", "NO_OPERATION", "NO_OPERATION_NAME",
        "DOCUMENT_NOT_FOUND", "DOCUMENT_ID_INVALID", "DOCUMENT_ID_MISSING", "INVALID_REQUEST",
        QueryAndDocumentId, TrustedDocumentRequired, DocumentTooLong, KnownOperationTypes.Code,
    };

    private static readonly string[] SimpleContentTypes = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];

    private readonly IValidationRule _costRule = QueryCost.CreateRule(limits, paging);

    /// <summary>The rules a document is validated with the first time: the operation types, GraphQL's own and the cost.</summary>
    public IEnumerable<IValidationRule> ValidationRules => DocumentValidator.CoreRules.Prepend(KnownOperationTypes.Instance).Append(_costRule);

    /// <summary>
    /// The rules a document from the <see cref="DocumentCache"/> is validated with. GraphQL's own rules and
    /// <see cref="KnownOperationTypes"/> depend on the document and the schema alone, and the document passed them
    /// when it was cached; the cost depends on page sizes that may come from variables, so it runs every time, unless
    /// the operation declares none (<see cref="CachedDocument.CostFor"/>): then no rule runs. Variables are coerced and
    /// checked against their types, and arguments parsed, by the validator whatever the rules.
    /// </summary>
    public IEnumerable<IValidationRule> CachedValidationRules => [_costRule];

    public async Task HandleAsync(HttpContext http)
    {
        if (HttpMethods.IsGet(http.Request.Method) && GraphiQLPage.IsWanted(http.Request))
        {
            await graphiql.WriteAsync(http);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        // Only a successful GET may be kept (HttpCaching marks it so); errors and answers to POST never.
        http.Response.Headers.CacheControl = HttpCaching.NoStore;
        var responseType = ChooseResponseType(http.Request);
        if (responseType is null)
        {
            await ProblemResponse.WriteAsync(http, StatusCodes.Status406NotAcceptable, "NOT_ACCEPTABLE",
                $"This endpoint answers in {GraphQLResponseMediaType} or {JsonMediaType}; send an Accept header that allows one of them.", http.RequestAborted);
            return;
        }

        if (security.RequirePreflight && CouldBeCrossSite(http.Request))
        {
            await ProblemResponse.WriteAsync(http, StatusCodes.Status400BadRequest, "PREFLIGHT_REQUIRED",
                $"A browser could send this request from another site without asking first, so it is refused. Send a '{PreflightHeader}: 1' header (or POST with Content-Type: {JsonMediaType}).",
                http.RequestAborted);
            return;
        }

        GraphQLRequest? request;
        try
        {
            request = Check(HttpMethods.IsGet(http.Request.Method) ? ReadQueryString(http.Request) : await ReadBodyAsync(http));
        }
        catch (RequestException ex)
        {
            await ProblemResponse.WriteAsync(http, ex.StatusCode, ex.Code, ex.Message, http.RequestAborted);
            return;
        }

        if (Refuse(request) is { } refusal)
        {
            await WriteResultAsync(http, responseType, new ExecutionResult(refusal), request, started);
            return;
        }

        Cacheable? cacheable = null;
        if (HttpMethods.IsGet(http.Request.Method) && caching.Enabled && caching.Version is { } version)
        {
            cacheable = new Cacheable(HttpCaching.ETagFor(http.Request, request, responseType, version), version);
            if (await TryAnswerFromCacheAsync(http, request, responseType, cacheable, started))
            {
                return;
            }
        }

        var cached = string.IsNullOrWhiteSpace(request.Query) ? null : documents.TryGet(request.Query);
        var fromCache = cached is not null;
        if (cached is null && !string.IsNullOrWhiteSpace(request.Query) && DocumentCache.TryParse(request.Query) is { } parsed)
        {
            cached = new CachedDocument(parsed);
        }

        var document = cached?.Document;
        if (HttpMethods.IsGet(http.Request.Method) && ChangesSomething(document, request))
        {
            http.Response.Headers.Allow = HttpMethods.Post;
            await ProblemResponse.WriteAsync(http, StatusCodes.Status405MethodNotAllowed, QueriesOnlyOverGet.Code,
                "Only queries may be sent with GET; send mutations with POST.", http.RequestAborted);
            return;
        }

        if (cached is not null && cached.ShapeFor(request.OperationName).Check(limits) is { } tooBig)
        {
            await WriteResultAsync(http, responseType, new ExecutionResult(tooBig), request, started);
            return;
        }

        var knownCost = fromCache ? cached!.CostFor(request.OperationName) : null;
        ExecutionResult result;
        using var budget = new RequestBudget(limits, http.RequestAborted);
        var userContext = new Dictionary<string, object?>
        {
            [RequestBudget.UserContextKey] = budget,
            [Relay.ResolveFieldContextExtensions.ReaderKey] = http.RequestServices.GetRequiredService<Loading.GraphReader>(),
        };
        try
        {
            result = await executer.ExecuteAsync(options =>
            {
                options.Query = request.Query;
                options.Document = document;
                options.DocumentId = request.DocumentId;
                options.OperationName = request.OperationName;
                options.Variables = request.Variables;
                options.Extensions = request.Extensions;
                options.UserContext = userContext;
                options.RequestServices = http.RequestServices;
                // The budget's token ends the operation at the request's deadline, past the cost limit, or when the
                // client has gone; the deadline also covers serialising the answer (WriteResultAsync).
                options.CancellationToken = budget.Stop;
                options.UnhandledExceptionDelegate = context =>
                {
                    // Once the operation is cancelled (timeout, or the client gone), a failure is the cancellation's: a
                    // SQLite statement stopped mid-run fails with the store's own error, not OperationCanceledException.
                    context.Context?.CancellationToken.ThrowIfCancellationRequested();
                    LogResolverFailure(logger, context.OriginalException, context.FieldContext?.FieldDefinition.Name);
                    return Task.CompletedTask;
                };
                options.ValidationRules = !fromCache ? ValidationRules : knownCost is null ? CachedValidationRules : [];
            });
        }
        catch (OperationCanceledException) when (budget.Stop.IsCancellationRequested)
        {
            if (http.RequestAborted.IsCancellationRequested)
            {
                // The client has gone; the cancellation has stopped the work, and nobody is left to answer.
                return;
            }

            result = new ExecutionResult(budget.Exceeded ?? new TimeoutError());
        }

        // Executed means the document passed validation; only such documents are cached.
        if (!fromCache && cached is not null && result.Executed)
        {
            documents.Add(request.Query!, cached);
        }

        if (knownCost is { } known)
        {
            userContext[QueryCost.UserContextKey] = known;
        }
        else if (cached is not null && result.Executed && userContext.TryGetValue(QueryCost.UserContextKey, out var computed) && computed is long cost)
        {
            cached.RememberCost(request.OperationName, cost);
        }

        if (request.Extensions?.TryGetValue(CostExtension, out var wanted) == true && wanted is true
            && userContext.TryGetValue(QueryCost.UserContextKey, out var requested))
        {
            (result.Extensions ??= [])[CostExtension] = new Dictionary<string, object?> { ["requestedQueryCost"] = requested, ["maximumAllowed"] = limits.MaxCost };
        }

        FieldErrors.KeepOnePerFault(result);
        await WriteResultAsync(http, responseType, result, request, started, budget, cacheable);
    }

    /// <summary>
    /// A GET whose ETag the client holds gets 304, and one of a registered document whose answer is in memory gets it
    /// from there: either way nothing runs, and the store is asked for its data version only.
    /// </summary>
    private async Task<bool> TryAnswerFromCacheAsync(HttpContext http, GraphQLRequest request, string responseType, Cacheable cacheable, long started)
    {
        if (HttpCaching.Matches(http.Request, cacheable.ETag))
        {
            caching.MarkCacheable(http.Response, cacheable.ETag);
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            Log(http, request, request.OperationName, started, null);
            return true;
        }

        if (request.DocumentId is null || caching.Answers.TryGet(cacheable.Version, cacheable.ETag) is not { } answer)
        {
            return false;
        }

        caching.MarkCacheable(http.Response, cacheable.ETag);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = answer.ContentType;
        http.Response.ContentLength = answer.Body.Length;
        await http.Response.Body.WriteAsync(answer.Body, http.RequestAborted);
        Log(http, request, answer.OperationName, started, null);
        return true;
    }

    /// <summary>
    /// Whether the operation a GET chose is a mutation or subscription: from its query, or for a documentId from the
    /// registered document's text, which GraphQL.NET would otherwise load only to execute it.
    /// </summary>
    private bool ChangesSomething(GraphQLDocument? document, GraphQLRequest request)
    {
        if (document is null && request.DocumentId is { } id && trustedDocuments.Find(id) is { } text)
        {
            document = DocumentCache.TryParse(text);
        }

        return document is not null && QueriesOnlyOverGet.ChangesSomething(document, request.OperationName);
    }

    private async Task WriteResultAsync(HttpContext http, string responseType, ExecutionResult result, GraphQLRequest request, long started,
        RequestBudget? budget = null, Cacheable? cacheable = null)
    {
        // The answer is written to a buffer first: one past Limits:MaxResponseBytes, or past the deadline, is then
        // replaced by its error instead of being cut off after a 200 has gone out. An answer that already says the
        // deadline or the cost limit has passed is written without the deadline.
        var stop = budget?.Stop is { IsCancellationRequested: false } deadline ? deadline : http.RequestAborted;
        using var answer = new ResponseBuffer(limits.MaxResponseBytes);
        try
        {
            serializer.Write(answer, result, stop);
        }
        catch (Exception ex) when (ex is ResponseBuffer.TooLargeException
            || (ex is OperationCanceledException && !http.RequestAborted.IsCancellationRequested))
        {
            result = new ExecutionResult(ex is ResponseBuffer.TooLargeException
                ? new ExecutionError($"The answer is larger than {limits.MaxResponseBytes:N0} bytes (Limits:MaxResponseBytes). Ask for smaller pages ('first'), fewer nested lists or fewer fields.")
                {
                    Code = ResponseBuffer.TooLargeCode,
                }
                : new TimeoutError());
            answer.Clear();
            stop = http.RequestAborted;
            serializer.Write(answer, result, stop);
        }

        http.Response.ContentType = $"{responseType}; charset=utf-8";
        http.Response.StatusCode = StatusFor(result, responseType);
        if (cacheable is not null && http.Response.StatusCode == StatusCodes.Status200OK && result.Executed && result.Errors is not { Count: > 0 })
        {
            // Only a whole answer without errors is kept: an error may be the moment's (a timeout, a failure inside).
            caching.MarkCacheable(http.Response, cacheable.ETag);
            if (request.DocumentId is not null)
            {
                caching.Answers.Add(cacheable.Version,
                    new CachedAnswer(cacheable.ETag, http.Response.ContentType, result.Operation?.Name?.StringValue ?? request.OperationName, answer.ToArray()));
            }
        }

        // The answer is whole by now, so the deadline no longer applies: an answer the server finished is sent even if
        // the machine was slow to send it. A client too slow to read it is Kestrel's to drop (its minimum data rate).
        http.Response.ContentLength = answer.Length;
        await answer.WriteToAsync(http.Response.Body, http.RequestAborted);

        Log(http, request, result.Operation?.Name?.StringValue ?? request.OperationName, started, result);
    }

    private void Log(HttpContext http, GraphQLRequest request, string? operationName, long started, ExecutionResult? result)
    {
        var statements = http.RequestServices.GetRequiredService<SqlStatementCounter>();
        requestLog.Answered(
            operationName,
            request.DocumentId,
            http.Response.StatusCode,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            statements.Count,
            statements.StoreTime.TotalMilliseconds,
            result?.Errors?.Count ?? 0,
            result?.Errors?.FirstOrDefault()?.Code,
            http.Connection.RemoteIpAddress?.ToString());
    }

    /// <summary>
    /// A GraphQL response's status: 200 whenever there is data (even null after field errors); before execution,
    /// 400 for what cannot be read or run at all (syntax, a document that fails GraphQL's validation, an operation
    /// not found or of a type the schema lacks, variables that cannot be coerced to their types, trusted-document
    /// errors, the endpoint's refusals), 422 for a document that passes the server's limits, 503 for a timeout; application/json clients (legacy) always get 200. A mutation over GET
    /// is 405 under either media type.
    /// </summary>
    private static int StatusFor(ExecutionResult result, string responseType)
    {
        if (responseType == JsonMediaType || result.Executed)
        {
            return StatusCodes.Status200OK;
        }

        var first = result.Errors?.FirstOrDefault();
        return first switch
        {
            TimeoutError => StatusCodes.Status503ServiceUnavailable,
            // The spec: a document that fails GraphQL's validation, or whose variables cannot be coerced to their
            // types, SHOULD be 400. The server's own limits (depth and cost here, the document's shape before) are 422.
            ValidationError { Code: not (QueryCost.DepthExceeded or QueryCost.CostExceeded) } => StatusCodes.Status400BadRequest,
            _ when first?.Code is { } code && RequestErrorCodes.Contains(code) => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status422UnprocessableEntity,
        };
    }

    private static string? ChooseResponseType(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0)
        {
            // The spec: a request without Accept SHOULD be treated as application/json, as legacy clients expect.
            return JsonMediaType;
        }

        foreach (var type in accept.Where(a => a.Quality is not 0).OrderByDescending(a => a.Quality ?? 1))
        {
            if (type.Charset.HasValue && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (type.MediaType.Equals(GraphQLResponseMediaType, StringComparison.OrdinalIgnoreCase)
                || type.MediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase))
            {
                return GraphQLResponseMediaType;
            }

            // The spec: */* (what legacy clients and most HTTP libraries send) SHOULD get application/json.
            if (type.MediaType.Equals(JsonMediaType, StringComparison.OrdinalIgnoreCase)
                || type.MediaType.Equals("*/*", StringComparison.OrdinalIgnoreCase))
            {
                return JsonMediaType;
            }
        }

        return null;
    }

    /// <summary>
    /// A request a browser sends cross-site without a preflight: GET or POST, no custom header, and no
    /// Content-Type or a form or text one. POST bodies other than JSON are refused later anyway (415).
    /// </summary>
    private static bool CouldBeCrossSite(HttpRequest request)
    {
        if (request.Headers.ContainsKey(PreflightHeader))
        {
            return false;
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType))
        {
            return true;
        }

        return SimpleContentTypes.Any(t => contentType.MediaType.Equals(t, StringComparison.OrdinalIgnoreCase));
    }

    private static GraphQLRequest Check(GraphQLRequest? request)
    {
        if (request is null || (string.IsNullOrWhiteSpace(request.Query) && string.IsNullOrWhiteSpace(request.DocumentId)))
        {
            throw new RequestException(StatusCodes.Status400BadRequest, "QUERY_MISSING",
                "The request has no GraphQL document: send {\"query\": \"...\"} (or a registered {\"documentId\": \"sha256:...\"}) as JSON, or ?query=... on a GET.");
        }

        return request;
    }

    /// <summary>
    /// The endpoint's refusals of a well-formed request, before GraphQL runs: GraphQL request errors, so that they
    /// are answered in the negotiated media type like GraphQL's own (400, or 200 under application/json).
    /// </summary>
    private ExecutionError? Refuse(GraphQLRequest request)
    {
        if (!string.IsNullOrWhiteSpace(request.Query) && !string.IsNullOrWhiteSpace(request.DocumentId))
        {
            return new ExecutionError("The request has both a query and a documentId; send one of them.") { Code = QueryAndDocumentId };
        }

        if (trusted.OnlyTrusted && !string.IsNullOrWhiteSpace(request.Query))
        {
            return new ExecutionError("This server runs registered documents only: send {\"documentId\": \"sha256:<hex>\"} instead of the query (GET /graphql/documents lists them).")
            {
                Code = TrustedDocumentRequired,
            };
        }

        if (request.Query is { Length: var length } && length > limits.MaxDocumentLength)
        {
            return new ExecutionError($"The document is {length} characters long; at most {limits.MaxDocumentLength} are allowed. Split it into several requests.")
            {
                Code = DocumentTooLong,
            };
        }

        return null;
    }

    private GraphQLRequest ReadQueryString(HttpRequest request)
    {
        var query = request.Query;
        return new GraphQLRequest
        {
            Query = NullIfEmpty(query["query"].ToString()),
            DocumentId = NullIfEmpty(query["documentId"].ToString()),
            // The spec: an empty operationName is the same as none.
            OperationName = NullIfEmpty(query["operationName"].ToString()),
            Variables = ParseJson<Inputs>(query["variables"].ToString(), "variables"),
            Extensions = ParseJson<Inputs>(query["extensions"].ToString(), "extensions"),
        };

        static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
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
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new RequestException(StatusCodes.Status400BadRequest, "INVALID_JSON",
                $"The '{parameter}' parameter is not a JSON object; send it URL-encoded, e.g. {parameter}=%7B%22id%22%3A%221%22%7D.");
        }
    }

    private async Task<GraphQLRequest?> ReadBodyAsync(HttpContext http)
    {
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals(JsonMediaType, StringComparison.OrdinalIgnoreCase))
        {
            throw new RequestException(StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE",
                $"POST a JSON body with Content-Type: {JsonMediaType}.");
        }

        if (contentType.Charset.HasValue && !contentType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            throw new RequestException(StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE",
                $"The body must be UTF-8; send Content-Type: {JsonMediaType} (or with charset=utf-8), not charset={contentType.Charset}.");
        }

        if (http.Request.ContentLength > limits.MaxRequestBytes)
        {
            throw TooLarge();
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limits.MaxRequestBytes;
        }

        try
        {
            return await serializer.ReadAsync<GraphQLRequest>(http.Request.Body, http.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new RequestException(StatusCodes.Status400BadRequest, "INVALID_JSON",
                ex is JsonException { LineNumber: { } line, BytePositionInLine: { } position }
                    ? $"The request body is not a valid GraphQL request in JSON (line {line + 1}, byte {position + 1}); send {{\"query\": \"...\", \"variables\": {{...}}}}."
                    : "The request body is not a valid GraphQL request in JSON; send {\"query\": \"...\", \"variables\": {...}}.");
        }

        RequestException TooLarge() => new(StatusCodes.Status413PayloadTooLarge, "REQUEST_TOO_LARGE",
            $"The request body is larger than {limits.MaxRequestBytes} bytes; send a shorter document or fewer variables.");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A resolver failed on field {Field}.")]
    private static partial void LogResolverFailure(ILogger logger, Exception exception, string? field);

    /// <summary>A GET whose answer may be kept: its ETag, and the data version it was computed at.</summary>
    private sealed record Cacheable(string ETag, StoreVersion Version);

    private sealed class RequestException(int statusCode, string code, string message) : Exception(message)
    {
        public int StatusCode { get; } = statusCode;

        public string Code { get; } = code;
    }
}
