using Microsoft.Extensions.Diagnostics.HealthChecks;
using SocialEconomy.Api.Hosting;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Api.Operations;

/// <summary>
/// Checks the read replicas every Store:ReplicaCheckSeconds, so reads leave a replica that stops or falls behind and
/// come back when it has caught up. The first check runs before the API takes requests.
/// </summary>
public sealed partial class ReplicaMonitor(ReadReplicaRouter router, StoreOptions options, ILogger<ReplicaMonitor> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await CheckAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(TimeSpan.FromSeconds(Math.Max(1, options.ReplicaCheckSeconds)), CheckAsync, stoppingToken);

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        var before = router.Current.Name;
        await router.CheckAsync(cancellationToken);
        var now = router.Current;
        if (now.Name != before)
        {
            LogReadsMoved(logger, before, now.Name, now.Skipped.Count == 0 ? "-" : string.Join("; ", now.Skipped));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reads move from the {From} to the {To} (skipped: {Skipped}).")]
    private static partial void LogReadsMoved(ILogger logger, string from, string to, string skipped);
}

/// <summary>
/// Part of readiness: says where reads go now and how far behind that replica is. Always healthy, since reads fall
/// back to the primary, whose own check is the store's.
/// </summary>
public sealed class ReplicaHealthCheck(ReadReplicaRouter router) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var target = router.Current;
        var data = new Dictionary<string, object>
        {
            ["readsFrom"] = target.Name,
            ["skipped"] = target.Skipped,
        };
        if (target.LagSeconds is { } lag)
        {
            data["lagSeconds"] = Math.Round(lag, 3);
        }

        var description = target.LagSeconds is { } behind
            ? FormattableString.Invariant($"Reads go to {target.Name}, {behind:F1} s behind the primary.")
            : $"Reads go to the primary{(target.Skipped.Count > 0 ? $": {string.Join("; ", target.Skipped)}" : "")}.";
        return Task.FromResult(HealthCheckResult.Healthy(description, data));
    }
}
