using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Loading.Bulk;

/// <summary>
/// Writes new rows the fastest way each store has, on the load's own connection and inside its transaction, so a
/// failure or a kill still leaves nothing behind: SQLite through one prepared multi-row INSERT reused for the
/// whole table (<see cref="SqliteBulkWriter"/>), PostgreSQL through binary COPY (<see cref="PostgresBulkWriter"/>).
/// Also what a bulk load needs around the writes: blocks of relationship ids, and a table's secondary indexes as
/// the store's catalogue holds them (made by the migrations), to drop before a bulk load and build again after it.
/// </summary>
internal abstract class BulkWriter(GraphDbContext db, IProgress<string>? progress)
{
    protected GraphDbContext Db { get; } = db;

    protected DbConnection Connection => Db.Database.GetDbConnection();

    protected DbTransaction Transaction => Db.Database.CurrentTransaction?.GetDbTransaction()
        ?? throw new InvalidOperationException("Bulk writes run inside the load's transaction.");

    public static BulkWriter For(GraphDbContext db, IProgress<string>? progress) =>
        db.IsPostgres ? new PostgresBulkWriter(db, progress) : new SqliteBulkWriter(db, progress);

    /// <summary>Inserts the records into the table EF Core maps their type to.</summary>
    public async Task WriteAsync<T>(IReadOnlyList<T> records, CancellationToken cancellationToken)
        where T : class
    {
        if (records.Count == 0)
        {
            return;
        }

        var table = BulkTable.For<T>(Db);
        var rows = new RowProgress(progress, table.Name, records.Count);
        await WriteRowsAsync(table, records, rows, cancellationToken);
        rows.Done();
    }

    protected abstract Task WriteRowsAsync<T>(BulkTable table, IReadOnlyList<T> records, RowProgress rows, CancellationToken cancellationToken)
        where T : class;

    /// <summary>
    /// The first of <paramref name="count"/> consecutive ids of the table's generated key, reserved in one statement
    /// so that no later insert (in this transaction or another) is given one of them.
    /// </summary>
    public abstract Task<long> ReserveIdsAsync(string table, int count, CancellationToken cancellationToken);

    /// <summary>The table's indexes other than its primary key, with the statement that creates each.</summary>
    public abstract Task<IReadOnlyList<SecondaryIndex>> SecondaryIndexesAsync(string table, CancellationToken cancellationToken);

    public async Task DropAsync(SecondaryIndex index, CancellationToken cancellationToken)
    {
        await ExecuteAsync($"DROP INDEX \"{index.Name}\"", cancellationToken);
    }

    public async Task CreateAsync(SecondaryIndex index, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await ExecuteAsync(index.Definition, cancellationToken);
        progress?.Report(string.Create(CultureInfo.InvariantCulture, $"{index.Table}: index {index.Name} built ({clock.Elapsed.TotalSeconds:F1} s)"));
    }

    /// <summary>
    /// Gathers the planner's statistics for a table (ANALYZE reads the same on both stores). Without them, after a
    /// large load, both planners guess and pick scans over indexes: on a store of 10^4 synthetic nodes the headline
    /// question ran about twenty times slower on PostgreSQL, and an evidence map five times slower on SQLite.
    /// </summary>
    public async Task AnalyzeAsync(string table, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await ExecuteAsync($"ANALYZE \"{table}\"", cancellationToken);
        progress?.Report(string.Create(CultureInfo.InvariantCulture, $"{table}: planner statistics gathered ({clock.Elapsed.TotalSeconds:F1} s)"));
    }

    public async Task<long> CountAsync(string table, CancellationToken cancellationToken)
    {
        await using var command = Command($"SELECT COUNT(*) FROM \"{table}\"");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public void Report(string message) => progress?.Report(message);

    protected DbCommand Command(string sql)
    {
        var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = sql;
        command.CommandTimeout = 0;
        return command;
    }

    protected async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected async Task<List<SecondaryIndex>> ReadIndexesAsync(string table, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(sql);
        var parameter = command.CreateParameter();
        parameter.ParameterName = "table";
        parameter.Value = table;
        command.Parameters.Add(parameter);
        var indexes = new List<SecondaryIndex>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            indexes.Add(new SecondaryIndex(table, reader.GetString(0), reader.GetString(1)));
        }

        return indexes;
    }

    /// <summary>Reports a table's rows as they are written, at most every few seconds, so a long load shows it is alive.</summary>
    protected sealed class RowProgress(IProgress<string>? progress, string table, int total)
    {
        private static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan _reported;
        private int _written;

        public void Add(int rows)
        {
            _written += rows;
            if (progress is not null && _clock.Elapsed - _reported >= Interval && _written < total)
            {
                _reported = _clock.Elapsed;
                progress.Report(string.Create(CultureInfo.InvariantCulture, $"{table}: {_written:N0} of {total:N0} rows written..."));
            }
        }

        private bool _done;

        /// <summary>Reports the table written; once, however often it is called.</summary>
        public void Done()
        {
            if (!_done)
            {
                _done = true;
                progress?.Report(string.Create(CultureInfo.InvariantCulture, $"{table}: {total:N0} rows written ({_clock.Elapsed.TotalSeconds:F1} s)"));
            }
        }
    }
}

/// <summary>An index as the store's catalogue describes it: <see cref="Definition"/> is the statement that creates it.</summary>
internal sealed record SecondaryIndex(string Table, string Name, string Definition);
