using System.Buffers.Text;
using System.Globalization;
using System.Text;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace SocialEconomy.Api.Relay;

/// <summary>One page of a list, as a Relay connection.</summary>
public sealed class Connection
{
    public required IReadOnlyList<Edge> Edges { get; init; }

    public required PageInfo PageInfo { get; init; }

    /// <summary>Counts the whole list; run only when the client asks for totalCount.</summary>
    public required Func<CancellationToken, Task<int>> CountAsync { get; init; }

    /// <summary>
    /// The whole filtered list (an IQueryable of the entity), for facets computed over every page at once; built when
    /// first asked for. Null on lists that have none.
    /// </summary>
    public Func<object>? Filtered { get; init; }
}

public sealed record Edge(string Cursor, object Node);

public sealed record PageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);

/// <summary>
/// Reads a page (at most <paramref name="rows"/> rows of the query <paramref name="ordered"/> builds, after the first
/// <paramref name="skip"/>) and, when
/// <paramref name="counted"/> is given, how many rows its query has, at once; null when it cannot, and the page is then
/// read the usual way. Total is null when it was not asked. The queries are built only if the reader needs them: one
/// that has its statement already written does not.
/// </summary>
public delegate Task<(IReadOnlyList<T> Rows, int? Total)?> PageReader<T>(Func<IQueryable<T>> ordered, int skip, Func<IQueryable<T>>? counted, int rows, CancellationToken cancellationToken);

/// <summary>Page sizes of connections. Bound from configuration section "Paging".</summary>
public sealed class PagingOptions
{
    public const string Section = "Paging";

    public int DefaultPageSize { get; set; } = 50;

    public int MaxPageSize { get; set; } = 200;
}

/// <summary>Turns first/after/last/before into one page of an ordered query.</summary>
public static class ConnectionResolver
{
    public static QueryArguments Arguments() => new(
        new QueryArgument<IntGraphType> { Name = "first", Description = "Return at most this many items from the start (after the cursor 'after')." },
        new QueryArgument<StringGraphType> { Name = "after", Description = "Cursor of the item to start after." },
        new QueryArgument<IntGraphType> { Name = "last", Description = "Return at most this many items from the end (before the cursor 'before')." },
        new QueryArgument<StringGraphType> { Name = "before", Description = "Cursor of the item to end before." });

    /// <param name="reader">
    /// Reads the page and, when it is given a query to count, the total, in one statement (see
    /// <see cref="Compiling.CompiledPages"/>); null, or a null answer from it, reads them the usual way.
    /// </param>
    public static Task<Connection> ResolveAsync<T>(IResolveFieldContext context, IQueryable<T> ordered, PagingOptions paging, IQueryable<T>? filtered = null)
        where T : class =>
        ResolveAsync(context, new Lazy<IQueryable<T>>(ordered), paging, filtered is null ? null : new Lazy<IQueryable<T>>(filtered), reader: null, keptTotal: null);

    /// <param name="ordered">The list in its order, built when first needed.</param>
    /// <param name="filtered">The list unordered, for counting and facets, built when first needed.</param>
    /// <param name="keptTotal">The list's length as the store keeps it, when it does; else the list is counted.</param>
    public static async Task<Connection> ResolveAsync<T>(
        IResolveFieldContext context, Lazy<IQueryable<T>> ordered, PagingOptions paging, Lazy<IQueryable<T>>? filtered, PageReader<T>? reader,
        Func<CancellationToken, Task<int>>? keptTotal)
        where T : class
    {
        var cancellationToken = context.CancellationToken;
        var arguments = PageArguments.Of(context, paging);
        var count = keptTotal ?? (c => ordered.Value.CountAsync(c));
        if (reader is not null && !arguments.NeedsTotal && AsksForThePage(context))
        {
            var page = Window.Of(arguments, null);
            var counted = context.SubFields?.Values.Any(f => f.FieldType.Name == "totalCount") ?? true ? () => (filtered ?? ordered).Value : (Func<IQueryable<T>>?)null;
            if (await reader(() => ordered.Value, page.Start, counted, page.Take + 1, cancellationToken) is { } read)
            {
                return Build(page, read.Rows, read.Total is { } readTotal ? _ => Task.FromResult(readTotal) : count, filtered);
            }
        }

        int? total = arguments.NeedsTotal ? await count(cancellationToken) : null;
        var window = Window.Of(arguments, total);
        // One row beyond the page says whether there is a next page, without counting.
        var rows = !AsksForThePage(context) ? [] : await ordered.Value.Skip(window.Start).Take(window.Take + 1).ToListAsync(cancellationToken);
        return Build(window, rows, total is { } known ? _ => Task.FromResult(known) : count, filtered);
    }

