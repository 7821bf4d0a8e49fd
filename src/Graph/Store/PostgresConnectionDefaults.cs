using System.Data.Common;
using Npgsql;

namespace SocialEconomy.Graph.Store;

/// <summary>
/// What a PostgreSQL connection string gets unless it says otherwise.
/// <list type="bullet">
/// <item>
/// Prepared statements. PostgreSQL plans a statement each time it is sent unless it is prepared, and the API sends the
/// same few statements over and over with other values: planning one of the API's larger statements (a page with its
/// nested reads) took longer than running it. So Npgsql prepares a statement on a connection once it has been sent
/// there twice, and keeps the last 64 so prepared ("Max Auto Prepare", "Auto Prepare Min Usages").
/// </item>
/// <item>
/// No reset when a connection goes back to the pool ("No Reset On Close"). Npgsql otherwise sends, before the next
/// statement on it, a reset of the session (RESET ALL, DISCARD TEMP, releasing advisory locks...), which took the
/// server 0.4–0.55 ms: about half as long as the headline question's page, with its total and nested reads, took to
/// run (1 ms on 10^4 nodes). This code sets no session state (no SET, temporary tables, cursors, LISTEN or advisory
/// locks; a bulk load's LOCK TABLE ends with its transaction), so there is none to reset. Code that starts to set any
/// must reset it itself, or this must go.
/// </item>
/// </list>
/// </summary>
public static class PostgresConnectionDefaults
{
    private const int Kept = 64;
    private const int UsesBeforePreparing = 2;

    /// <summary>The connection string with these defaults, each where it does not set that keyword itself.</summary>
    public static string Apply(string connectionString)
    {
        // Npgsql's own builder says it contains every keyword it knows, set or not; the plain one lists those given.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains("maxautoprepare"))
        {
            builder.MaxAutoPrepare = Kept;
            if (!given.Contains("autoprepareminusages"))
            {
                builder.AutoPrepareMinUsages = UsesBeforePreparing;
            }
        }

        if (!given.Contains("noresetonclose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }
}
