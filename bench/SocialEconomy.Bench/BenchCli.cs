using System.CommandLine;
using System.Globalization;
using SocialEconomy.Graph.Store;
using SocialEconomy.Graph.Synthetic;

namespace SocialEconomy.Bench;

/// <summary>The benchmark's command line: one command, every option with a default, so that a bare run reproduces the table.</summary>
public static class BenchCli
{
    public const int Success = 0;
    public const int Usage = 2;
    public const int RunFailed = 3;

    public const string Reproduce = "dotnet run -c Release --project bench/SocialEconomy.Bench --";

    public static RootCommand Build(TextWriter output, TextWriter error)
    {
        var defaults = new BenchOptions();
        var scales = new Option<string>("--scales")
        {
            Description = $"Graph sizes in nodes, comma-separated, from {SyntheticGraph.MinNodes:N0} to {SyntheticGraph.MaxNodes:N0}; about ten relationships per node.",
            DefaultValueFactory = _ => "10000",
        };
        var stores = new Option<string>("--stores") { Description = "Stores, comma-separated: sqlite, postgres.", DefaultValueFactory = _ => "sqlite,postgres" };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic graphs.", DefaultValueFactory = _ => defaults.Seed };
        var iterations = new Option<int>("--iterations") { Description = "Timed calls per question and way, after the warm-up.", DefaultValueFactory = _ => defaults.Iterations };
        var warmup = new Option<int>("--warmup") { Description = "Least untimed calls before timing a question one way.", DefaultValueFactory = _ => defaults.Warmup };
        var warmupSeconds = new Option<double>("--warmup-seconds")
        {
            Description = "Least seconds of untimed calls before timing a question one way (the JIT compiler optimises hot code after thousands of calls).",
            DefaultValueFactory = _ => defaults.WarmupSeconds,
        };
        var apiWarmupSeconds = new Option<double>("--api-warmup-seconds")
        {
            Description = "Seconds of calls of every question in turn after the API starts, before anything is timed.",
            DefaultValueFactory = _ => defaults.ApiWarmupSeconds,
        };
        var apiWarmupRounds = new Option<int>("--api-warmup-rounds")
        {
            Description = "Least rounds of every question in turn in that warm-up, however long they take (the JIT compiler optimises the API's code only after hundreds of calls).",
            DefaultValueFactory = _ => defaults.ApiWarmupRounds,
        };
        var seconds = new Option<double>("--seconds-per-question")
        {
            Description = "Most seconds spent timing one question one way; slower questions get fewer calls (at least 10).",
            DefaultValueFactory = _ => defaults.SecondsPerQuestion,
        };
        var sqlTimeout = new Option<double>("--sql-timeout-seconds")
        {
            Description = "Most seconds a question's direct SQL may run; a slower one is stopped and reported as not finished.",
            DefaultValueFactory = _ => defaults.SqlTimeoutSeconds,
        };
        var sqlPreparationTimeout = new Option<double>("--sql-preparation-timeout-seconds")
        {
            Description = "Most seconds a question's SQL preparation (tables its SQL reads, built once) may run; when stopped, that SQL is not asked.",
            DefaultValueFactory = _ => defaults.SqlPreparationTimeoutSeconds,
        };
        var throughputSeconds = new Option<double>("--throughput-seconds") { Description = "Seconds of each throughput measurement.", DefaultValueFactory = _ => defaults.ThroughputSeconds };
        var concurrency = new Option<int>("--concurrency") { Description = "Concurrent clients for throughput.", DefaultValueFactory = _ => defaults.Concurrency };
        var profileSeconds = new Option<double>("--profile-seconds")
        {
            Description = "Seconds of calls per question for the API's CPU profile (counted, then traced with EventPipe sampling); 0 leaves the profile out.",
            DefaultValueFactory = _ => defaults.ProfileSeconds,
        };
        var loadConnections = new Option<int>("--load-connections")
        {
            Description = "Concurrent connections of the load test, each asking the next question of the set in turn.",
            DefaultValueFactory = _ => defaults.LoadConnections,
        };
        var loadSeconds = new Option<double>("--load-seconds")
        {
            Description = "Seconds of the load test on each store, after the other figures; 0 leaves it out.",
            DefaultValueFactory = _ => defaults.LoadSeconds,
        };
        var soakConnections = new Option<int>("--soak-connections")
        {
            Description = "Concurrent connections of the soak, which follows the load test in the same API process.",
            DefaultValueFactory = _ => defaults.SoakConnections,
        };
        var soakSeconds = new Option<double>("--soak-seconds")
        {
            Description = "Seconds of the soak on each store, the API's memory sampled every 5 s; it holds when the final memory is within 10% of the "
                + "median from 60 s to 120 s (so at least 120 s to be judged); 0 leaves it out.",
            DefaultValueFactory = _ => defaults.SoakSeconds,
        };
        var skipBaseline = new Option<bool>("--skip-ingest-baseline") { Description = "Do not run the raw ingest baselines (saves time at large scales; no ingest ratio then)." };
        var skipPostGraphile = new Option<bool>("--skip-postgraphile")
        {
            Description = "Do not start PostGraphile beside the API on PostgreSQL (by default it is, installed with `npm ci --prefix bench/postgraphile` when missing).",
        };
        var micro = new Option<string>("--micro")
        {
            Description = "BenchmarkDotNet job for parse/validate with and without the document cache: short, dry (one call each) or none.",
            DefaultValueFactory = _ => defaults.Micro,
        };
        micro.AcceptOnlyFromAmong("short", "dry", "none");
        var verbose = new Option<bool>("--verbose") { Description = "Show BenchmarkDotNet's own output." };
        var outputFolder = new Option<string>("--output") { Description = "Folder for the Markdown results.", DefaultValueFactory = _ => defaults.Output };
        var postgres = new Option<string?>("--postgres") { Description = "Admin connection string of an existing PostgreSQL server to use instead of starting a throwaway one." };
        var postgresBin = new Option<string>("--postgres-bin") { Description = "Where initdb and pg_ctl are, for the throwaway server.", DefaultValueFactory = _ => defaults.PostgresBin };

        var root = new RootCommand(
            "Benchmarks the knowledge graph at given scales on SQLite and PostgreSQL: ingest beside raw baselines, the seven questions over HTTP beside direct SQL, "
            + "HTTP throughput beside a minimal endpoint, PostGraphile beside the API on PostgreSQL, memory and start-up, a load test and a soak, and parse/validate with and without the document cache. Writes bench/results/<date>-<scales>.md.")
        {
            Options = { scales, stores, seed, iterations, warmup, warmupSeconds, apiWarmupSeconds, apiWarmupRounds, seconds, sqlTimeout, sqlPreparationTimeout, throughputSeconds, concurrency, profileSeconds, loadConnections, loadSeconds, soakConnections, soakSeconds, skipBaseline, skipPostGraphile, micro, verbose, outputFolder, postgres, postgresBin },
        };
        root.SetAction(async (parseResult, cancellationToken) =>
        {
            List<int> sizes;
            List<StoreProvider> providers;
            try
            {
                sizes = [.. parseResult.GetValue(scales)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseScale)];
                providers = [.. parseResult.GetValue(stores)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseStore).Distinct()];
            }
            catch (FormatException ex)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return Usage;
            }

