namespace SocialEconomy.Graph.Store;

/// <summary>Where the graph lives. Bound from the configuration section "Store" (environment: Store__Provider, ...).</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>Sqlite (embedded, the default) or Postgres.</summary>
    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary>An ADO.NET connection string for the provider; for SQLite, "Data Source=path/to/file.db".</summary>
    public string ConnectionString { get; set; } = "Data Source=graph.db";

    /// <summary>Create or upgrade the schema on start. Production may turn this off and run "ingest migrate" instead.</summary>
    public bool MigrateOnStart { get; set; } = true;
}

public enum StoreProvider
{
    Sqlite,
    Postgres,
}
