using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Export;
using SocialEconomy.Tests.Infrastructure;
using SocialEconomy.Tests.Ingest;
using Xunit.Abstractions;

namespace SocialEconomy.Tests.Safety;

/// <summary>
/// The real ingest process, importing the real Co-operatives UK file into a store holding the seed data, killed with
/// SIGKILL at points from its first instant to late in its one transaction: each time the store is exactly as it was
/// (content hash, and every row of every table), and a reader on another connection during a load only ever sees the
/// graph before the load or after it.
/// </summary>
public abstract class CrashSafeIngestTests(StoreProvider provider, ITestOutputHelper log)
{
    private const string LoadingLine = "Loading ";

    private static string CoopsUk => Path.Combine(Repository.OpenData, "coops-uk-2017", "open_data_organisations.csv");

    [SkippableFact]
    public async Task ImportKilledAtRandomPoints_LeavesTheStoreExactlyAsBefore_AndReadersSeeTheOldGraphOrTheNewNeverAMix()
    {
        // A run to completion: what readers may see, and how long the load's transaction lasts on this machine,
        // so that the kill points below spread over it.
        var reference = await SeededStoreAsync();
        var countsBefore = await ReadCountsAsync(reference);
        var completed = await RunAsync(reference, kill: null);
        Assert.True(completed.ExitCode == 0, completed.Error);
        var countsAfter = await ReadCountsAsync(reference);
        var hashAfter = await ExportStores.ContentHashAsync(reference);
        Assert.NotEqual(countsBefore, countsAfter);
        AssertOldOrNew(completed.Reads, countsBefore, countsAfter);
        var loadPhase = completed.Exited - completed.Loading!.Value;
        log.WriteLine($"{provider}: full run: 'Loading' line after {completed.Loading:F2}s, exit after {completed.Exited:F2}s; {completed.Reads.Count} reads during it.");

        var store = await SeededStoreAsync();
        var hashBefore = await ExportStores.ContentHashAsync(store);
        var rowsBefore = await StoreFingerprint.ComputeAsync(store);
        var random = new Random(20261128);
        KillPoint[] points =
        [
            new("at start", null, 0),
            new("reading the file", "first line", random.NextDouble() * 0.1),
            new("transaction, early", LoadingLine, random.NextDouble() * 0.1 * loadPhase),
            new("transaction, a third in", LoadingLine, (0.25 + (random.NextDouble() * 0.2)) * loadPhase),
            new("transaction, two thirds in", LoadingLine, (0.5 + (random.NextDouble() * 0.2)) * loadPhase),
            new("transaction, late", LoadingLine, (0.75 + (random.NextDouble() * 0.15)) * loadPhase),
        ];

        var killedInTransaction = 0;
        foreach (var point in points)
        {
            var run = await RunAsync(store, point);
            if (run.ExitCode == 0)
            {
                // The machine ran faster than the reference: the load finished before the kill, which is the new graph.
                log.WriteLine($"{provider}: {point}: finished before the kill ({run.Exited:F2}s).");
                Assert.Equal(hashAfter, await ExportStores.ContentHashAsync(store));
                AssertOldOrNew(run.Reads, countsBefore, countsAfter);
                (store, rowsBefore) = await ReseededAsync();
                continue;
            }

            log.WriteLine($"{provider}: {point}: killed at {run.Killed:F2}s (exit {run.ExitCode}), {(run.Loading is null ? "before" : "after")} the 'Loading' line; {run.Reads.Count} reads during it.");
            var hash = await ExportStores.ContentHashAsync(store);
            if (run.Loading is not null && hash == hashAfter)
            {
                // A late kill on a loaded machine can land after the commit, while the process writes its report:
                // the load is then whole, which is the new graph.
                log.WriteLine($"{provider}: {point}: the load had committed before the kill.");
                AssertOldOrNew(run.Reads, countsBefore, countsAfter);
                (store, rowsBefore) = await ReseededAsync();
                continue;
            }

            Assert.Equal(hashBefore, hash);
            Assert.Equal(rowsBefore, await StoreFingerprint.ComputeAsync(store));
            Assert.All(run.Reads, read => Assert.Equal(countsBefore, read));
            killedInTransaction += run.Loading is null ? 0 : 1;
        }

        Assert.True(killedInTransaction > 0, "no kill landed inside the load's transaction");

        // A killed load leaves nothing behind that stops the next one.
        var after = await RunAsync(store, kill: null);
        Assert.True(after.ExitCode == 0, after.Error);
        Assert.Equal(hashAfter, await ExportStores.ContentHashAsync(store));
    }

