using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Api.Operations;

/// <summary>Ready when the store answers a query on the graph's tables: reachable and its schema created.</summary>
public sealed partial class StoreHealthCheck(GraphDbContext db, ILogger<StoreHealthCheck> logger) : IHealthCheck
{
    public const string ReadyTag = "ready";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await db.Sources.AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy("The store answers.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The reason goes to the log only: the probe's answer is public.
            LogStoreUnavailable(logger, ex);
            return HealthCheckResult.Unhealthy("The store does not answer.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readiness check: the store does not answer.")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception exception);
}
