using System.Text.Json.Nodes;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Ingest;

/// <summary>"ingest load" on each store: idempotent, all or nothing, with a summary.</summary>
public abstract class SeedLoadTests(StoreProvider provider)
{
    private async Task<TestStore> StoreAsync()
    {
        var (store, problem) = await TestStore.CreateAsync(provider);
        Skip.If(store is null, $"{provider} is unavailable: {problem}");
        return store!;
    }

    [SkippableFact]
    public async Task Load_Twice_SecondRunChangesNothing()
    {
        var store = await StoreAsync();

        var first = await IngestRunner.RunAsync(store, "load", Repository.SeedData);
        Assert.True(first.Exit == 0, first.Error);
        var afterFirst = await StoreFingerprint.ComputeAsync(store);
        var second = await IngestRunner.RunAsync(store, "load", Repository.SeedData);

        Assert.True(second.Exit == 0, second.Error);
        Assert.Contains("Nothing to change", second.Output);
        Assert.Matches(@"total\s+0\s+0\s+[1-9]\d*", second.Output);
        Assert.Equal(afterFirst, await StoreFingerprint.ComputeAsync(store));
    }

    [SkippableFact]
    public async Task Load_MalformedRecord_ExitsNonZero_NamesFileRecordAndField_AndLeavesStoreAsItWas()
    {
        var store = await StoreAsync();
        Assert.Equal(0, (await IngestRunner.RunAsync(store, "load", Repository.SeedData)).Exit);
        var before = await StoreFingerprint.ComputeAsync(store);

        var damaged = IngestRunner.CopyOfSeedData();
        var evidence = Edit(damaged, "evidence.json", root =>
        {
            var record = root["evidence"]![2]!;
            record["rating"]!["level"] = 9;
            record["title"] = "A title changed in the same load, which must not be written either";
            return record["id"]!.GetValue<string>();
        });
        var result = await IngestRunner.RunAsync(store, "load", damaged);

        Assert.Equal(1, result.Exit);
        Assert.Contains("evidence.json:", result.Error);
        Assert.Contains($"evidence[2] (id '{evidence}')", result.Error);
        Assert.Contains("field 'rating.level'", result.Error);
        Assert.Contains("nothing was loaded", result.Error);
        Assert.Equal(before, await StoreFingerprint.ComputeAsync(store));
    }

    [SkippableFact]
    public async Task Load_BrokenReference_IsReported_AndNothingIsWritten()
    {
        var store = await StoreAsync();
        var damaged = IngestRunner.CopyOfSeedData();
        var organisation = Edit(damaged, "organisations.json", root =>
        {
            var record = root["organisations"]![0]!;
            record["challengeAreas"] = new JsonArray("no-such-area");
            return record["id"]!.GetValue<string>();
        });

        var result = await IngestRunner.RunAsync(store, "load", damaged);

        Assert.Equal(1, result.Exit);
        Assert.Contains($"organisations[0] (id '{organisation}'), field 'challengeAreas[0]': refers to 'no-such-area'", result.Error);
        Assert.Equal("no schema", await StoreFingerprint.ComputeAsync(store));
    }

    [SkippableFact]
    public async Task Load_ChangedRecord_IsCountedAsUpdated_AndOnlyItChanges()
    {
        var store = await StoreAsync();
        Assert.Equal(0, (await IngestRunner.RunAsync(store, "load", Repository.SeedData)).Exit);

        var changed = IngestRunner.CopyOfSeedData();
        Edit(changed, "models.json", root =>
        {
            var record = root["models"]![0]!;
            record["description"] = "A revised description.";
            return record["id"]!.GetValue<string>();
        });
        var result = await IngestRunner.RunAsync(store, "load", changed);

        Assert.True(result.Exit == 0, result.Error);
        Assert.Matches(@"Model\s+0\s+1\s+\d+", result.Output);
        Assert.Matches(@"total\s+0\s+1\s+\d+", result.Output);
    }

    [SkippableFact]
    public async Task Migrate_CreatesTheSchema_AndASecondRunHasNothingToDo()
    {
        var store = await StoreAsync();

        var first = await IngestRunner.RunAsync(store, "migrate");
        var second = await IngestRunner.RunAsync(store, "migrate");

        Assert.True(first.Exit == 0, first.Error);
        Assert.Contains("applied", first.Output);
        Assert.Contains("already up to date", second.Output);
    }

    private static string Edit(string directory, string file, Func<JsonNode, string> change)
    {
        var path = Path.Combine(directory, file);
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        var id = change(root);
        File.WriteAllText(path, root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return id;
    }
}

public sealed class SqliteSeedLoadTests() : SeedLoadTests(StoreProvider.Sqlite);

public sealed class PostgresSeedLoadTests() : SeedLoadTests(StoreProvider.Postgres);