    /// <summary>
    /// A store seeded afresh, with its rows' fingerprint: its content is the old graph's, but its load's record is
    /// its own (when it ran), so a kill after it is compared with these rows, not the first store's.
    /// </summary>
    private async Task<(TestStore Store, string Rows)> ReseededAsync()
    {
        var store = await SeededStoreAsync();
        return (store, await StoreFingerprint.ComputeAsync(store));
    }

    private async Task<TestStore> SeededStoreAsync()
    {
        var store = await ExportStores.EmptyAsync(provider);
        var seed = await IngestRunner.RunAsync(store, "load", Repository.SeedData);
        Assert.True(seed.Exit == 0, seed.Error);
        return store;
    }

    private static void AssertOldOrNew(IReadOnlyList<string> reads, string before, string after) =>
        Assert.All(reads, read => Assert.True(read == before || read == after, $"a reader saw {read}: neither the old graph ({before}) nor the new ({after})"));

    /// <summary>Starts "ingest import coops-uk", reads the store's counts over and over from another connection while it runs, and kills it at the point.</summary>
    private async Task<Run> RunAsync(TestStore store, KillPoint? kill)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "ingest.dll"), "import", "coops-uk", CoopsUk,
            "--provider", store.Provider.ToString(), "--connection", store.ConnectionString])
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var firstLine = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
        var loading = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                firstLine.TrySetResult(clock.Elapsed.TotalSeconds);
                if (line.StartsWith(LoadingLine, StringComparison.Ordinal))
                {
                    loading.TrySetResult(clock.Elapsed.TotalSeconds);
                }
            }

            firstLine.TrySetCanceled();
            loading.TrySetCanceled();
        });
        var error = process.StandardError.ReadToEndAsync();

        using var stopReading = new CancellationTokenSource();
        var reads = Task.Run(async () =>
        {
            var seen = new List<string>();
            while (!stopReading.IsCancellationRequested)
            {
                seen.Add(await ReadCountsAsync(store));
                // A pause, so the reader does not starve the load of CPU on a small machine.
                await Task.Delay(5);
            }

            return seen;
        });

        double? killed = null;
        if (kill is not null)
        {
            var anchor = kill.After switch
            {
                null => Task.FromResult(0.0),
                LoadingLine => loading.Task,
                _ => firstLine.Task,
            };
            if (await Task.WhenAny(anchor, process.WaitForExitAsync()) == anchor && anchor.IsCompletedSuccessfully)
            {
                var due = anchor.Result + kill.Delay - clock.Elapsed.TotalSeconds;
                if (due > 0)
                {
                    await Task.WhenAny(Task.Delay(TimeSpan.FromSeconds(due)), process.WaitForExitAsync());
                }

                killed = clock.Elapsed.TotalSeconds;
                process.Kill(entireProcessTree: true);
            }
        }

        await process.WaitForExitAsync();
        var exited = clock.Elapsed.TotalSeconds;
        await stopReading.CancelAsync();
        await output;
        return new Run(
            process.ExitCode, await error, loading.Task.IsCompletedSuccessfully ? loading.Task.Result : null, killed, exited, await reads);
    }

    /// <summary>The graph's row counts, read in one statement, so one committed state of the store.</summary>
    private static async Task<string> ReadCountsAsync(TestStore store)
    {
        await using DbConnection connection = store.Provider == StoreProvider.Sqlite
            ? new SqliteConnection(store.ConnectionString)
            : new NpgsqlConnection(store.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        string[] tables = ["Sources", "ChallengeAreas", "Models", "Organisations", "OrganisationIdentifiers", "Funders", "Outcomes", "Evidence", "Relationships", "NodeSources", "RelationshipSources"];
        command.CommandText = "SELECT " + string.Join(", ", tables.Select(t => $"(SELECT COUNT(*) FROM \"{t}\")"));
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return string.Join(" ", tables.Select((t, i) => $"{t}={reader.GetInt64(i)}"));
    }

    /// <summary>Kill <see cref="Delay"/> seconds after the output line starting <see cref="After"/> ("first line": any), or at once.</summary>
    private sealed record KillPoint(string Name, string? After, double Delay)
    {
        public override string ToString() => $"'{Name}' ({(After is null ? "at start" : $"{Delay:F2}s after {(After == LoadingLine ? "the 'Loading' line" : "the first line")}")})";
    }

    private sealed record Run(int ExitCode, string Error, double? Loading, double? Killed, double Exited, IReadOnlyList<string> Reads);
}

public sealed class SqliteCrashSafeIngestTests(ITestOutputHelper log) : CrashSafeIngestTests(StoreProvider.Sqlite, log);

public sealed class PostgresCrashSafeIngestTests(ITestOutputHelper log) : CrashSafeIngestTests(StoreProvider.Postgres, log);
