using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Ingest.Commands;

/// <summary>ingest load &lt;dir&gt;: validates a seed-data directory, then merges it into the store, all or nothing.</summary>
public sealed class LoadCommand : Command
{
    public LoadCommand(StoreSelection store, TextWriter output, TextWriter error)
        : base("load", "Validate a seed-data directory and merge it into the store in one transaction; running it twice changes nothing.")
    {
        var directory = new Argument<DirectoryInfo>("directory") { Description = "The folder of seed-data *.json files, e.g. seed-data." };
        Arguments.Add(directory);
        SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(directory)!.ToString();
            GraphBatch batch;
            try
            {
                batch = SeedDataReader.ReadDirectory(path);
            }
            catch (SeedDataException ex)
            {
                await SeedDataErrors.ReportAsync(error, ex);
                return ExitCodes.InvalidInput;
            }

            return await store.WriteAsync(parseResult, error, "loading", async (services, db, target) =>
            {
                await output.WriteLineAsync($"Loading {batch.NodeCount} records and {batch.Relationships.Count} relationships from {path} into {target}...");
                var summary = await services.GetRequiredService<GraphLoader>().LoadAsync(batch, new LineProgress(output), cancellationToken);
                await output.WriteLineAsync(summary.ToTable());
                await output.WriteLineAsync(summary.ChangedAnything ? "Loaded." : "Nothing to change: the store already holds these records.");
                return ExitCodes.Success;
            }, cancellationToken);
        });
    }
}
