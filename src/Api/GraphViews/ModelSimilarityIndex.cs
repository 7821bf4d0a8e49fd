using System.Diagnostics;
using GraphQL;
using SocialEconomy.Graph.Similarity;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Api.GraphViews;

/// <summary>
/// The in-memory projection comparableModels scores against (<see cref="ModelSimilarityProjection"/>), kept as fresh as
/// the store: every request reads the store's <see cref="StoreVersion"/> (one cheap statement) and the projection is
/// built again when a load has committed since. Requests arriving during a build wait for that same build; a build
/// runs on its own, so a request that gives up does not cancel it for the others, and it is cancelled when it takes
/// longer than GraphViews:ComparableModelsBuildSeconds or the host stops.
/// </summary>
public sealed partial class ModelSimilarityIndex(
    IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, IConfiguration configuration, ILogger<ModelSimilarityIndex> logger)
{
    private readonly Lock _lock = new();
    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(
        (configuration.GetSection(GraphViewOptions.Section).Get<GraphViewOptions>() ?? new GraphViewOptions()).ComparableModelsBuildSeconds);

    private ModelSimilarityProjection? _current;
    private long _currentBuild;
    private Build? _building;
    private long _builds;

    /// <summary>The projection of the store as <paramref name="db"/> sees it now, or of a later state.</summary>
    internal async Task<ModelSimilarityProjection> GetAsync(GraphDbContext db, CancellationToken cancellationToken)
    {
        var version = await StoreVersion.ReadAsync(db, cancellationToken);
        if (Volatile.Read(ref _current) is { } current && current.Version == version)
        {
            return current;
        }

        // A build already running may have begun before the load this request sees committed; if it read an older
        // version, the next build (begun after this request read its version) is at least as new.
        var build = Join(null);
        var projection = await WaitAsync(build, cancellationToken);
        return projection.Version == version ? projection : await WaitAsync(Join(build), cancellationToken);
    }

    /// <summary>The build running now, unless it is <paramref name="stale"/>; else a new one.</summary>
    private Build Join(Build? stale)
    {
        lock (_lock)
        {
            if (_building is { } running && running != stale)
            {
                return running;
            }

            var cancel = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
            cancel.CancelAfter(_timeout);
            var build = new Build(++_builds, cancel);
            _building = build;
            build.Task = Task.Run(() => RunAsync(build), CancellationToken.None);
            return build;
        }
    }

    private async Task<ModelSimilarityProjection> RunAsync(Build build)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
            var (projection, read) = await ModelSimilarityProjection.BuildAsync(db, build.Cancel.Token);
            lock (_lock)
            {
                if (build.Number > _currentBuild)
                {
                    _currentBuild = build.Number;
                    Volatile.Write(ref _current, projection);
                }
            }

            LogBuilt(logger, clock.Elapsed.TotalSeconds, read, projection.ToString(), projection.Version.Loads, projection.Version.LastLoadId);
            return projection;
        }
        catch (OperationCanceledException) when (build.Cancel.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested)
        {
            LogTimedOut(logger, _timeout.TotalSeconds);
            throw new ExecutionError($"comparableModels could not read the graph within {_timeout.TotalSeconds:0} s (GraphViews:ComparableModelsBuildSeconds); "
                + "try again later, or raise that bound for a graph this large.") { Code = BuildTimedOut };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex, clock.Elapsed.TotalSeconds);
            throw;
        }
        finally
        {
            lock (_lock)
            {
                if (_building == build)
                {
                    _building = null;
                }
            }

            build.Cancel.Dispose();
        }
    }

    private static async Task<ModelSimilarityProjection> WaitAsync(Build build, CancellationToken cancellationToken) =>
        await build.Task!.WaitAsync(cancellationToken);

    public const string BuildTimedOut = "COMPARISON_UNAVAILABLE";

    private sealed class Build(long number, CancellationTokenSource cancel)
    {
        public long Number { get; } = number;

        public CancellationTokenSource Cancel { get; } = cancel;

        public Task<ModelSimilarityProjection>? Task { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "comparableModels read the graph into memory in {Seconds:F2} s: {Relationships} relationships read; {Projection} (store version {Loads}/{LastLoadId}).")]
    private static partial void LogBuilt(ILogger logger, double seconds, long relationships, string projection, long loads, long lastLoadId);

    [LoggerMessage(Level = LogLevel.Error, Message = "comparableModels failed to read the graph into memory after {Seconds:F2} s; the next request tries again.")]
    private static partial void LogFailed(ILogger logger, Exception exception, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "comparableModels gave up reading the graph into memory after {Seconds} s (GraphViews:ComparableModelsBuildSeconds).")]
    private static partial void LogTimedOut(ILogger logger, double seconds);
}
