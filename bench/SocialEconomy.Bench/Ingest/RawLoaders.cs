using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Bench.Ingest;

/// <summary>
/// The raw baselines of ingest: the fastest plain way each store takes the same rows, with no merging, change
/// tracking or look-ups. SQLite: one transaction, one prepared INSERT per table, executed per row. PostgreSQL: one
/// transaction, a binary COPY per table.
/// </summary>
public static class RawLoaders
{
    public static async Task SqliteAsync(string connectionString, IEnumerable<RawRows.Table> tables, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // The settings the product's loader has on its connections, its page cache included.
        SqliteConnectionSettings.Apply(connection);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = string.Create(CultureInfo.InvariantCulture,
                $"INSERT INTO \"{table.Name}\" ({string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))}) VALUES ({string.Join(", ", table.Columns.Select((_, i) => $"$p{i}"))})");
            var parameters = table.Columns.Select((_, i) => command.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
            command.Prepare();
            foreach (var row in table.Rows)
            {
                for (var i = 0; i < row.Length; i++)
                {
                    parameters[i].Value = row[i] switch
                    {
                        null => DBNull.Value,
                        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        var value => value,
                    };
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public static async Task PostgresAsync(string connectionString, IEnumerable<RawRows.Table> tables, CancellationToken cancellationToken)
    {
        // No command timeout: completing the COPY of a million rows takes the server minutes, past Npgsql's 30 s default.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var table in tables)
        {
            await using (var writer = await connection.BeginBinaryImportAsync(
                $"COPY \"{table.Name}\" ({string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)", cancellationToken))
            {
                foreach (var row in table.Rows)
                {
                    await writer.StartRowAsync(cancellationToken);
                    for (var i = 0; i < row.Length; i++)
                    {
                        if (row[i] is null)
                        {
                            await writer.WriteNullAsync(cancellationToken);
                        }
                        else
                        {
                            await writer.WriteAsync(row[i], table.Columns[i].Type, cancellationToken);
                        }
                    }
                }

                await writer.CompleteAsync(cancellationToken);
            }
        }

        // Explicit ids bypass the identity; later inserts must not collide with them.
        await using (var command = new NpgsqlCommand(
            "SELECT setval(pg_get_serial_sequence('\"Relationships\"', 'Id'), GREATEST((SELECT max(\"Id\") FROM \"Relationships\"), 1))", connection, transaction))
        {
            await command.ExecuteScalarAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
