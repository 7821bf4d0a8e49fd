using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace SocialEconomy.Graph.Store;

/// <summary>
/// What every SQLite connection of the store is given when it opens, a pooled one taken again included.
/// <list type="bullet">
/// <item>Temporary tables in memory (PRAGMA temp_store=MEMORY). The lists that filters' IN (SELECT ...), DISTINCT and
/// grouping build while a statement runs are temporary tables. Left to temporary files, as by default, a statement
/// building several of them ran several times slower in a process that had already run other statements, with the
/// same virtual-machine steps: the headline question's page and total in one statement took 1.36 ms against 0.53 ms
/// in memory (SQLite 3.53.3, the 10^4 synthetic store).</item>
/// <item>A page cache of <see cref="StoreOptions.SqliteCacheMiB"/> (PRAGMA cache_size). SQLite's own is 2 MiB a
/// connection, fewer pages than one search reads in a large store, so every statement read its pages from the
/// operating system again: at 10^6 nodes the benchmark's search statement took 11.9 ms with 2 MiB, 14.0 ms with
/// 8, 5.5 ms with 16, 4.5 ms with 32 and 4.0 ms with 64. A connection's cache holds only the pages it has read, and
/// lasts while the pool keeps the connection open.</item>
/// <item>Plans made from the SQL alone (SQLITE_DBCONFIG_ENABLE_QPSG), never from the values bound to it. Otherwise SQLite
/// marks a statement whose plan could use a bound value (a LIMIT, the pattern of a LIKE) and compiles it again on its
/// first step after each binding: a prepared statement kept for its next run was compiled on every run, and every
/// other such statement twice, once when prepared and once when its values were bound. The relationships around the
/// ends of a path (<c>LIMIT ?</c>) took 0.213 ms a run so, and 0.150 ms with one plan, on the 10^4 synthetic store
/// (SQLite 3.53.3, 200 runs of one prepared statement each way); a LIKE over the organisations' names 1.229 and
/// 0.479 ms. No index serves the LIKE patterns the graph writes (a pattern's fixed start could otherwise be read
/// through one), and the benchmark's path, headline question, search, organisation page and neighbourhood at 10^4,
/// 10^5 and 10^6 nodes, and its evidence map at 10^4 and 10^5, spent no more time in their statements with plans
/// from the SQL alone, beyond the request log's steps of 0.1 ms (medians, the two builds asked in turn).</item>
/// </list>
/// Both belong to the database handle, which Microsoft.Data.Sqlite keeps in its pool when the connection closes and
/// hands to the next open: they are set once per handle, not on every open. EF Core opens and closes the connection
/// around each of its statements, and setting them again each time was a statement of its own (parsed, prepared and
/// run) on every one of those opens.
/// </summary>
public sealed class SqliteConnectionSettings(int cacheMiB) : DbConnectionInterceptor
{
    /// <summary>The page cache a connection keeps unless <see cref="StoreOptions.SqliteCacheMiB"/> says otherwise.</summary>
    public const int DefaultCacheMiB = 32;

    /// <summary>The handles given the settings; one closed by the pool drops out with it.</summary>
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _set = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => ApplyOnce(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ApplyOnce(connection);
        return Task.CompletedTask;
    }

    private void ApplyOnce(DbConnection connection)
    {
        var handle = ((SqliteConnection)connection).Handle!;
        if (!_set.TryGetValue(handle, out _))
        {
            Apply(connection, cacheMiB);
            _set.AddOrUpdate(handle, handle);
        }
    }

    /// <summary>Gives an open SQLite connection the store's settings; for connections opened outside the store's contexts.</summary>
    /// <param name="cacheMiB">The page cache in MiB; 0 keeps SQLite's own (2 MiB).</param>
    public static void Apply(DbConnection connection, int cacheMiB = DefaultCacheMiB)
    {
        using var command = connection.CreateCommand();
        // A negative cache_size is in KiB, a positive one in pages.
        command.CommandText = cacheMiB == 0
            ? "PRAGMA temp_store=MEMORY"
            : $"PRAGMA temp_store=MEMORY; PRAGMA cache_size=-{(cacheMiB * 1024L).ToString(CultureInfo.InvariantCulture)}";
        command.ExecuteNonQuery();
        var handle = ((SqliteConnection)connection).Handle;
        SqliteException.ThrowExceptionForRC(raw.sqlite3_db_config(handle, raw.SQLITE_DBCONFIG_ENABLE_QPSG, 1, out _), handle);
    }
}
