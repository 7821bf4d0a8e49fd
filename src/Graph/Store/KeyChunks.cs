namespace SocialEconomy.Graph.Store;

/// <summary>
/// Looks keys up a slice at a time, each slice sent as one parameter (EF.Parameter: a JSON array on SQLite, an
/// array on PostgreSQL) rather than one parameter per key, which the stores parse and plan far more slowly
/// and refuse beyond some tens of thousands.
/// </summary>
internal static class KeyChunks
{
    private const int Size = 5_000;

    public static async Task<List<T>> QueryAsync<TKey, T>(IEnumerable<TKey> keys, Func<TKey[], Task<List<T>>> query)
    {
        var rows = new List<T>();
        foreach (var chunk in keys.Chunk(Size))
        {
            rows.AddRange(await query(chunk));
        }

        return rows;
    }
}
