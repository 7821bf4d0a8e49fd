using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Store;
using SocialEconomy.Graph.Synthetic;

namespace SocialEconomy.Ingest.Commands;

/// <summary>ingest generate --nodes N --seed S: generates a synthetic load-test graph and merges it into the store, all or nothing.</summary>
public sealed class GenerateCommand : Command
{
    public GenerateCommand(StoreSelection store, TextWriter output, TextWriter error)
        : base("generate", "Generate a synthetic graph for load tests (deterministic from the seed) and merge it into an empty or synthetic-only store.")
    {
        var nodes = new Option<int>("--nodes")
        {
            Description = $"About how many nodes to generate, from {SyntheticGraph.MinNodes:N0} to {SyntheticGraph.MaxNodes:N0}; about ten relationships each.",
            Required = true,
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the generator; the same seed and size give the same graph.", DefaultValueFactory = _ => 1 };
        Options.Add(nodes);
        Options.Add(seed);
        SetAction(async (parseResult, cancellationToken) =>
        {
            var size = parseResult.GetValue(nodes);
            var seedValue = parseResult.GetValue(seed);
            if (size is < SyntheticGraph.MinNodes or > SyntheticGraph.MaxNodes)
            {
                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"error: --nodes {size} is out of range; give a size from {SyntheticGraph.MinNodes:N0} to {SyntheticGraph.MaxNodes:N0}, e.g. --nodes 10000."));
                return ExitCodes.Usage;
            }

            var clock = Stopwatch.StartNew();
            var batch = SyntheticGraph.Generate(size, seedValue);
            var generated = clock.Elapsed;

            return await store.WriteAsync(parseResult, error, "loading", async (services, db, target) =>
            {
                if (await HoldsOtherDataAsync(db, cancellationToken) is { } origin)
                {
                    await error.WriteLineAsync(
                        $"error: {target} already holds records from the '{origin}' dataset; synthetic data is for load tests only and must not be mixed with real data. " +
                        "Generate into a new, empty store instead, e.g. --connection \"Data Source=synthetic.db\".");
                    return ExitCodes.Usage;
                }

                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Loading {batch.NodeCount} synthetic records and {batch.Relationships.Count} relationships (seed {seedValue}, generated in {generated.TotalSeconds:F1} s) into {target}..."));
                clock.Restart();
                var summary = await services.GetRequiredService<GraphLoader>().LoadAsync(batch, new LineProgress(output), cancellationToken);
                await output.WriteLineAsync(summary.ToTable());
                await output.WriteLineAsync(summary.ChangedAnything
                    ? string.Create(CultureInfo.InvariantCulture, $"Loaded in {clock.Elapsed.TotalSeconds:F1} s.")
                    : "Nothing to change: the store already holds these records.");
                return ExitCodes.Success;
            }, cancellationToken);
        });
    }

    /// <summary>The origin of some record not generated here, or null when the store holds synthetic data only.</summary>
    private static async Task<string?> HoldsOtherDataAsync(GraphDbContext db, CancellationToken cancellationToken)
    {
        const string synthetic = GraphOrigins.Synthetic;
        return await db.Organisations.Where(n => n.Origin != synthetic).Select(n => n.Origin).FirstOrDefaultAsync(cancellationToken)
            ?? await db.Models.Where(n => n.Origin != synthetic).Select(n => n.Origin).FirstOrDefaultAsync(cancellationToken)
            ?? await db.Evidence.Where(n => n.Origin != synthetic).Select(n => n.Origin).FirstOrDefaultAsync(cancellationToken)
            ?? await db.Funders.Where(n => n.Origin != synthetic).Select(n => n.Origin).FirstOrDefaultAsync(cancellationToken)
            ?? await db.ChallengeAreas.Where(n => n.Origin != synthetic).Select(n => n.Origin).FirstOrDefaultAsync(cancellationToken)
            ?? await db.Outcomes.Where(n => n.Origin != synthetic).Select(n => n.Origin).FirstOrDefaultAsync(cancellationToken)
            ?? await db.Sources.Where(n => n.Origin != synthetic).Select(n => n.Origin).FirstOrDefaultAsync(cancellationToken);
    }
}
