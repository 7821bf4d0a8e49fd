using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Crosswalks;
using SocialEconomy.Graph.Importing;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Places;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Ingest.Commands;

/// <summary>ingest import &lt;dataset&gt;|dump: reads an open dataset in its publisher's format and merges it into the store.</summary>
public sealed class ImportCommand : Command
{
    public ImportCommand(StoreSelection store, TextWriter output, TextWriter error)
        : base("import", "Import an open dataset, matching its organisations to those already in the store.")
    {
        // The open datasets, each a subcommand in this order, before 'dump'.
        foreach (var dataset in DatasetImporters.All)
        {
            Subcommands.Add(dataset.Layout == DatasetLayout.Directory
                ? DatasetCommand<DirectoryInfo>(dataset, "directory", store, output, error)
                : DatasetCommand<FileInfo>(dataset, "file", store, output, error));
        }

        Subcommands.Add(new ImportDumpCommand(store, output, error));
    }

    private static Command DatasetCommand<TPath>(IDatasetImporter dataset, string pathName, StoreSelection store, TextWriter output, TextWriter error)
        where TPath : FileSystemInfo
    {
        var path = new Argument<TPath>(pathName) { Description = dataset.PathDescription };
        var command = new Command(dataset.Name, dataset.Description) { path };
        var country = dataset.CountryDescription is { } countryHelp ? new Option<string?>("--country") { Description = countryHelp } : null;
        if (country is not null)
        {
            command.Options.Add(country);
        }

        command.Options.Add(SkipInvalid);
        command.Options.Add(Report);
        command.Options.Add(SeedData);
        command.SetAction((parseResult, cancellationToken) => new ImportRun(store, output, error, parseResult).RunAsync(
            options => dataset.Read(parseResult.GetValue(path)!.FullName, options with { Country = country is null ? null : parseResult.GetValue(country) }),
            cancellationToken));
        return command;
    }

    internal static Option<bool> SkipInvalid { get; } = new("--skip-invalid")
    {
        Description = "Import the valid rows and list every invalid one, instead of stopping with nothing written.",
    };

    internal static Option<DirectoryInfo?> SeedData { get; } = new("--seed-data")
    {
        Description = "The seed-data folder whose crosswalks map the dataset onto the challenge areas and outcomes (default: the nearest 'seed-data' folder above the working directory).",
    };

    internal static Option<FileInfo?> Report { get; } = new("--report")
    {
        Description = "Write every match, ambiguity, conflict and skipped row to this file (Markdown).",
    };

    /// <summary>One import: read, resolve against the store, load, report.</summary>
    private sealed class ImportRun(StoreSelection store, TextWriter output, TextWriter error, ParseResult parseResult)
    {
        private const int ListedOnScreen = 20;

