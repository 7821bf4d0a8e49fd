using System.Collections.Concurrent;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using SocialEconomy.Api.Limits;

namespace SocialEconomy.Api.Endpoint;

/// <summary>
/// Parsed documents that have passed validation once, by their exact text, least recently used evicted first:
/// a repeated document skips parsing, measuring its shape, and the validation rules that depend on nothing but
/// the document and the schema. Bounded by entries and by the characters of the documents held, both configurable
/// (section "DocumentCache"); a size of 0 turns it off.
/// </summary>
/// <remarks>
/// Only documents GraphQL has validated are added, so a cached document is known to be valid; what depends on
/// the request (its variables, the operation chosen, the cost that page sizes in variables imply) is still
/// checked on every request. A document and its shapes are never changed once parsed, so requests share them.
/// </remarks>
public sealed class DocumentCache(DocumentCacheOptions options)
{
    /// <summary>Nesting of the parser's syntax tree; GraphQL.NET's own default.</summary>
    private const int MaxParseDepth = 128;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private long _characters;
    private long _hits;
    private long _misses;

    public bool Enabled => options.MaxEntries > 0 && options.MaxCharacters > 0;

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

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>
    /// Parses a document as GraphQL.NET does (comments dropped, locations kept for error messages, nesting
    /// bounded); null when it does not parse (GraphQL then parses it again to report the syntax error where it is).
    /// </summary>
    public static GraphQLDocument? TryParse(string query)
    {
        try
        {
            return Parser.Parse(query, new ParserOptions { Ignore = IgnoreOptions.Comments, MaxDepth = MaxParseDepth });
        }
        catch (GraphQLParserException)
        {
            return null;
        }
    }

    /// <summary>The cached document of this exact text, or null; a hit makes it the most recently used.</summary>
    public CachedDocument? TryGet(string query)
    {
        if (!Enabled)
        {
            return null;
        }

        lock (_lock)
        {
            if (_entries.TryGetValue(query, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                Interlocked.Increment(ref _hits);
                return node.Value.Document;
            }
        }

        Interlocked.Increment(ref _misses);
        return null;
    }

    /// <summary>Keeps a validated document, evicting the least recently used until both bounds hold again.</summary>
    public void Add(string query, CachedDocument document)
    {
        if (!Enabled || query.Length > options.MaxCharacters)
        {
            return;
        }

        lock (_lock)
        {
            if (_entries.ContainsKey(query))
            {
                return;
            }

            _entries[query] = _recency.AddFirst(new Entry(query, document));
            _characters += query.Length;
            while (_entries.Count > options.MaxEntries || _characters > options.MaxCharacters)
            {
                var last = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(last.Value.Query);
                _characters -= last.Value.Query.Length;
            }
        }
    }

    private sealed record Entry(string Query, CachedDocument Document);
}

/// <summary>A parsed document and its shape for each operation name asked for, measured once each.</summary>
public sealed class CachedDocument(GraphQLDocument document)
{
    // The null operation name (run the only operation) is kept under the empty string, which no operation can be named.
    private readonly ConcurrentDictionary<string, DocumentShape> _shapes = new(StringComparer.Ordinal);

    // Costs of operations that declare no variables, by name as the shapes are.
    private readonly ConcurrentDictionary<string, long> _costs = new(StringComparer.Ordinal);

    public GraphQLDocument Document { get; } = document;

    public DocumentShape ShapeFor(string? operationName) =>
        _shapes.GetOrAdd(operationName ?? "", (name, document) => DocumentShape.Measure(document, name.Length == 0 ? null : name), Document);

    /// <summary>The cost of the operation as it was computed when it last ran, if it depends on the document alone.</summary>
    public long? CostFor(string? operationName) => _costs.TryGetValue(operationName ?? "", out var cost) ? cost : null;

    /// <summary>
    /// Keeps the cost an operation was found to have, where no request can change it: the operation declares no
    /// variables, so its page sizes are written in the document. One with variables is costed on every request.
    /// </summary>
    public void RememberCost(string? operationName, long cost)
    {
        var operation = Document.Definitions.OfType<GraphQLOperationDefinition>()
            .FirstOrDefault(o => operationName is null || (o.Name is { } name && name.Value.Span.SequenceEqual(operationName)));
        if (operation is { Variables: null or { Items.Count: 0 } })
        {
            _costs[operationName ?? ""] = cost;
        }
    }
}

/// <summary>Bounds of the <see cref="DocumentCache"/>. Bound from configuration section "DocumentCache".</summary>
public sealed class DocumentCacheOptions
{
    public const string Section = "DocumentCache";

    /// <summary>Most documents held; 0 turns the cache off.</summary>
    public int MaxEntries { get; set; } = 1_000;

    /// <summary>Most characters of document text held in all (the parsed trees grow with it); 0 turns the cache off.</summary>
    public long MaxCharacters { get; set; } = 4_000_000;
}
