namespace SocialEconomy.Graph.Store;

/// <summary>Where the graph lives. Bound from the configuration section "Store" (environment: Store__Provider, ...).</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>Sqlite (embedded, the default) or Postgres.</summary>
    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary>An ADO.NET connection string for the provider; for SQLite, "Data Source=path/to/file.db".</summary>
    public string ConnectionString { get; set; } = "Data Source=graph.db";

    /// <summary>
    /// SQLite: how many of the statements the graph writes itself (compiled pages, traversal reads, node lookups: see
    /// <see cref="StoreReads"/>) each of the API's kept connections holds prepared, the most recently used; 0 prepares
    /// each afresh on every run, as EF Core does its own. Preparing the organisation profile's compiled page took
    /// longer than running it.
    /// </summary>
    public int SqlitePreparedStatements { get; set; } = 32;

    /// <summary>
    /// SQLite: the page cache each of the store's connections keeps, in MiB; 0 keeps SQLite's own, 2 MiB. Memory is
    /// taken only as pages are read. A large store needs more than SQLite's own: see <see cref="SqliteConnectionSettings"/>.
    /// </summary>
    public int SqliteCacheMiB { get; set; } = SqliteConnectionSettings.DefaultCacheMiB;

    /// <summary>Create or upgrade the schema on start. Production may turn this off and run "ingest migrate" instead.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// A load that adds at least this many rows to a table, and at least as many as the table already holds, drops
    /// the table's secondary indexes for its writes and builds them again before it commits. Building an index once
    /// from sorted rows is far cheaper than updating it row by row, but a table without its indexes is slow to query,
    /// and on PostgreSQL readers of the table wait for the load to commit.
    /// </summary>
    public int BulkIndexThreshold { get; set; } = 10_000;

    /// <summary>
    /// How long a load waits for another load into the same store to commit before it gives up with nothing
    /// written. Loads run one at a time, each comparing its batch with what the previous one committed.
    /// </summary>
    public int LoadWaitSeconds { get; set; } = 60;

    /// <summary>
    /// Connection strings of PostgreSQL streaming replicas of the store (Store__ReadReplicas__0, ...). The API sends
    /// its reads to the first that answers and is not too far behind, and to the primary when none is; loads, imports
    /// and migrations always write to the primary (ConnectionString). Empty: every read goes to the primary.
    /// </summary>
    public List<string> ReadReplicas { get; set; } = [];

    /// <summary>A replica further behind the primary than this is skipped until it catches up.</summary>
    public int ReplicaMaxLagSeconds { get; set; } = 30;

    /// <summary>How often the API checks its replicas, and so how soon it stops reading from one that stops.</summary>
    public int ReplicaCheckSeconds { get; set; } = 5;
}

public enum StoreProvider
{
    Sqlite,
    Postgres,
}