        public async Task<int> RunAsync(Func<ImportOptions, ImportResult> read, CancellationToken cancellationToken)
        {
            ImportResult result;
            try
            {
                var seedData = parseResult.GetValue(SeedData)?.FullName ?? SeedDataFolder.Nearest();
                var crosswalks = seedData is null ? CrosswalkSet.None : CrosswalkSet.Load(seedData);
                if (crosswalks.All.Count == 0)
                {
                    await error.WriteLineAsync("warning: no crosswalks found (no seed-data folder, or none in it): nothing will be linked to the challenge areas or outcomes; give --seed-data.");
                }

                var postcodeAreas = seedData is null ? PostcodeAreas.None : PostcodeAreas.Load(seedData);
                result = read(new ImportOptions(
                    SkipInvalid: parseResult.GetValue(SkipInvalid), Progress: new LineProgress(output), Crosswalks: crosswalks, PostcodeAreas: postcodeAreas));
            }
            catch (SeedDataException ex)
            {
                await SeedDataErrors.ReportAsync(error, ex);
                return ExitCodes.InvalidInput;
            }
            catch (ImportException ex)
            {
                foreach (var problem in ex.Errors)
                {
                    await error.WriteLineAsync($"error: {problem}");
                }

                await error.WriteLineAsync(ex.Message);
                return ExitCodes.InvalidInput;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.InvalidInput;
            }

            return await store.WriteAsync(parseResult, error, "importing", async (services, db, target) =>
            {
                await output.WriteLineAsync($"Loading {result.Batch.NodeCount} records and {result.Batch.Relationships.Count} relationships into {target}...");
                var (resolution, summary, leftOut) = await DatasetImport.LoadAsync(
                    db, services.GetRequiredService<GraphLoader>(), result, new LineProgress(output), cancellationToken);
                if (leftOut > 0)
                {
                    await error.WriteLineAsync(
                        $"warning: {leftOut} links made by crosswalks were left out: the challenge areas or outcomes they point to are not in the store. Load the seed data first (ingest load seed-data), then import again.");
                }

                await WriteListAsync($"Matched to records already in the store: {resolution.Matches.Count}", resolution.Matches);
                await WriteListAsync($"Fundings the store already holds (counted once): {resolution.Fundings.Count}", resolution.Fundings);
                await WriteListAsync($"Ambiguous, kept apart: {resolution.Ambiguous.Count}", resolution.Ambiguous);
                await WriteListAsync($"Conflicting values (stored value kept): {summary.Conflicts.Count}", summary.Conflicts);
                await WriteListAsync($"Skipped invalid rows: {result.Skipped.Count}", result.Skipped);
                var crosswalked = result.Crosswalked ?? new CrosswalkTally();
                await WriteListAsync($"Links made by crosswalk rules: {crosswalked.LinksByRule.Values.Sum()}", CrosswalkLines(crosswalked));
                await WriteListAsync($"Values no crosswalk rule covers (left unmapped): {crosswalked.Unmapped.Values.Sum(v => v.Count)}", UnmappedLines(crosswalked));
                await output.WriteLineAsync(summary.ToTable());
                await output.WriteLineAsync(summary.ChangedAnything ? "Imported." : "Nothing to change: the store already holds these records.");
                if (parseResult.GetValue(Report) is { } reportFile)
                {
                    await WriteReportAsync(reportFile.FullName, resolution, summary, result.Skipped, crosswalked, cancellationToken);
                    await output.WriteLineAsync($"Full report: {reportFile.FullName}");
                }

                return ExitCodes.Success;
            }, cancellationToken);
        }

        private static List<string> CrosswalkLines(CrosswalkTally tally) =>
            [.. tally.LinksByRule.Select(r => $"{r.Key}: {r.Value}")];

        private static List<string> UnmappedLines(CrosswalkTally tally) =>
            [.. tally.Unmapped.SelectMany(c => c.Value.Select(v => $"{c.Key}: {v.Key} ({v.Value})"))];

        private async Task WriteListAsync<T>(string heading, IReadOnlyCollection<T> items)
        {
            await output.WriteLineAsync(heading);
            foreach (var item in items.Take(ListedOnScreen))
            {
                await output.WriteLineAsync($"  {item}");
            }

            if (items.Count > ListedOnScreen)
            {
                await output.WriteLineAsync($"  ... and {items.Count - ListedOnScreen} more (see --report).");
            }
        }

        private static async Task WriteReportAsync(
            string path, ResolutionReport resolution, LoadSummary summary, IReadOnlyList<ImportError> skipped, CrosswalkTally crosswalked, CancellationToken cancellationToken)
        {
            var lines = new List<string> { "# Import report", "", "## Load", "", "```", summary.ToTable(), "```", "" };
            Section("Matched to records already in the store", resolution.Matches);
            Section("Fundings the store already holds (counted once)", resolution.Fundings);
            Section("Ambiguous, kept apart", resolution.Ambiguous);
            Section("Conflicting values (stored value kept)", summary.Conflicts);
            Section("Skipped invalid rows", skipped);
            Section("Links made by crosswalk rules (records linked, by rule)", CrosswalkLines(crosswalked));
            Section("Values no crosswalk rule covers (left unmapped; records holding each)", UnmappedLines(crosswalked));
            await File.WriteAllLinesAsync(path, lines, cancellationToken);

            void Section<T>(string heading, IEnumerable<T> items)
            {
                lines.Add($"## {heading}");
                lines.Add("");
                lines.AddRange(items.Select(i => $"- {i}"));
                lines.Add("");
            }
        }
    }
}
