using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Export;

/// <summary>
/// A hash of the graph's content: every node with its properties, identifiers and sources (with their origins),
/// and every relationship by its natural key with its properties and sources. It is the SHA-256 of the canonical
/// record lines a dump holds (docs/dump-format.md), so it leaves out what differs between stores for the same graph
/// (relationship ids, row order, the search index) and is the same for the same graph on SQLite and PostgreSQL.
/// </summary>
public static class GraphContentHash
{
    /// <summary>The hash of one committed state of the store.</summary>
    public static async Task<string> ComputeAsync(GraphDbContext db, CancellationToken cancellationToken = default)
    {
        await using var snapshot = await GraphContent.BeginSnapshotAsync(db, cancellationToken);
        return await ComputeInTransactionAsync(db, cancellationToken);
    }

    /// <summary>The hash of what the caller's transaction sees, e.g. a restore before it commits.</summary>
    public static Task<string> ComputeInTransactionAsync(GraphDbContext db, CancellationToken cancellationToken = default) =>
        new GraphDump.CanonicalLines(null).WriteGraphAsync(db, cancellationToken);

    internal static string Format(byte[] sha256) => "sha256:" + Convert.ToHexStringLower(sha256);
}
