using GraphQL;
using GraphQL.Execution;

namespace SocialEconomy.Api.Endpoint;

/// <summary>
/// Every error leaves with a stable extensions.code, and outside Development nothing of the server's inside:
/// no exception messages or types, stack traces, SQL or paths. An unexpected failure becomes
/// INTERNAL_SERVER_ERROR, whatever exception (SqliteException, NpgsqlException, ...) caused it, so that the code
/// does not depend on the store either.
/// </summary>
public sealed class HygienicErrorInfoProvider(bool exposeDetails) : ErrorInfoProvider(new ErrorInfoProviderOptions
{
    ExposeExceptionDetails = exposeDetails,
    // "codes" lists the codes of inner exceptions, named after their types.
    ExposeCodes = exposeDetails,
    ExposeData = exposeDetails,
})
{
    public const string InternalError = "INTERNAL_SERVER_ERROR";
    public const string UnknownError = "GRAPHQL_ERROR";

    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        var info = base.GetInfo(executionError);
        var extensions = info.Extensions ?? new Dictionary<string, object?>();
        if (executionError is UnhandledError && !exposeDetails)
        {
            // The message names the field only ("Error trying to resolve field 'x'."); the exception is logged.
            extensions["code"] = InternalError;
            // The error's own code is named after the exception (OVERFLOW, SQLITE, ...), which the client never
            // sees; the request log, written after the answer, reads the error's code and must name the same one.
            executionError.Code = InternalError;
        }
        else if (!extensions.TryGetValue("code", out var code) || code is not string { Length: > 0 })
        {
            extensions["code"] = UnknownError;
            executionError.Code = UnknownError;
        }

        info.Extensions = extensions;
        return info;
    }
}
