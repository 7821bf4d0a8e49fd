using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Export;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;
using SocialEconomy.Tests.Ingest;

namespace SocialEconomy.Tests.Export;

/// <summary>
/// Stores the export tests read from, made once per run and store kind and never written to by them: the real seed
/// data and the UK projects of the real INDIGO data, so that the graph has two origins, amounts, identifiers, and
/// sources attributed by more than one dataset.
/// </summary>
public static class ExportStores
{
    private static readonly ConcurrentDictionary<StoreProvider, Lazy<Task<(TestStore?, string?)>>> Seeded = new();

    public static string Indigo => Path.Combine(Repository.OpenData, "indigo-2025-05");

    public static async Task<TestStore> SeedAndIndigoAsync(StoreProvider provider)
    {
        var (store, problem) = await Seeded.GetOrAdd(provider, p => new(() => CreateAsync(p))).Value;
        Skip.If(store is null, $"{provider} is unavailable: {problem}");
        return store!;
    }

    public static async Task<TestStore> EmptyAsync(StoreProvider provider)
    {
        var (store, problem) = await TestStore.CreateAsync(provider);
        Skip.If(store is null, $"{provider} is unavailable: {problem}");
        return store!;
    }

    public static async Task<T> WithDbAsync<T>(TestStore store, Func<GraphDbContext, Task<T>> read)
    {
        await using var services = store.CreateServices();
        using var scope = services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<GraphDbContext>());
    }

    public static Task<string> ContentHashAsync(TestStore store) => WithDbAsync(store, db => GraphContentHash.ComputeAsync(db));

    public static Task<GraphCounts> CountsAsync(TestStore store) => WithDbAsync(store, async db =>
    {
        await using var snapshot = await GraphContent.BeginSnapshotAsync(db, default);
        return await GraphContent.CountAsync(db, default);
    });

    public static string TempPath(string name) => Path.Combine(RunDirectories.Scratch, $"graph-export-{Guid.NewGuid():N}", name);

    private static async Task<(TestStore?, string?)> CreateAsync(StoreProvider provider)
    {
        var (store, problem) = await TestStore.CreateAsync(provider);
        if (store is null)
        {
            return (null, problem);
        }

        var seed = await IngestRunner.RunAsync(store, "load", Repository.SeedData);
        Assert.True(seed.Exit == 0, seed.Error);
        var indigo = await IngestRunner.RunAsync(store, "import", "indigo", Indigo, "--country", "GB", "--skip-invalid");
        Assert.True(indigo.Exit == 0, indigo.Error);
        return (store, null);
    }
}
