using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Ingest;

namespace SocialEconomy.Tests.Infrastructure;

/// <summary>
/// The API on a store holding the curated seed and both real open datasets (INDIGO's UK projects and the
/// Co-operatives UK organisations), imported after start with the ingest tool as a user would: about 9,000
/// organisations, where relationship lists run to thousands (an ownership model of Co-operatives UK holds
/// 3,694 organisations). No rate limit, so that tests may send many requests.
/// </summary>
public abstract class OpenDataApiServer(StoreProvider provider) : ApiServer(provider), IAsyncLifetime
{
    public static string Indigo => Path.Combine(Repository.OpenData, "indigo-2025-05");

    public static string CoopsUk => Path.Combine(Repository.OpenData, "coops-uk-2017", "open_data_organisations.csv");

    protected override IEnumerable<string> ExtraArguments => ["--Limits:RateLimitPermits=0"];

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        if (Unavailable is not null)
        {
            return;
        }

        var indigo = await IngestRunner.RunAsync(Store, "import", "indigo", Indigo, "--country", "GB", "--skip-invalid");
        Assert.True(indigo.Exit == 0, indigo.Error);
        var coops = await IngestRunner.RunAsync(Store, "import", "coops-uk", CoopsUk);
        Assert.True(coops.Exit == 0, coops.Error);
    }
}

public sealed class SqliteOpenDataApiServer() : OpenDataApiServer(StoreProvider.Sqlite);

public sealed class PostgresOpenDataApiServer() : OpenDataApiServer(StoreProvider.Postgres);