    /// <summary>A page of a list already loaded (by a batch loader, for all parents at once).</summary>
    public static Connection Page<T>(IResolveFieldContext context, IReadOnlyList<T> items, PagingOptions paging)
        where T : class
    {
        var window = Window.Of(PageArguments.Of(context, paging), items.Count);
        return Build(window, items.Skip(window.Start).Take(window.Take + 1).ToList(), _ => Task.FromResult(items.Count), null);
    }

    /// <summary>
    /// A page of a list whose items the document does not read, from the list's length alone: its total and page
    /// info are those <see cref="Page"/> gives the whole list, and its edges are empty (see <see cref="AsksForItems"/>).
    /// </summary>
    public static Connection Counted(IResolveFieldContext context, int count, PagingOptions paging)
    {
        var window = Window.Of(PageArguments.Of(context, paging), count);
        var shown = Math.Clamp(count - window.Start, 0, window.Take);
        return new Connection
        {
            Edges = [],
            PageInfo = new PageInfo(
                HasNextPage: count - window.Start > window.Take,
                HasPreviousPage: window.Start > 0,
                StartCursor: shown > 0 ? EncodeCursor(window.Start) : null,
                EndCursor: shown > 0 ? EncodeCursor(window.Start + shown - 1) : null),
            CountAsync = _ => Task.FromResult(count),
            Filtered = null,
        };
    }

    /// <summary>Whether the document reads the connection's items (edges or nodes), not only its total, page info or facets.</summary>
    public static bool AsksForItems(IResolveFieldContext context) =>
        context.SubFields is not { } fields || fields.Values.Any(f => f.FieldType.Name is "edges" or "nodes");

    /// <summary>
    /// Whether the document reads the page itself (edges, nodes or pageInfo); a connection asked only for its
    /// totalCount or facets costs one statement, not two.
    /// </summary>
    private static bool AsksForThePage(IResolveFieldContext context) =>
        context.SubFields is not { } fields || fields.Values.Any(f => f.FieldType.Name is "edges" or "nodes" or "pageInfo");

    private static Connection Build<T>(Window window, IReadOnlyList<T> rows, Func<CancellationToken, Task<int>> count, Lazy<IQueryable<T>>? filtered)
        where T : class
    {
        var edges = rows.Take(window.Take).Select((node, i) => new Edge(EncodeCursor(window.Start + i), node)).ToList();
        return new Connection
        {
            Edges = edges,
            PageInfo = new PageInfo(
                // Whether items lie beyond the page, whatever 'before' cut off: the row read past the page says so.
                HasNextPage: rows.Count > window.Take,
                HasPreviousPage: window.Start > 0,
                StartCursor: edges.FirstOrDefault()?.Cursor,
                EndCursor: edges.LastOrDefault()?.Cursor),
            CountAsync = count,
            Filtered = filtered is null ? null : () => filtered.Value,
        };
    }

    /// <summary>first, after, last and before, read and checked: cursors as offsets into the ordered list.</summary>
    private readonly record struct PageArguments(int? First, int? Last, long? After, long? Before, int DefaultPageSize)
    {
        /// <summary>'last' counts back from the end of what the other arguments select, which only the list's length fixes.</summary>
        public bool NeedsTotal => Last is not null;

        public static PageArguments Of(IResolveFieldContext context, PagingOptions paging)
        {
            var first = context.GetArgument<int?>("first");
            var last = context.GetArgument<int?>("last");
            CheckSize("first", first, paging);
            CheckSize("last", last, paging);
            return new PageArguments(first, last, DecodeCursor(context.GetArgument<string?>("after"), "after"),
                DecodeCursor(context.GetArgument<string?>("before"), "before"), paging.DefaultPageSize);
        }
    }

