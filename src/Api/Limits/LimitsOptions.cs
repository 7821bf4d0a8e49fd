namespace SocialEconomy.Api.Limits;

/// <summary>
/// What one request may ask of the API. Bound from configuration section "Limits"; every limit is reported to
/// the client as an error with a stable code, so that a client can tell which limit it met.
/// </summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>Largest request body, in bytes; a larger one is refused with 413.</summary>
    public long MaxRequestBytes { get; set; } = 256 * 1024;

    /// <summary>Longest GraphQL document, in characters (DOCUMENT_TOO_LONG).</summary>
    public int MaxDocumentLength { get; set; } = 32 * 1024;

    /// <summary>Deepest nesting of fields in an operation, fragments included (MAX_DEPTH_EXCEEDED).</summary>
    public int MaxDepth { get; set; } = 15;

    /// <summary>Most field selections written in a document (MAX_FIELDS_EXCEEDED).</summary>
    public int MaxFields { get; set; } = 500;

    /// <summary>Most aliased fields in a document (MAX_ALIASES_EXCEEDED).</summary>
    public int MaxAliases { get; set; } = 50;

    /// <summary>Highest computed cost of an operation (COST_EXCEEDED); see <see cref="QueryCost"/>.</summary>
    public int MaxCost { get; set; } = 500_000;

    /// <summary>
    /// How many items the price assumes a plain list field (not a connection) returns. The price is an estimate
    /// for such lists; while the request runs, its answer may not hold more than <see cref="MaxCost"/> values
    /// (<see cref="RequestBudget"/>), so the estimate can let a request start, never let it cost more.
    /// </summary>
    public int AssumedListSize { get; set; } = 10;

    /// <summary>Most items a plain list of related records returns; a longer one is a LIST_TOO_LONG error that names its connection.</summary>
    public int MaxListSize { get; set; } = 1_000;

    /// <summary>Largest answer, in bytes of JSON; a larger one is refused whole (RESPONSE_TOO_LARGE).</summary>
    public long MaxResponseBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>
    /// Longest a request may take, in seconds, from its arrival until its answer is written; the operation is then
    /// cancelled, store queries included (TIMEOUT). 0 turns the timeout off.
    /// </summary>
    public double ExecutionTimeoutSeconds { get; set; } = 30;

    /// <summary>Requests one client (by remote address) may make per window; 0 turns rate limiting off.</summary>
    public int RateLimitPermits { get; set; } = 600;

    /// <summary>The rate-limit window, in seconds.</summary>
    public int RateLimitWindowSeconds { get; set; } = 60;
}
