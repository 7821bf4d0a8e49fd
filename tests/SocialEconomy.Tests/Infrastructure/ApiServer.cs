using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Api.Hosting;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Tests.Infrastructure;

/// <summary>
/// The real API on a real port, on a fresh store of one kind, seeded at start-up from seed-data/ exactly as
/// "dotnet run --project src/Api" does. Shared by the tests of a class. A PostgreSQL store's database has the
/// default collation of the ICU locale <paramref name="postgresCollation"/> if given.
/// </summary>
public abstract class ApiServer(StoreProvider provider, string? postgresCollation = null) : IAsyncLifetime
{
    private WebApplication? _app;

    public StoreProvider Provider { get; } = provider;

    public string? Unavailable { get; private set; }

    /// <summary>The store the API runs on, for tests that write to it with the ingest tool as a user would.</summary>
    public TestStore? Store { get; private set; }

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        var (store, problem) = await TestStore.CreateAsync(Provider, postgresCollation);
        if (store is null)
        {
            Unavailable = problem;
            return;
        }

        Store = store;

        _app = ApiApplication.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--Seed:Directory={SeedDirectory}",
            $"--Seed:LoadOpenData={LoadOpenData}",
            "--Logging:LogLevel:Default=Warning",
            .. store.ConfigurationArguments,
            .. ExtraArguments,
        ], Configure);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient { BaseAddress = new Uri(address) };
    }

    /// <summary>The seed-data folder loaded on start.</summary>
    protected virtual string SeedDirectory => Repository.SeedData;

    /// <summary>
    /// Whether the start also loads the open datasets the seed-data folder names; off unless a server asks, so that a
    /// developer's own copy of the publishers' files in seed-data/open does not change what the tests see.
    /// </summary>
    protected virtual bool LoadOpenData => false;

    /// <summary>Further configuration of this server, as command-line arguments such as "--Limits:MaxDepth=3".</summary>
    protected virtual IEnumerable<string> ExtraArguments => [];

    /// <summary>Last changes to the host builder, e.g. a logger provider that records what the API logs.</summary>
    protected virtual void Configure(WebApplicationBuilder builder)
    {
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>Skips the calling test when this store kind is unavailable here (never in CI, which requires it).</summary>
    public void SkipIfUnavailable() => Skip.If(Unavailable is not null, $"{Provider} is unavailable: {Unavailable}");

    /// <summary>POSTs a GraphQL request and returns the parsed response, failing on a non-2xx status.</summary>
    public async Task<JsonObject> QueryAsync(string query, object? variables = null)
    {
        using var response = await PostAsync(query, variables);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public Task<HttpResponseMessage> PostAsync(string query, object? variables = null, string accept = "application/graphql-response+json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        return Client.SendAsync(request);
    }
}

public sealed class SqliteApiServer() : ApiServer(StoreProvider.Sqlite);

public sealed class PostgresApiServer() : ApiServer(StoreProvider.Postgres);

/// <summary>PostgreSQL whose database orders text by a natural language's rules by default, as many servers do.</summary>
public sealed class PostgresNaturalCollationApiServer() : ApiServer(StoreProvider.Postgres, PostgresServer.NaturalLanguageCollation);
