using SocialEconomy.Graph.Importing;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Tests.Infrastructure;

/// <summary>
/// The API on a store holding the curated seed and both real open datasets (INDIGO's UK projects and the
/// Co-operatives UK organisations), loaded on its first start as "dotnet run --project src/Api" does when the
/// publishers' files are in seed-data/open: about 9,000 organisations, where relationship lists run to thousands (an
/// ownership model of Co-operatives UK holds 3,694 organisations). No rate limit, so that tests may send many requests.
/// </summary>
public abstract class OpenDataApiServer(StoreProvider provider) : ApiServer(provider)
{
    public static string Indigo => Path.Combine(Repository.OpenData, "indigo-2025-05");

    public static string CoopsUk => Path.Combine(Repository.OpenData, "coops-uk-2017", "open_data_organisations.csv");

    private static readonly Lazy<string> SeedWithOpenData = new(() => SeedDataWithOpenData(Directory.CreateTempSubdirectory("seed-with-open-data-").FullName));

    protected override string SeedDirectory => SeedWithOpenData.Value;

    protected override bool LoadOpenData => true;

    protected override IEnumerable<string> ExtraArguments => ["--Limits:RateLimitPermits=0"];

    /// <summary>
    /// A copy of the repository's seed-data folder in <paramref name="directory"/>, with the publishers' files put in its
    /// open/ folder where its manifest names them (linked, not copied).
    /// </summary>
    public static string SeedDataWithOpenData(string directory)
    {
        CopyDirectory(Repository.SeedData, directory);
        var open = Path.Combine(directory, OpenData.Folder);
        File.CreateSymbolicLink(Path.Combine(open, "indigo-2025-05"), Indigo);
        Directory.CreateDirectory(Path.Combine(open, "coops-uk-2017"));
        File.CreateSymbolicLink(Path.Combine(open, "coops-uk-2017", "open_data_organisations.csv"), CoopsUk);
        return directory;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.GetDirectories(from))
        {
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }
}

public sealed class SqliteOpenDataApiServer() : OpenDataApiServer(StoreProvider.Sqlite);

/// <summary>
/// The classes that ask questions of the open data on SQLite share one server (loading both datasets takes a while),
/// and run one at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SqliteOpenDataCollection : ICollectionFixture<SqliteOpenDataApiServer>
{
    public const string Name = "SQLite with the open data";
}

public sealed class PostgresOpenDataApiServer() : OpenDataApiServer(StoreProvider.Postgres);

/// <summary>The classes that ask questions of the open data on PostgreSQL share one server, as on SQLite.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresOpenDataCollection : ICollectionFixture<PostgresOpenDataApiServer>
{
    public const string Name = "PostgreSQL with the open data";
}
