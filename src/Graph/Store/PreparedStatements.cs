using System.Data.Common;
using Npgsql;

namespace SocialEconomy.Graph.Store;

/// <summary>
/// PostgreSQL plans a statement each time it is sent unless it is prepared, and the API sends the same few statements
/// over and over with other values: planning one of the API's larger statements (a page with its nested reads) took
/// longer than running it. So Npgsql prepares a statement on a connection once it has been sent there twice, and keeps
/// the last 64 so prepared, unless the connection string says otherwise ("Max Auto Prepare", "Auto Prepare Min Usages").
/// </summary>
public static class PreparedStatements
{
    private const int Kept = 64;
    private const int UsesBeforePreparing = 2;

    /// <summary>The connection string with automatic preparation turned on, where it does not set it itself.</summary>
    public static string ByDefault(string connectionString)
    {
        // Npgsql's own builder says it contains every keyword it knows, set or not; the plain one lists those given.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        if (given.Contains("maxautoprepare"))
        {
            return connectionString;
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = Kept };
        if (!given.Contains("autoprepareminusages"))
        {
            builder.AutoPrepareMinUsages = UsesBeforePreparing;
        }

        return builder.ConnectionString;
    }
}
