namespace SocialEconomy.Api.Operations;

/// <summary>
/// One structured entry per GraphQL request, under the category "SocialEconomy.Api.Requests" so that it can be
/// turned on or off alone (Logging:LogLevel:SocialEconomy.Api.Requests).
/// </summary>
public sealed partial class RequestLog(ILoggerFactory loggers)
{
    public const string Category = "SocialEconomy.Api.Requests";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    /// <param name="client">The caller's address: the sender's, or behind a proxy of Security:TrustedProxies the one it forwards.</param>
    public void Answered(string? operationName, string? documentId, int status, double durationMs, int sqlStatements, double storeMs, int errors, string? firstErrorCode, string? client) =>
        LogAnswered(_logger, operationName ?? "(anonymous)", documentId, status, durationMs, sqlStatements, storeMs, errors, firstErrorCode, client ?? "unknown");

    /// <remarks>StoreMs: the statements' time from start to end, their rows' reading included (see SqlStatementCounter.StoreTime).</remarks>
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "GraphQL {OperationName} answered {StatusCode} in {DurationMs:0.0} ms with {SqlStatements} SQL statements taking {StoreMs:0.0} ms and {ErrorCount} errors (first: {ErrorCode}; document {DocumentId}; client {ClientAddress}).")]
    private static partial void LogAnswered(
        ILogger logger, string operationName, string? documentId, int statusCode, double durationMs, int sqlStatements, double storeMs, int errorCount, string? errorCode, string clientAddress);
}
