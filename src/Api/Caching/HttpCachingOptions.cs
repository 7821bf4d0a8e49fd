namespace SocialEconomy.Api.Caching;

/// <summary>HTTP caching of GET answers and the in-process cache of answers to registered documents. Bound from configuration section "HttpCaching".</summary>
public sealed class HttpCachingOptions
{
    public const string Section = "HttpCaching";

    /// <summary>ETags, 304 answers to If-None-Match and the answer cache; off, every GET runs in full and carries no ETag.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The Cache-Control of a successful GET answer (and of its 304); empty sends none.</summary>
    public string CacheControl { get; set; } = "public, max-age=60";

    /// <summary>Most answers to registered documents held in memory; 0 turns the answer cache off.</summary>
    public int AnswerCacheMaxEntries { get; set; } = 1_000;

    /// <summary>Most bytes of answers held in all; a larger answer is never held.</summary>
    public long AnswerCacheMaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// How often the store's data version is read (one small statement), and so the longest a load by another
    /// process takes to show in ETags and to empty the answer cache. Requests themselves never read it.
    /// </summary>
    public int VersionCheckMilliseconds { get; set; } = 250;
}
