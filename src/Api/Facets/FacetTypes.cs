using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Api.Loading;
using SocialEconomy.Api.Relay;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Api.Facets;

/// <summary>One value of a facet and how many items of the filtered list have it.</summary>
public sealed record FacetCount(string? Value, int Count, NodeKind? Kind = null, string? Key = null);

public sealed class FacetCountType : ObjectGraphType<FacetCount>
{
    public FacetCountType()
    {
        Name = "FacetCount";
        Description = "A value and how many items of the filtered list (all pages) have it; most frequent first.";
        Field(f => f.Value, nullable: true).Description("The value (an enum name, a region, a key); null counts the items where it is not recorded.");
        Field(f => f.Count).Description("How many items have the value.");
        Field<NodeInterface>("node").Description("The record the value stands for, when it is one (e.g. a challenge area).")
            .Resolve(c => c.Source is { Kind: { } kind, Key: { } key } ? c.Reader().Node(kind, key) : null);
    }
}

/// <summary>Counting helpers shared by the entity facet types; each facet is one grouped statement.</summary>
public static class Facet
{
    public static IQueryable<T> Filtered<T>(this IResolveFieldContext<Connection> context) =>
        (IQueryable<T>?)context.Source.Filtered?.Invoke() ?? throw new InvalidOperationException("This connection was built without its filtered list.");

    public static GraphDbContext Db(this IResolveFieldContext context) => context.RequestServices!.GetRequiredService<GraphDbContext>();

    /// <summary>Counts by a value of the item itself.</summary>
    public static async Task<IReadOnlyList<FacetCount>> ByValueAsync<T, TValue>(
        IQueryable<T> items, System.Linq.Expressions.Expression<Func<T, TValue>> value, CancellationToken cancellationToken)
    {
        var rows = await items.GroupBy(value).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return Order(rows.Select(r => new FacetCount(r.Key is null ? null : Format(r.Key), r.Count)));
    }

    /// <summary>Counts by the nodes the items are related to, e.g. models per challenge area.</summary>
    public static async Task<IReadOnlyList<FacetCount>> ByRelatedAsync(
        GraphDbContext db, IQueryable<string> ids, RelationshipType type, bool outgoing, NodeKind relatedKind, CancellationToken cancellationToken)
    {
        var relationships = db.Relationships.Where(r => r.Type == type);
        var rows = outgoing
            ? await relationships.Where(r => r.ToKind == relatedKind && ids.Contains(r.FromId))
                .GroupBy(r => r.ToId).Select(g => new { Key = g.Key, Count = g.Select(r => r.FromId).Distinct().Count() }).ToListAsync(cancellationToken)
            : await relationships.Where(r => r.FromKind == relatedKind && ids.Contains(r.ToId))
                .GroupBy(r => r.FromId).Select(g => new { Key = g.Key, Count = g.Select(r => r.ToId).Distinct().Count() }).ToListAsync(cancellationToken);
        return Order(rows.Select(r => new FacetCount(r.Key, r.Count, relatedKind, r.Key)));
    }

    private static string Format(object value) => value switch
    {
        Enum e => GraphQL.StringExtensions.ToConstantCase(e.ToString()),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    /// <summary>Most frequent first, then the value not recorded, then by value: the order of every facet.</summary>
    internal static List<FacetCount> Order(IEnumerable<FacetCount> counts) =>
        counts.OrderByDescending(c => c.Count).ThenBy(c => c.Value is null).ThenBy(c => c.Value, StringComparer.Ordinal).ToList();
}
