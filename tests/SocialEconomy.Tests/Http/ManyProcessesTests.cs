using System.Net;
using System.Text.Json.Nodes;
using SocialEconomy.Bench.Api;
using SocialEconomy.Bench.Stores;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;
using SocialEconomy.Tests.Ingest;
using static SocialEconomy.Tests.Http.Http;

namespace SocialEconomy.Tests.Http;

/// <summary>
/// Two API processes on one PostgreSQL database, as behind a load balancer: each GET gets the same answer and the
/// same ETag from either, and a load by the ingest tool (a third process) changes both alike.
/// </summary>
public sealed class ManyProcessesTests
{
    private const string Query = "query Area($key: String!) { challengeAreas(where: { key: { eq: $key } }) { nodes { name description models { name } } } }";

    [SkippableFact]
    public async Task TwoProcesses_AnswerAlike_WithTheSameETags_AndBothFollowALoad()
    {
        var (server, problem) = await PostgresServer.GetAsync();
        Skip.If(server is null, problem);
        var store = await BenchStore.CreateAsync(StoreProvider.Postgres, RunDirectories.Scratch, server!.AdminConnectionString, "many-processes");
        var seeded = await IngestRunner.RunAsync(new TestStore(StoreProvider.Postgres, store.ConnectionString), "load", Repository.SeedData);
        Assert.True(seeded.Exit == 0, seeded.Error);

        await using var first = await ApiProcess.StartAsync(store, requestLog: false, CancellationToken.None);
        await using var second = await ApiProcess.StartAsync(store, requestLog: false, CancellationToken.None);
        using var one = new HttpClient { BaseAddress = first.Address };
        using var other = new HttpClient { BaseAddress = second.Address };
        var request = $"query={Uri.EscapeDataString(Query)}&operationName=Area&variables={Uri.EscapeDataString("""{"key":"homelessness"}""")}";

        var (body, etag) = await SameFromBothAsync(one, other, request);
        Assert.Single(JsonNode.Parse(body)!["data"]!["challengeAreas"]!["nodes"]!.AsArray());

        // A load by the ingest tool into the store both read.
        var description = $"Changed by a load at {Guid.NewGuid():N}.";
        var changed = IngestRunner.CopyOfSeedData();
        var path = Path.Combine(changed, "challenge-areas.json");
        var root = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        root["challengeAreas"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "homelessness")!["description"] = description;
        await File.WriteAllTextAsync(path, root.ToJsonString());
        var load = await IngestRunner.RunProcessAsync("load", changed, "--provider", "Postgres", "--connection", store.ConnectionString);
        Assert.True(load.Exit == 0, load.Error + load.Output);

        // Each process reads the data version every HttpCaching:VersionCheckMilliseconds: within that, both follow.
        var (after, newEtag) = (body, etag);
        await Eventually.HoldsAsync(async () =>
        {
            (after, newEtag) = await SameFromBothAsync(one, other, request);
            // By tag: EntityTagHeaderValue has no == of its own, and two instances of one tag are never the same object.
            return newEtag.Tag != etag.Tag;
        }, "the two processes do not both answer the load with a new ETag", seconds: 10);
        Assert.Contains(description, after, StringComparison.Ordinal);

        // The ETag one process gave is current at the other: 304 there.
        foreach (var (client, process) in new[] { (one, first), (other, second) })
        {
            var revalidate = Get(request);
            revalidate.Headers.IfNoneMatch.Add(newEtag);
            using var response = await client.SendAsync(revalidate);
            Assert.True(response.StatusCode == HttpStatusCode.NotModified,
                $"{client.BaseAddress}: {(int)response.StatusCode} with ETag {response.Headers.ETag?.ToString() ?? "(none)"}, not 304 for {newEtag} (before the load {etag}). It wrote:\n{string.Join('\n', process.Output)}");
        }
    }

    /// <summary>The same GET from both processes: equal bodies and equal ETags.</summary>
    private static async Task<(string Body, System.Net.Http.Headers.EntityTagHeaderValue ETag)> SameFromBothAsync(HttpClient one, HttpClient other, string request)
    {
        using var a = await one.SendAsync(Get(request));
        using var b = await other.SendAsync(Get(request));
        var (bodyA, bodyB) = (await a.Content.ReadAsStringAsync(), await b.Content.ReadAsStringAsync());
        Assert.True(a.StatusCode == HttpStatusCode.OK, bodyA);
        Assert.True(b.StatusCode == HttpStatusCode.OK, bodyB);
        Assert.Equal(bodyA, bodyB);
        Assert.NotNull(a.Headers.ETag);
        Assert.Equal(a.Headers.ETag, b.Headers.ETag);
        return (bodyA, a.Headers.ETag!);
    }
}
