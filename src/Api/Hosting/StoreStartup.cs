using Microsoft.EntityFrameworkCore;
using SocialEconomy.Graph.Importing;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Api.Hosting;

/// <summary>
/// Before the API takes requests: creates or upgrades the store (unless turned off) and loads the curated seed
/// data into an empty store. A failure here stops the host with a message saying what to fix.
/// </summary>
public sealed partial class StoreStartup(IServiceProvider services, StoreOptions store, SeedOptions seed, ILogger<StoreStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
        // Migrating, and deciding whether the store is empty before loading it, are the primary's business.
        db.UsePrimary(store);
        if (store.MigrateOnStart)
        {
            await db.MigrateGraphAsync(cancellationToken, TimeSpan.FromSeconds(store.LoadWaitSeconds));
        }

        if (!seed.LoadWhenEmpty || await db.Sources.AnyAsync(cancellationToken) || await db.Models.AnyAsync(cancellationToken))
        {
            return;
        }

        var directory = seed.Resolve();
        if (directory is null)
        {
            LogNoSeedData(logger);
            return;
        }

        GraphBatch batch;
        try
        {
            batch = SeedDataReader.ReadDirectory(directory);
        }
        catch (SeedDataException ex)
        {
            throw new InvalidOperationException(
                $"The seed data in {directory} is invalid, so the store was left empty:{Environment.NewLine}"
                + string.Join(Environment.NewLine, ex.Errors) + $"{Environment.NewLine}Fix the files (check them with: dotnet run --project src/Ingest -- validate {directory}).");
        }

        var loader = scope.ServiceProvider.GetRequiredService<GraphLoader>();
        var summary = await loader.LoadAsync(batch, cancellationToken);
        LogSeeded(logger, directory, summary.Added);
        if (seed.LoadOpenData)
        {
            await LoadOpenDataAsync(db, loader, directory, cancellationToken);
        }
    }

    /// <summary>The open datasets the seed-data folder names (open/open-data.json) whose publishers' files are there.</summary>
    private async Task LoadOpenDataAsync(GraphDbContext db, GraphLoader loader, string directory, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var loads = await OpenData.LoadAsync(db, loader, directory, new Progress(logger), cancellationToken);
            if (loads.Any(l => l.Summary is not null))
            {
                LogOpenDataLoaded(logger, loads.Count(l => l.Summary is not null), clock.Elapsed.TotalSeconds);
            }
        }
        catch (Exception ex) when (ex is ImportException or SeedDataException or InvalidDataException or IOException or System.Text.Json.JsonException)
        {
            // The curated seed is loaded; an open dataset that cannot be read is left out, and the next start does not retry it.
            LogOpenDataFailed(logger, ex, directory);
        }
    }

    /// <summary>Progress of the open-data load, as log lines.</summary>
    private sealed class Progress(ILogger logger) : IProgress<string>
    {
        public void Report(string value) => LogOpenDataProgress(logger, value);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Open data: {Message}")]
    private static partial void LogOpenDataProgress(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} open datasets after the seed data in {Seconds:F1} s.")]
    private static partial void LogOpenDataLoaded(ILogger logger, int count, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "An open dataset named in {Directory}/open/open-data.json could not be read, so it was left out; the seed data is loaded. Check the files with 'ingest import'.")]
    private static partial void LogOpenDataFailed(ILogger logger, Exception exception, string directory);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store is empty and no seed-data folder was found; set Seed:Directory to load one.")]
    private static partial void LogNoSeedData(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded the seed data from {Directory} into the empty store: {Added} records and relationships.")]
    private static partial void LogSeeded(ILogger logger, string directory, int added);
}
