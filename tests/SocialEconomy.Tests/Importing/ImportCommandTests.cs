using System.Text;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Ingest;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Importing;

/// <summary>"ingest import" end to end on each store, with the real open datasets beside the repository.</summary>
public abstract class ImportCommandTests(StoreProvider provider)
{
    private static readonly string Data = Repository.OpenData;
    private static readonly string CoopsUk = Path.Combine(Data, "coops-uk-2017", "open_data_organisations.csv");
    private static readonly string Indigo = Path.Combine(Data, "indigo-2025-05");

    private async Task<TestStore> SeededStoreAsync()
    {
        var (store, problem) = await TestStore.CreateAsync(provider);
        Skip.If(store is null, $"{provider} is unavailable: {problem}");
        Assert.Equal(0, (await IngestRunner.RunAsync(store!, "load", Repository.SeedData)).Exit);
        return store!;
    }

    [SkippableFact]
    public async Task ImportCoopsUk_MatchesSeedCooperativesOnRegisteredNumber_AndASecondRunChangesNothing()
    {
        var store = await SeededStoreAsync();
        var report = Path.Combine(RunDirectories.Scratch, $"coops-report-{Guid.NewGuid():N}.md");

        var first = await IngestRunner.RunAsync(store, "import", "coops-uk", CoopsUk, "--report", report);
        var afterFirst = await StoreFingerprint.ComputeAsync(store);
        var second = await IngestRunner.RunAsync(store, "import", "coops-uk", CoopsUk);

        Assert.True(first.Exit == 0, first.Error);
        Assert.Contains("= phoenix-community-housing-co-operative", File.ReadAllText(report));
        Assert.Contains("(on identifier GB-MPR-22904R)", File.ReadAllText(report));
        Assert.True(second.Exit == 0, second.Error);
        Assert.Contains("Nothing to change", second.Output);
        Assert.Equal(afterFirst, await StoreFingerprint.ComputeAsync(store));
    }

    /// <summary>The May 2025 export has 14 rows in its UK projects that break its own references, so --skip-invalid is needed.</summary>
    [SkippableFact]
    public async Task ImportIndigo_ForGB_MatchesSeedOrganisations_AndASecondRunChangesNothing()
    {
        var store = await SeededStoreAsync();

        var report = Path.Combine(RunDirectories.Scratch, $"indigo-report-{Guid.NewGuid():N}.md");
        var first = await IngestRunner.RunAsync(store, "import", "indigo", Indigo, "--country", "GB", "--skip-invalid", "--report", report);
        var afterFirst = await StoreFingerprint.ComputeAsync(store);
        var second = await IngestRunner.RunAsync(store, "import", "indigo", Indigo, "--country", "GB", "--skip-invalid");

        Assert.True(first.Exit == 0, first.Error);
        Assert.Contains("Skipped invalid rows: 14", first.Output);
        Assert.Contains("= sheffield-futures \"Sheffield Futures\" (on identifier GB-CHC-1044940)", File.ReadAllText(report));
        Assert.True(second.Exit == 0, second.Error);
        Assert.Contains("Nothing to change", second.Output);
        Assert.Equal(afterFirst, await StoreFingerprint.ComputeAsync(store));
    }

    [SkippableFact]
    public async Task ImportCoopsUk_WithAMalformedRow_StopsWithNothingWritten_UnlessSkippingInvalidRows()
    {
        var store = await SeededStoreAsync();
        var before = await StoreFingerprint.ComputeAsync(store);
        var damaged = Path.Combine(RunDirectories.Scratch, $"coops-damaged-{Guid.NewGuid():N}.csv");
        var text = File.ReadAllText(CoopsUk, Encoding.Latin1);
        // The first data row's incorporation date, 11/8/1863, becomes impossible.
        File.WriteAllText(damaged, text.Replace("\"11/8/1863\"", "\"31/2/1863\"", StringComparison.Ordinal), Encoding.Latin1);

        var stopped = await IngestRunner.RunAsync(store, "import", "coops-uk", damaged);

        Assert.Equal(1, stopped.Exit);
        Assert.Contains($"{damaged}:2:", stopped.Error);
        Assert.Contains("Incorporation Date", stopped.Error);
        Assert.Equal(before, await StoreFingerprint.ComputeAsync(store));

        var skipping = await IngestRunner.RunAsync(store, "import", "coops-uk", damaged, "--skip-invalid");

        Assert.True(skipping.Exit == 0, skipping.Error);
        Assert.Contains("Skipped invalid rows: 1", skipping.Output);
    }
}

public sealed class SqliteImportCommandTests() : ImportCommandTests(StoreProvider.Sqlite);

public sealed class PostgresImportCommandTests() : ImportCommandTests(StoreProvider.Postgres);