    /// <summary>
    /// Which items the arguments select, by the Relay rule: the items after 'after' and before 'before'; of those,
    /// the first 'first'; of those, the last 'last'. From <see cref="Start"/>, <see cref="Take"/> of them.
    /// </summary>
    private readonly record struct Window(int Start, int Take)
    {
        /// <param name="total">The list's length; needed only when counting back from its end (<see cref="PageArguments.NeedsTotal"/>).</param>
        public static Window Of(PageArguments arguments, int? total)
        {
            // Offsets are longs here, so that a cursor at the edge of int cannot wrap round.
            var start = arguments.After is { } after ? after + 1 : 0;
            var end = arguments.Before ?? total ?? long.MaxValue;
            if (total is { } length)
            {
                end = Math.Min(end, length);
            }

            if (arguments.First is { } first || arguments.Last is null)
            {
                end = Math.Min(end, start + (arguments.First ?? arguments.DefaultPageSize));
            }

            if (arguments.Last is { } last)
            {
                start = Math.Max(start, end - last);
            }

            // Past the end of any list this API can hold: an empty page.
            return start >= int.MaxValue || end <= start ? new Window((int)Math.Min(start, int.MaxValue - 1), 0) : new Window((int)start, (int)(end - start));
        }
    }

    private static void CheckSize(string name, int? size, PagingOptions paging)
    {
        if (size is { } n && (n < 0 || n > paging.MaxPageSize))
        {
            throw new ExecutionError($"'{name}' must be between 0 and {paging.MaxPageSize}; ask for further pages with 'after' (or 'before').")
            {
                Code = "PAGE_SIZE_OUT_OF_RANGE",
            };
        }
    }

    private static string EncodeCursor(int index) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"offset:{index.ToString(CultureInfo.InvariantCulture)}"));

    private static long? DecodeCursor(string? cursor, string name)
    {
        if (cursor is null)
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            if (text.StartsWith("offset:", StringComparison.Ordinal) && int.TryParse(text.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                return index;
            }
        }
        catch (FormatException)
        {
        }

        throw InvalidCursor(name);
    }

    private static ExecutionError InvalidCursor(string name) =>
        new($"'{name}' is not a cursor returned by this API; use an edge's cursor or pageInfo's startCursor/endCursor.") { Code = "INVALID_CURSOR" };
}

/// <summary>A Relay connection of <typeparamref name="TNodeType"/>; entity connections add their facets.</summary>
public class ConnectionType<TNodeType> : ObjectGraphType<Connection>
    where TNodeType : IGraphType
{
    public ConnectionType()
    {
        var nodeName = typeof(TNodeType).Name.Replace("Type", "", StringComparison.Ordinal);
        Name = $"{nodeName}Connection";
        Description = $"A page of {nodeName} items, with the total and the cursors to fetch the pages around it.";
        Field<NonNullGraphType<IntGraphType>>("totalCount")
            .Description("How many items match, across all pages.")
            .ResolveAsync(async context => await context.Source.CountAsync(context.CancellationToken));
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Description("Whether there are pages before and after this one.")
            .Resolve(context => context.Source.PageInfo);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EdgeType<TNodeType>>>>>("edges")
            .Description("The items of this page with their cursors.")
            .Resolve(context => context.Source.Edges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TNodeType>>>>("nodes")
            .Description("The items of this page.")
            .Resolve(context => context.Source.Edges.Select(e => e.Node));
    }
}

public sealed class EdgeType<TNodeType> : ObjectGraphType<Edge>
    where TNodeType : IGraphType
{
    public EdgeType()
    {
        var nodeName = typeof(TNodeType).Name.Replace("Type", "", StringComparison.Ordinal);
        Name = $"{nodeName}Edge";
        Description = $"A {nodeName} in a page, with its cursor.";
        Field<NonNullGraphType<StringGraphType>>("cursor").Description("Pass as 'after' or 'before' to page from here.")
            .Resolve(context => context.Source.Cursor);
        Field<NonNullGraphType<TNodeType>>("node").Description("The item.").Resolve(context => context.Source.Node);
    }
}

public sealed class PageInfoType : ObjectGraphType<PageInfo>
{
    public PageInfoType()
    {
        Name = "PageInfo";
        Description = "Where a page sits in the whole list.";
        Field(p => p.HasNextPage).Description("There are items after this page.");
        Field(p => p.HasPreviousPage).Description("There are items before this page.");
        Field(p => p.StartCursor, nullable: true).Description("Cursor of the first item of this page.");
        Field(p => p.EndCursor, nullable: true).Description("Cursor of the last item of this page.");
    }
}
