namespace SocialEconomy.Graph.Store;

/// <summary>Settings of the SQLite library as a whole, which it takes only before the first connection of the process opens.</summary>
public static class SqliteLibrary
{
    /// <summary>SQLITE_CONFIG_MEMSTATUS.</summary>
    private const int MemoryStatus = 9;

    private static readonly Lazy<bool> Configured = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return SQLitePCL.raw.sqlite3_config(MemoryStatus, 0) == SQLitePCL.raw.SQLITE_OK;
    });

    /// <summary>
    /// Turns off SQLite's count of the memory it holds, which nothing here reads: every allocation of every connection
    /// updates it under one lock for the whole process, so connections reading at once waited on each other. At 10^6
    /// nodes, 8 clients asking the depth-2 neighbourhood got 112-116 requests a second with the count and 185-190
    /// without. False when a connection of the process opened first: the library then keeps counting, which costs
    /// time, not answers.
    /// </summary>
    public static bool Configure() => Configured.Value;
}
