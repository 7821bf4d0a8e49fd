using System.Globalization;
using Npgsql;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Loading.Bulk;

/// <summary>
/// PostgreSQL: COPY ... FROM STDIN in the binary format, one COPY per table. A node table's search trigger (a
/// PL/pgSQL call per row) is switched off for its COPY, and the new nodes' search documents are written by one
/// INSERT ... SELECT instead; the switch is part of the load's transaction, so no other session sees it off.
/// </summary>
internal sealed class PostgresBulkWriter(GraphDbContext db, IProgress<string>? progress) : BulkWriter(db, progress)
{
    /// <summary>How many rows between progress reports and cancellation checks.</summary>
    private const int Slice = 10_000;

    protected override async Task WriteRowsAsync<T>(BulkTable table, IReadOnlyList<T> records, RowProgress rows, CancellationToken cancellationToken)
    {
        var searchTriggers = await SearchTriggersAsync(table.Name, cancellationToken);
        foreach (var trigger in searchTriggers)
        {
            await ExecuteAsync($"ALTER TABLE \"{table.Name}\" DISABLE TRIGGER \"{trigger.Name}\"", cancellationToken);
        }

        await CopyAsync(table, records, rows, cancellationToken);
        rows.Done();

        foreach (var trigger in searchTriggers)
        {
            await IndexForSearchAsync(table, records, trigger, cancellationToken);
            await ExecuteAsync($"ALTER TABLE \"{table.Name}\" ENABLE TRIGGER \"{trigger.Name}\"", cancellationToken);
        }
    }

    private async Task CopyAsync<T>(BulkTable table, IReadOnlyList<T> records, RowProgress rows, CancellationToken cancellationToken)
        where T : class
    {
        var connection = (NpgsqlConnection)Connection;
        var names = string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""));
        // Disposing the importer before Complete aborts the COPY: a failure or cancellation writes none of it.
        await using var importer = await connection.BeginBinaryImportAsync($"COPY \"{table.Name}\" ({names}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        // No time limit: the server checks the foreign keys of every row when the COPY completes, minutes for millions of rows.
        importer.Timeout = TimeSpan.Zero;
        var columns = table.Columns;
        for (var start = 0; start < records.Count; start += Slice)
        {
            var end = Math.Min(records.Count, start + Slice);
            for (var r = start; r < end; r++)
            {
                var record = records[r];
                await importer.StartRowAsync(cancellationToken);
                foreach (var column in columns)
                {
                    if (column.Read(record) is { } value)
                    {
                        await importer.WriteAsync(value, cancellationToken);
                    }
                    else
                    {
                        await importer.WriteNullAsync(cancellationToken);
                    }
                }
            }

            rows.Add(end - start);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>
    /// The table's row trigger that writes a search document for each inserted node (see the AddFullTextSearch and
    /// SearchOtherNames migrations), with its arguments: the node kind, the title column, the name columns
    /// (comma-separated, empty for none), then the other text columns.
    /// </summary>
    private async Task<List<SearchTrigger>> SearchTriggersAsync(string table, CancellationToken cancellationToken)
    {
        await using var command = Command("""
            SELECT t.tgname, t.tgargs
            FROM pg_trigger AS t
            WHERE t.tgrelid = to_regclass(quote_ident(@table)) AND NOT t.tgisinternal AND t.tgenabled <> 'D'
              AND t.tgfoid = to_regproc('search_document_sync') AND (t.tgtype & 4) <> 0
            """);
        var parameter = command.CreateParameter();
        parameter.ParameterName = "table";
        parameter.Value = table;
        command.Parameters.Add(parameter);
        var triggers = new List<SearchTrigger>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // tgargs: each argument followed by a zero byte.
            var arguments = System.Text.Encoding.UTF8.GetString((byte[])reader.GetValue(1)).Split('\0')[..^1];
            triggers.Add(new SearchTrigger(reader.GetString(0), arguments[0], arguments[1],
                arguments[2].Split(',', StringSplitOptions.RemoveEmptyEntries), arguments[3..]));
        }

        return triggers;
    }

    /// <summary>
    /// Writes the search documents of the nodes just copied in one statement, exactly as the trigger writes them
    /// row by row: the same title, the same names (those not null, one per line), and the same body, joined the way
    /// the trigger's loop joins it.
    /// </summary>
    private async Task IndexForSearchAsync<T>(BulkTable table, IReadOnlyList<T> records, SearchTrigger trigger, CancellationToken cancellationToken)
        where T : class
    {
        var id = table.Columns.Single(c => c.Name == "Id");
        var body = trigger.Body.Aggregate("NULL::text", (joined, column) => $"concat_ws(' ', {joined}, n.\"{column}\"::text)");
        var names = trigger.Names.Length == 0 ? "''" : $"concat_ws(E'\\n', {string.Join(", ", trigger.Names.Select(c => $"n.\"{c}\"::text"))})";
        await using var command = (NpgsqlCommand)Command($"""
            INSERT INTO "SearchDocuments" ("Kind", "Key", "Title", "Names", "Body")
            SELECT @kind, n."Id", n."{trigger.Title}"::text, {names}, coalesce({body}, '')
            FROM "{table.Name}" AS n
            WHERE n."Id" = ANY(@ids)
            ORDER BY n.ctid
            """);
        command.Parameters.AddWithValue("kind", trigger.Kind);
        command.Parameters.AddWithValue("ids", records.Select(r => (string)id.Read(r)!).ToArray());
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var written = await command.ExecuteNonQueryAsync(cancellationToken);
        Report(string.Create(CultureInfo.InvariantCulture, $"{table.Name}: {written:N0} search documents written ({clock.Elapsed.TotalSeconds:F1} s)"));
    }

    private sealed record SearchTrigger(string Name, string Kind, string Title, string[] Names, string[] Body);

    public override async Task<long> ReserveIdsAsync(string table, int count, CancellationToken cancellationToken)
    {
        // Sequences are outside transactions: lock out other writers of the table (readers go on), take the next
        // id, and move the sequence past the block, so nothing else can draw an id inside it.
        await ExecuteAsync($"LOCK TABLE \"{table}\" IN SHARE ROW EXCLUSIVE MODE", cancellationToken);
        await using var command = Command($"""
            SELECT setval(pg_get_serial_sequence('"{table}"', 'Id'), nextval(pg_get_serial_sequence('"{table}"', 'Id')) + {count.ToString(CultureInfo.InvariantCulture)} - 1) - {count.ToString(CultureInfo.InvariantCulture)} + 1
            """);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public override async Task<IReadOnlyList<SecondaryIndex>> SecondaryIndexesAsync(string table, CancellationToken cancellationToken) =>
        // Indexes that back a constraint (the primary key) stay; constraints of other tables depend on them.
        await ReadIndexesAsync(table, """
            SELECT c.relname, pg_get_indexdef(i.indexrelid)
            FROM pg_index AS i
            JOIN pg_class AS c ON c.oid = i.indexrelid
            WHERE i.indrelid = to_regclass(quote_ident(@table))
              AND NOT EXISTS (SELECT 1 FROM pg_constraint AS k WHERE k.conrelid = i.indrelid AND k.conindid = i.indexrelid)
            ORDER BY c.relname
            """, cancellationToken);
}
