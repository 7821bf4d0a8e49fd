using System.Data.Common;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Loading.Bulk;

/// <summary>
/// SQLite: one INSERT of several rows (about <see cref="ParametersPerStatement"/> values), prepared once per table and
/// executed again and again with new values (and one more for the remainder), so SQLite parses and plans it once, not
/// once per row.
/// </summary>
internal sealed class SqliteBulkWriter(GraphDbContext db, IProgress<string>? progress) : BulkWriter(db, progress)
{
    /// <summary>
    /// Values per statement: enough rows to spread the cost of a statement's execution, few enough values that binding
    /// stays cheap (SQLite finds each named parameter by a scan of the statement's parameters, so binding grows with
    /// their square). At 10^5 nodes, 1,036,443 relationships of 21 columns took 18.5 s to write 20 rows (420 values) a
    /// statement and 7.7 s 4 rows (84 values) a statement; their sources, of 3 columns, took 2.0 s 20 rows a statement.
    /// </summary>
    private const int ParametersPerStatement = 100;

    /// <summary>The most rows one statement writes, however narrow the table.</summary>
    private const int MostRowsPerStatement = 20;

    protected override async Task WriteRowsAsync<T>(BulkTable table, IReadOnlyList<T> records, RowProgress rows, CancellationToken cancellationToken)
    {
        var columns = table.Columns;
        var rowsPerStatement = Math.Clamp(ParametersPerStatement / columns.Count, 1, MostRowsPerStatement);
        DbCommand? full = null;
        DbCommand? remainder = null;
        try
        {
            for (var start = 0; start < records.Count; start += rowsPerStatement)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(rowsPerStatement, records.Count - start);
                var command = count == rowsPerStatement ? full ??= Insert(table, count) : remainder ??= Insert(table, count);
                var parameters = command.Parameters;
                var p = 0;
                for (var r = start; r < start + count; r++)
                {
                    var record = records[r];
                    foreach (var column in columns)
                    {
                        parameters[p++].Value = column.Read(record) ?? DBNull.Value;
                    }
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
                rows.Add(count);
            }
        }
        finally
        {
            full?.Dispose();
            remainder?.Dispose();
        }
    }

    public override async Task<long> ReserveIdsAsync(string table, int count, CancellationToken cancellationToken)
    {
        // AUTOINCREMENT keys never reuse an id, even a deleted one's: start above both the table's largest id and the
        // highest SQLite ever handed out. Rows inserted with these ids move that mark past them; the transaction holds
        // the write lock, so no one else takes ids meanwhile.
        await using var command = Command($"""
            SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0), coalesce((SELECT max("Id") FROM "{table}"), 0)) + 1
            """);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public override async Task<IReadOnlyList<SecondaryIndex>> SecondaryIndexesAsync(string table, CancellationToken cancellationToken) =>
        // Primary keys and UNIQUE constraints are SQLite's own indexes, without a statement.
        await ReadIndexesAsync(table, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $table AND sql IS NOT NULL ORDER BY name", cancellationToken);

    private DbCommand Insert(BulkTable table, int rows)
    {
        var names = string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""));
        var values = Enumerable.Range(0, rows)
            .Select(r => "(" + string.Join(", ", table.Columns.Select((_, c) => $"$p{(r * table.Columns.Count) + c}")) + ")");
        var command = Command($"INSERT INTO \"{table.Name}\" ({names}) VALUES {string.Join(", ", values)}");
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < table.Columns.Count; c++)
            {
                command.Parameters.Add(table.Columns[c].Mapping.CreateParameter(command, $"$p{(r * table.Columns.Count) + c}", null));
            }
        }

        command.Prepare();
        return command;
    }
}
