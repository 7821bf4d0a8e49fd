using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace SocialEconomy.Graph.Store;

/// <summary>
/// Runs SQL the graph's own code writes (not EF Core's, from LINQ) and reads its rows: the compiled pages, the
/// traversals' reads, node lookups. On SQLite, on connections that keep each statement prepared
/// (<see cref="SqlitePreparedStatements"/>) when the context's scope has them and no transaction is open: the depth-2
/// neighbourhood of the 10^4 synthetic store, whose reads are all written here, went from 11.3 to 10.1–10.3 ms at p50
/// (old and new builds asked in turn). Otherwise as a command of EF Core's own, so that the context's connection and
/// interceptors (the statement counter, cancellation) serve it, without the LINQ expression that an EF Core raw SQL
/// query (SqlQueryRaw) builds and EF Core then walks on every call.
/// </summary>
public static class StoreReads
{
    /// <summary>
    /// Runs <paramref name="sql"/> with <paramref name="parameters"/> (free to join a command: a parameter belongs to
    /// one command at a time) and hands its reader to <paramref name="read"/>.
    /// </summary>
    public static async Task<T> ReadAsync<T>(
        GraphDbContext db, string sql, IEnumerable<DbParameter> parameters, Func<DbDataReader, Task<T>> read, CancellationToken cancellationToken)
    {
        if (db.PreparedStatements is { } prepared && db.Database.CurrentTransaction is null)
        {
            return await prepared.ReadAsync(db, sql, parameters, read, cancellationToken);
        }

        var builder = db.GetService<IRelationalCommandBuilderFactory>().Create().Append(sql);
        foreach (var parameter in parameters)
        {
            builder.AddRawParameter(parameter.ParameterName, parameter);
        }

        var run = new RelationalCommandParameterObject(
            db.GetService<IRelationalConnection>(), new Dictionary<string, object?>(), readerColumns: null, db,
            db.GetService<IRelationalCommandDiagnosticsLogger>(), CommandSource.FromSqlQuery);
        await using var reader = await builder.Build().ExecuteReaderAsync(run, cancellationToken);
        return await read(reader.DbDataReader);
    }

    /// <summary>
    /// On PostgreSQL, the array bound for {<paramref name="parameter"/>} of <see cref="RowsAsync"/>, read in a sub-select
    /// so that no plan of the statement knows its length. Given the array itself, PostgreSQL costs a plan for that
    /// length, finds it cheaper than the plan it would make for any length, and plans the statement again on every run
    /// (0.1 to 0.9 ms of a statement's bind in the server's log, for the graph's reads by lists of ids); a plan for any
    /// length is made once and kept on the connection. Not for a statement whose plan must know the length (a path's
    /// hop, <see cref="Traversal.GraphTraversal"/>).
    /// </summary>
    public static string ArrayOfAnyLength(int parameter, string elementType) =>
        string.Create(CultureInfo.InvariantCulture, $"(SELECT {{{parameter}}}::{elementType}[])");

    /// <summary>
    /// "= ANY" of <see cref="ArrayOfAnyLength"/>, cast back to an array: "= ANY" of a bare sub-select compares with its
    /// rows, not with the elements of the array in its one row.
    /// </summary>
    public static string InArrayOfAnyLength(int parameter, string elementType) =>
        $"= ANY(CAST({ArrayOfAnyLength(parameter, elementType)} AS {elementType}[]))";

    /// <summary>"&lt;&gt; ALL" of <see cref="ArrayOfAnyLength"/>, cast back to an array (see <see cref="InArrayOfAnyLength"/>).</summary>
    public static string NotInArrayOfAnyLength(int parameter, string elementType) =>
        $"<> ALL(CAST({ArrayOfAnyLength(parameter, elementType)} AS {elementType}[]))";

    /// <summary>
    /// The rows of <paramref name="sql"/>, each read by <paramref name="row"/>. Its {0}, {1}, ... stand for
    /// <paramref name="values"/>, bound as parameters, as in EF Core's SqlQueryRaw (so its other braces are doubled).
    /// </summary>
    public static Task<List<T>> RowsAsync<T>(
        GraphDbContext db, string sql, IReadOnlyList<object> values, Func<DbDataReader, T> row, CancellationToken cancellationToken)
    {
        var postgres = db.IsPostgres;
        var names = values.Select((_, i) => (object)$"@p{i}").ToArray();
        var parameters = values.Select((value, i) => postgres
            ? (DbParameter)new NpgsqlParameter($"p{i}", value)
            : new SqliteParameter($"@p{i}", value));
        return ReadAsync(db, string.Format(CultureInfo.InvariantCulture, sql, names), parameters, async reader =>
        {
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(row(reader));
            }

            return rows;
        }, cancellationToken);
    }
}
