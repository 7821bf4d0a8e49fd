using SocialEconomy.Graph.Loading;

namespace SocialEconomy.Api.Caching;

/// <summary>
/// Answers to GETs of registered documents, as the bytes sent, by their ETag, least recently used evicted first;
/// bounded by entries and by bytes (HttpCaching:AnswerCacheMaxEntries, AnswerCacheMaxBytes). Every answer held is of
/// one data version: the first request that sees another version (a load by this process or any other) empties it.
/// </summary>
public sealed class AnswerCache(HttpCachingOptions options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<CachedAnswer>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<CachedAnswer> _recency = new();
    private StoreVersion? _version;
    private long _bytes;
    private long _hits;

    public bool Enabled => options.Enabled && options.AnswerCacheMaxEntries > 0 && options.AnswerCacheMaxBytes > 0;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>The answer held under <paramref name="etag"/> for this data version, or null; a hit makes it the most recently used.</summary>
    public CachedAnswer? TryGet(StoreVersion version, string etag)
    {
        if (!Enabled)
        {
            return null;
        }

        lock (_lock)
        {
            EmptyUnless(version);
            if (!_entries.TryGetValue(etag, out var node))
            {
                return null;
            }

            _recency.Remove(node);
            _recency.AddFirst(node);
            Interlocked.Increment(ref _hits);
            return node.Value;
        }
    }

    /// <summary>Holds an answer of <paramref name="version"/>, evicting the least recently used until both bounds hold again.</summary>
    public void Add(StoreVersion version, CachedAnswer answer)
    {
        if (!Enabled || answer.Body.Length > options.AnswerCacheMaxBytes)
        {
            return;
        }

        lock (_lock)
        {
            EmptyUnless(version);
            if (_entries.ContainsKey(answer.ETag))
            {
                return;
            }

            _entries[answer.ETag] = _recency.AddFirst(answer);
            _bytes += answer.Body.Length;
            while (_entries.Count > options.AnswerCacheMaxEntries || _bytes > options.AnswerCacheMaxBytes)
            {
                var last = _recency.Last!.Value;
                _recency.RemoveLast();
                _entries.Remove(last.ETag);
                _bytes -= last.Body.Length;
            }
        }
    }

    /// <summary>
    /// Empties the cache when <paramref name="version"/> is not the one its answers are of. Answers are held by ETags,
    /// which name their version, so a request that read the version just before a load can never be given an answer
    /// of another version; it only empties the cache once more.
    /// </summary>
    private void EmptyUnless(StoreVersion version)
    {
        if (_version != version)
        {
            _entries.Clear();
            _recency.Clear();
            _bytes = 0;
            _version = version;
        }
    }
}

/// <summary>An answer as sent: its ETag, media type, operation name (for the request log) and body.</summary>
public sealed record CachedAnswer(string ETag, string ContentType, string? OperationName, byte[] Body);