            var options = new BenchOptions
            {
                Scales = sizes, Stores = providers, Seed = parseResult.GetValue(seed), Iterations = Math.Max(1, parseResult.GetValue(iterations)),
                Warmup = Math.Max(0, parseResult.GetValue(warmup)), WarmupSeconds = Math.Max(0, parseResult.GetValue(warmupSeconds)),
                ApiWarmupSeconds = Math.Max(0, parseResult.GetValue(apiWarmupSeconds)), ApiWarmupRounds = Math.Max(0, parseResult.GetValue(apiWarmupRounds)), SecondsPerQuestion = parseResult.GetValue(seconds),
                SqlTimeoutSeconds = parseResult.GetValue(sqlTimeout), SqlPreparationTimeoutSeconds = parseResult.GetValue(sqlPreparationTimeout),
                ThroughputSeconds = parseResult.GetValue(throughputSeconds), Concurrency = Math.Max(1, parseResult.GetValue(concurrency)),
                ProfileSeconds = Math.Max(0, parseResult.GetValue(profileSeconds)),
                LoadConnections = Math.Max(1, parseResult.GetValue(loadConnections)), LoadSeconds = Math.Max(0, parseResult.GetValue(loadSeconds)),
                SoakConnections = Math.Max(1, parseResult.GetValue(soakConnections)), SoakSeconds = Math.Max(0, parseResult.GetValue(soakSeconds)),
                SkipIngestBaseline = parseResult.GetValue(skipBaseline), PostGraphile = !parseResult.GetValue(skipPostGraphile),
                Micro = parseResult.GetValue(micro)!, Verbose = parseResult.GetValue(verbose), Output = parseResult.GetValue(outputFolder)!,
                Postgres = parseResult.GetValue(postgres), PostgresBin = parseResult.GetValue(postgresBin)!,
            };
            var command = $"{Reproduce} {string.Join(' ', parseResult.Tokens.Select(t => t.Value.Contains(' ', StringComparison.Ordinal) ? $"\"{t.Value}\"" : t.Value))}".TrimEnd();
            if (options.Postgres is not null)
            {
                command = command.Replace(options.Postgres, "<admin connection string>", StringComparison.Ordinal);
            }

            var (results, _) = await new Harness(options, output).RunAsync(command, cancellationToken);
            return results.Scales.Any(s => s.Failure is not null) ? RunFailed : Success;
        });
        return root;
    }

    private static int ParseScale(string text) =>
        int.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowExponent | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)
        && n is >= SyntheticGraph.MinNodes and <= SyntheticGraph.MaxNodes
            ? n
            : throw new FormatException($"--scales: '{text}' is not a size from {SyntheticGraph.MinNodes} to {SyntheticGraph.MaxNodes}; write e.g. --scales 10000,100000 (or 1e4,1e5).");

    private static StoreProvider ParseStore(string text) => text.ToLowerInvariant() switch
    {
        "sqlite" => StoreProvider.Sqlite,
        "postgres" or "postgresql" => StoreProvider.Postgres,
        _ => throw new FormatException($"--stores: '{text}' is not a store; give sqlite, postgres or both, e.g. --stores sqlite,postgres."),
    };
}
