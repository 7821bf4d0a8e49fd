using System.Data.Common;
using SocialEconomy.Api.Hosting;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Api.Caching;

/// <summary>
/// The store's data version (the latest StoreLoads row), read by a loop every HttpCaching:VersionCheckMilliseconds
/// rather than by each request: a 304, or an answer from the answer cache, then costs no statement at all, and a load
/// by any process, the ingest tool included, shows in every ETag within one interval. The first read happens before
/// the API takes requests (after the store's start-up, which registers first).
/// </summary>
public sealed partial class DataVersionMonitor(IServiceScopeFactory scopes, HttpCachingOptions options, ILogger<DataVersionMonitor> logger) : BackgroundService
{
    private volatile StoreVersion? _current;

    /// <summary>The version last read; null while the store cannot say, when GET answers carry no ETag.</summary>
    public StoreVersion? Current => _current;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(TimeSpan.FromMilliseconds(Math.Max(10, options.VersionCheckMilliseconds)), RefreshAsync, stoppingToken);

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var scope = scopes.CreateScope();
            _current = await StoreVersion.ReadAsync(scope.ServiceProvider.GetRequiredService<GraphDbContext>(), cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
        {
            // Requests meet the store's failure themselves and report it; until it answers again, nothing is cached.
            _current = null;
            LogVersionUnreadable(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store's data version could not be read, so GET answers carry no ETag until it can.")]
    private static partial void LogVersionUnreadable(ILogger logger, Exception exception);
}
