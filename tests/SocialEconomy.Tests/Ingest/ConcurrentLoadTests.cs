using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Export;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Ingest;

/// <summary>
/// Two ingest processes loading into one store at once: the second waits for the first to commit and compares its
/// batch with what the first wrote, so the store ends as if one had run after the other; a load that cannot get the
/// store in time fails with nothing written; an export taken meanwhile reads one committed state.
/// </summary>
public abstract class ConcurrentLoadTests(StoreProvider provider)
{
    // Overlapping batches: the same ids up to 3,000 nodes, with other values and relationships.
    private static readonly string[] First = ["generate", "--nodes", "3000", "--seed", "1"];
    private static readonly string[] Second = ["generate", "--nodes", "4000", "--seed", "2"];

    [SkippableFact]
    public async Task TwoOverlappingLoadsAtOnce_LeaveTheStoreAsOneAfterTheOtherWould_WithOneStoreLoadEach()
    {
        var store = await MigratedStoreAsync();
        var firstThenSecond = await SerialAsync(First, Second);
        var secondThenFirst = await SerialAsync(Second, First);

        var results = await Task.WhenAll(RunAsync(store, First), RunAsync(store, Second));

        Assert.All(results, r => Assert.True(r.Exit == 0, r.Error + r.Output));
        var outcome = await OutcomeAsync(store);
        Assert.Contains(outcome, new[] { firstThenSecond, secondThenFirst });
    }

    [SkippableFact]
    public async Task ALoadThatCannotGetTheStoreInTime_FailsWithExitCode3AndSaysWhy_WritingNothing()
    {
        var store = await MigratedStoreAsync();
        var before = await StoreFingerprint.ComputeAsync(store);
        await using var services = store.CreateServices();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
        await using (await StoreWriteLock.BeginAsync(db, TimeSpan.FromSeconds(5), CancellationToken.None))
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var (exit, output, error) = await IngestRunner.RunProcessAsync(
                new Dictionary<string, string> { ["Store__LoadWaitSeconds"] = "2" }, [.. First, .. StoreArguments(store)]);

            Assert.True(exit == 3, $"exit {exit}: {error}{output}");
            Assert.True(
                error.Contains("failed, nothing was written: another load has been writing to the store for longer than 2 s (Store:LoadWaitSeconds); run this load again when it has finished", StringComparison.Ordinal),
                error);
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
        }

        Assert.Equal(before, await StoreFingerprint.ComputeAsync(store));
    }

    [SkippableFact]
    public async Task AnExportTakenDuringALoad_IsTheGraphBeforeOrAfterIt_NeverAMix()
    {
        var store = await MigratedStoreAsync();
        Assert.Equal(0, (await RunAsync(store, First)).Exit);
        var before = await ExportStores.ContentHashAsync(store);

        var load = RunAsync(store, Second);
        var hashes = new List<string>();
        while (!load.IsCompleted || hashes.Count == 0)
        {
            var file = ExportStores.TempPath("during-load.dump.jsonl");
            var export = await IngestRunner.RunAsync(store, "export", "dump", file);
            Assert.True(export.Exit == 0, export.Error);
            hashes.Add(DumpTests.PrintedHash(export.Output));
        }

        Assert.Equal(0, (await load).Exit);
        var after = await ExportStores.ContentHashAsync(store);
        Assert.NotEqual(before, after);
        Assert.All(hashes, h => Assert.Contains(h, new[] { before, after }));
    }

    private async Task<TestStore> MigratedStoreAsync()
    {
        var (store, problem) = await TestStore.CreateAsync(provider);
        Skip.If(store is null, $"{provider} is unavailable: {problem}");
        Assert.Equal(0, (await IngestRunner.RunAsync(store, "migrate")).Exit);
        return store;
    }

    /// <summary>The graph's content hash and the StoreLoads rows (without their times) after the two loads one after the other.</summary>
    private async Task<string> SerialAsync(string[] first, string[] second)
    {
        var store = await MigratedStoreAsync();
        Assert.Equal(0, (await IngestRunner.RunAsync(store, first)).Exit);
        Assert.Equal(0, (await IngestRunner.RunAsync(store, second)).Exit);
        return await OutcomeAsync(store);
    }

    private static async Task<string> OutcomeAsync(TestStore store)
    {
        await using var services = store.CreateServices();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
        var loads = await db.StoreLoads.AsNoTracking().OrderBy(l => l.Id).Select(l => $"{l.Origin} +{l.Added} ~{l.Updated} ={l.Unchanged}").ToListAsync();
        return $"{await ExportStores.ContentHashAsync(store)}; loads: {string.Join(", ", loads)}";
    }

    private static Task<(int Exit, string Output, string Error)> RunAsync(TestStore store, string[] arguments) =>
        IngestRunner.RunProcessAsync([.. arguments, .. StoreArguments(store)]);

    private static string[] StoreArguments(TestStore store) => ["--provider", store.Provider.ToString(), "--connection", store.ConnectionString];
}

public sealed class SqliteConcurrentLoadTests() : ConcurrentLoadTests(StoreProvider.Sqlite);

public sealed class PostgresConcurrentLoadTests() : ConcurrentLoadTests(StoreProvider.Postgres);
