using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SocialEconomy.Api.Hosting;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;
using SocialEconomy.Tests.Ingest;

namespace SocialEconomy.Tests.Http;

/// <summary>
/// The API on a PostgreSQL primary with a streaming replica (Store:ReadReplicas): it seeds and migrates the primary,
/// reads from the replica, follows the replica's data as it replays a load made on the primary by the ingest tool,
/// and reads from the primary while the replica is too far behind or stopped.
/// </summary>
public sealed class ReadReplicaTests : IAsyncLifetime
{
    /// <summary>Names the API's connections to the replica, so the replica's pg_stat_activity shows them.</summary>
    private const string ReadsApplication = "graph-api-reads";

    private PostgresReplication? _pair;
    private string? _unavailable;
    private string _primary = "";
    private string _replica = "";
    private WebApplication? _app;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        (_pair, _unavailable) = await PostgresReplication.StartAsync();
        if (_pair is null)
        {
            return;
        }

        (_primary, var replica) = await _pair.CreateDatabaseAsync("graph");
        _replica = new NpgsqlConnectionStringBuilder(replica) { ApplicationName = ReadsApplication }.ConnectionString;
        _app = ApiApplication.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--Seed:Directory={Repository.SeedData}",
            "--Seed:LoadOpenData=false",
            "--Logging:LogLevel:Default=Warning",
            "--Store:Provider=Postgres",
            $"--Store:ConnectionString={_primary}",
            $"--Store:ReadReplicas:0={_replica}",
            "--Store:ReplicaCheckSeconds=1",
            "--Store:ReplicaMaxLagSeconds=2",
        ]);
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        if (_pair is not null)
        {
            await _pair.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task ReadsGoToTheReplica_FollowItsReplay_AndGoToThePrimary_WhileTheReplicaIsBehindOrStopped()
    {
        Skip.If(_pair is null, _unavailable);
        var seeded = await CountOnAsync(_primary, "Organisations");
        Assert.True(seeded > 0, "the API did not seed the primary");

        // The seed the API loaded on the primary reaches the replica, and the reads are the replica's.
        await Eventually.HoldsAsync(async () => (await ReadinessAsync())["readsFrom"]!.GetValue<string>() == "replica 1", "reads do not go to the replica");
        await Eventually.HoldsAsync(async () => await OrganisationsAsync() == seeded, "the API does not answer the seed's organisations");
        Assert.True(await ConnectionsAsync(_replica) > 0, "the replica has no connection of the API's reads");

        // A replica that stops replaying falls behind the load the ingest tool makes on the primary: reads leave it.
        await _pair!.SetReplayPausedAsync(true);
        var import = await IngestRunner.RunAsync(new TestStore(StoreProvider.Postgres, _primary), "import", "coops-uk",
            Path.Combine(Repository.OpenData, "coops-uk-2017", "open_data_organisations.csv"));
        Assert.True(import.Exit == 0, import.Error);
        var imported = await CountOnAsync(_primary, "Organisations");
        Assert.True(imported > seeded);
        await Eventually.HoldsAsync(async () => (await ReadinessAsync())["readsFrom"]!.GetValue<string>() == "primary", "reads stay on a replica that has fallen behind");
        var behind = await ReadinessAsync();
        Assert.Contains("replica 1: ", behind["skipped"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("behind, more than the 2 s allowed", behind["skipped"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(imported, await OrganisationsAsync());

        // Replaying again, it catches up, and the reads go back to it with the new data.
        await _pair.SetReplayPausedAsync(false);
        await Eventually.HoldsAsync(async () => (await ReadinessAsync())["readsFrom"]!.GetValue<string>() == "replica 1", "reads do not come back to the replica");
        Assert.Equal(imported, await OrganisationsAsync());
        Assert.Equal(imported, await CountOnAsync(_replica, "Organisations"));

        // A replica that stops: reads go to the primary, and the API keeps answering.
        _pair.StopReplica();
        await Eventually.HoldsAsync(async () => (await ReadinessAsync())["readsFrom"]!.GetValue<string>() == "primary", "reads stay on a stopped replica");
        Assert.Equal(["replica 1: does not answer"], (await ReadinessAsync())["skipped"]!.AsArray().Select(s => s!.GetValue<string>()));
        await Eventually.HoldsAsync(async () => await OrganisationsAsync() == imported, "the API does not answer from the primary");
        using var ready = await _client.GetAsync("/readyz");
        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
    }

    /// <summary>What /readyz says of the reads: readsFrom, lagSeconds (from a replica) and the replicas skipped.</summary>
    private async Task<JsonNode> ReadinessAsync()
    {
        using var response = await _client.GetAsync("/readyz");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Healthy", body["status"]!.GetValue<string>());
        return body["checks"]!["reads"]!["data"]!;
    }

    private async Task<int> OrganisationsAsync()
    {
        using var response = await _client.PostAsJsonAsync("/graphql", new { query = "{ organisations { totalCount } }" });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return body["data"]!["organisations"]!["totalCount"]!.GetValue<int>();
    }

    private static async Task<long> CountOnAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "graph-test" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT COUNT(*) FROM \"{table}\"", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The API's open connections for reads on a server (its pool keeps them open between requests).</summary>
    private static async Task<long> ConnectionsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "graph-test" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = @name", connection);
        command.Parameters.AddWithValue("name", ReadsApplication);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
