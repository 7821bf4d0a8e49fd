using Microsoft.EntityFrameworkCore;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Loading;

/// <summary>
/// One load that changed the store, written in the load's own transaction. Readers that keep a projection of the graph
/// in memory (the API's similarity index) compare <see cref="StoreVersion"/> with the one they were built from.
/// </summary>
public sealed class StoreLoad
{
    /// <summary>What a dump restore records as its origin: a dump holds records of many datasets.</summary>
    public const string RestoreOrigin = "dump";

    public long Id { get; set; }

    /// <summary>When the load wrote its last row (UTC), just before it committed.</summary>
    public DateTimeOffset FinishedAt { get; set; }

    /// <summary>The dataset loaded (seed, indigo, coops-uk, synthetic) or <see cref="RestoreOrigin"/>.</summary>
    public required string Origin { get; set; }

    /// <summary>Records and relationships added.</summary>
    public int Added { get; set; }

    public int Updated { get; set; }

    public int Unchanged { get; set; }

    /// <summary>Adds the row to the context; the caller's SaveChanges writes it in its transaction.</summary>
    internal static void Record(GraphDbContext db, string origin, int added, int updated, int unchanged) =>
        db.StoreLoads.Add(new StoreLoad { FinishedAt = DateTimeOffset.UtcNow, Origin = origin, Added = added, Updated = updated, Unchanged = unchanged });
}

/// <summary>
/// Which loads a store has committed: their number and the last one's id. Rows are only ever added, so any committed
/// load changes it, even one that took its id before a load that committed first.
/// </summary>
public sealed record StoreVersion
{
    public long Loads { get; init; }

    public long LastLoadId { get; init; }

    /// <summary>One statement, an aggregate over the primary key of a table with a row per load.</summary>
    public static Task<StoreVersion> ReadAsync(GraphDbContext db, CancellationToken cancellationToken) =>
        db.Database.SqlQueryRaw<StoreVersion>("""SELECT COUNT(*) AS "Loads", COALESCE(MAX("Id"), 0) AS "LastLoadId" FROM "StoreLoads" """)
            .SingleAsync(cancellationToken);
}
