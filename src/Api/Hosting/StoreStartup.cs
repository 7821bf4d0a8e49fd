using Microsoft.EntityFrameworkCore;
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
        if (store.MigrateOnStart)
        {
            await db.MigrateGraphAsync(cancellationToken);
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

        var summary = await scope.ServiceProvider.GetRequiredService<GraphLoader>().LoadAsync(batch, cancellationToken);
        LogSeeded(logger, directory, summary.Added);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store is empty and no seed-data folder was found; set Seed:Directory to load one.")]
    private static partial void LogNoSeedData(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded the seed data from {Directory} into the empty store: {Added} records and relationships.")]
    private static partial void LogSeeded(ILogger logger, string directory, int added);
}
