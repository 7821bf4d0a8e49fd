using Microsoft.Extensions.Caching.Memory;

namespace SocialEconomy.Graph.Compiling;

/// <summary>
/// Statements written by <see cref="PageStatement"/>, by a key that names everything they were written from, least
/// recently used evicted first when the characters of their SQL pass the bound. Writing a page's statement (building
/// its filters, EF Core translating them, the nested reads' SQL) took as long as the store took to run it; a question
/// asked again with the same arguments and selection reuses it.
/// </summary>
/// <remarks>
/// A statement is a function of its key alone: filters and orders are composed as queries, never read from the
/// store while written, and values the store's data could change are not part of the SQL. A written statement is
/// never changed, and its parameters are copied for each run (<see cref="PageStatement.ReadAsync(Store.GraphDbContext, Type, WrittenStatement, IReadOnlyList{NestedRead}, int, CancellationToken)"/>).
/// </remarks>
public sealed class StatementCache(long maxCharacters) : IDisposable
{
    private readonly MemoryCache? _statements = maxCharacters > 0 ? new MemoryCache(new MemoryCacheOptions { SizeLimit = maxCharacters }) : null;
    private long _hits;
    private long _misses;

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>
    /// The statement held under <paramref name="key"/>, or the one <paramref name="write"/> writes, then held; always
    /// written afresh when there is no key (its arguments could not be named) or the cache is off.
    /// </summary>
    public WrittenStatement GetOrWrite(string? key, Func<WrittenStatement> write)
    {
        if (key is null || _statements is null)
        {
            return write();
        }

        if (_statements.TryGetValue(key, out WrittenStatement? held) && held is not null)
        {
            Interlocked.Increment(ref _hits);
            return held;
        }

        Interlocked.Increment(ref _misses);
        var written = write();
        _statements.Set(key, written, new MemoryCacheEntryOptions { Size = written.Sql.Length + key.Length });
        return written;
    }

    public void Dispose() => _statements?.Dispose();
}
