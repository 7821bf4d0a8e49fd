using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Traversal;

/// <summary>What surrounds a node: the nodes within a number of hops, nearest first, and the relationships among them.</summary>
/// <param name="Nodes">The nodes with their distance in hops from the start (the start itself at 0), by distance then id.</param>
/// <param name="Relationships">Every relationship of the chosen types between two of <paramref name="Nodes"/>, by key.</param>
/// <param name="Truncated">More nodes lie within the depth than the limit let in.</param>
/// <param name="RelationshipSources">Each relationship's sources (one per attribution, by source id), when they were asked for.</param>
/// <param name="NodeRows">Each node's own record (an <see cref="Organisation"/>, a <see cref="Model"/>, ...), when they were asked for.</param>
public sealed record Neighbourhood(
    IReadOnlyList<NeighbourNode> Nodes, IReadOnlyList<Relationship> Relationships, bool Truncated,
    IReadOnlyDictionary<long, IReadOnlyList<Source>>? RelationshipSources = null,
    IReadOnlyDictionary<NodeRef, object>? NodeRows = null);

/// <summary>A node of a neighbourhood and its distance, in hops, from the start.</summary>
public sealed record NeighbourNode(NodeRef Node, int Distance);

/// <summary>A simple path: <see cref="Nodes"/> has one more entry than <see cref="Relationships"/>; relationship i joins nodes i and i + 1, in either direction.</summary>
public sealed record GraphPath(IReadOnlyList<NodeRef> Nodes, IReadOnlyList<Relationship> Relationships);

/// <summary>The paths found between two nodes.</summary>
/// <param name="NodeRows">
/// When they were asked for, the records of both ends and of the nodes along the paths (an <see cref="Organisation"/>,
/// a <see cref="Model"/>, ...); an end that does not exist has none.
/// </param>
public sealed record PathSearch(IReadOnlyList<GraphPath> Paths, IReadOnlyDictionary<NodeRef, object>? NodeRows = null);

/// <summary>
/// Neighbourhoods and paths over the one relationships table, read breadth-first, so that
/// the API and the ingest tool (e.g. a GraphML export of a neighbourhood) share one bounded implementation.
/// Relationships are followed in both directions; the challenge-area tree (a column, not a relationship) is not.
/// </summary>
/// <remarks>
/// Why not a recursive CTE: one with UNION stops repeating identical rows but not a node reached again at a greater
/// depth, cannot keep the nodes already seen out of the next level, and cannot cap a level's size, so around a hub it
/// returns every row within the depth before any limit applies. Level by level, each statement excludes what was seen
/// and returns at most what the limit still allows, and the number of statements is the depth (or the hop limit),
/// never the size of the graph.
/// </remarks>
public sealed class GraphTraversal(GraphDbContext db)
{
    /// <summary>
    /// Breadth-first from <paramref name="start"/>: one statement per level (see <see cref="NeighbourReader"/>), and
    /// one for the relationships among the nodes found (see <see cref="RelationshipsAmong"/>), which also brings their
    /// sources and the nodes' own records when they are wanted. Each level keeps the nodes still allowed
    /// (<paramref name="limit"/> counts the start), the lowest ids first, and reads each node's relationships of each
    /// type only as far as that needs, so a level costs about the same around a hub as around a leaf.
    /// </summary>
    /// <remarks>
    /// All levels once went in one statement, a table expression per level. On SQLite it was slower than a statement
    /// per level (at 10^4 nodes, 6 ms against 4 ms for the benchmark's depth-2 neighbourhood), whose statements cost
    /// no round trip there.
    /// </remarks>
    /// <param name="withSources">Read each relationship's sources too.</param>
    /// <param name="withNodes">Read each node's own record too.</param>
    public async Task<Neighbourhood> NeighbourhoodAsync(
        NodeRef start, int depth, IReadOnlyCollection<RelationshipType>? types, int limit,
        bool withSources = false, bool withNodes = false, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var followed = types?.Distinct().ToList() ?? [.. Enum.GetValues<RelationshipType>()];
        var nodes = new List<NeighbourNode> { new(start, 0) };
        var seen = new HashSet<string>(StringComparer.Ordinal) { start.Id };
        var frontier = new List<NodeRef> { start };
        var truncated = false;
        for (var level = 1; level <= depth && frontier.Count > 0 && !truncated; level++)
        {
            var remaining = limit - nodes.Count;
            var lists = frontier.SelectMany(node => followed.SelectMany(type => ListsOf(node, type))).ToList();
            // One node beyond what the limit allows says whether the limit cut the neighbourhood short.
            var found = await NeighbourReader.LowestAsync(db, lists, seen, remaining + 1, cancellationToken);
            truncated = found.Count > remaining;
            frontier = [.. found.Take(remaining)];
            nodes.AddRange(frontier.Select(n => new NeighbourNode(n, level)));
            seen.UnionWith(frontier.Select(n => n.Id));
        }

        var among = await RelationshipsAmong.ReadAsync(db, [.. nodes.Select(n => n.Node)], followed, withSources, withNodes, cancellationToken);
        return new Neighbourhood(
            [.. nodes.OrderBy(n => n.Distance).ThenBy(n => n.Node.Id, StringComparer.Ordinal)],
            [.. among.Relationships.OrderBy(r => r.Key, StringComparer.Ordinal)],
            truncated,
            among.Sources,
            among.Nodes);
    }

    /// <summary>
    /// The first <paramref name="first"/> simple paths of at most <paramref name="maxHops"/> relationships between two
    /// nodes, shortest first, then in order of the node ids and relationship keys along them.
    /// </summary>
    /// <remarks>
    /// Why this is bounded: it never enumerates all paths. A bidirectional breadth-first search reads the
    /// relationships around <paramref name="from"/> to ceil(maxHops / 2) hops and around <paramref name="to"/> to
    /// floor(maxHops / 2) hops, one statement per hop for both ends together (so ceil(maxHops / 2) statements at most), and gives up with
    /// <see cref="TraversalTooLargeException"/> once it has read more than <paramref name="maxRelationships"/>. Every
    /// path of at most maxHops lies inside what was read (each of its relationships touches a node within the half
    /// read from its nearer end). Paths are then listed in memory, length by length, by a depth-first search that
    /// only steps to a node from which <paramref name="to"/> can still be reached within the length (distances to
    /// <paramref name="to"/> come from one breadth-first pass over what was read), so every branch it follows leads
    /// to a path, and it stops after <paramref name="first"/> paths or <paramref name="maxSteps"/> steps. The search
    /// reads of each relationship only what it walks by (see <see cref="Link"/>); one more statement reads the
    /// relationships along the paths whole, with the nodes' records when <paramref name="withNodes"/>.
    /// </remarks>
    /// <param name="withNodes">Read the records of both ends and of the nodes along the paths too, in the same statement.</param>
    public async Task<PathSearch> PathsAsync(
        NodeRef from, NodeRef to, int maxHops, IReadOnlyCollection<RelationshipType>? types, int first,
        int maxRelationships, int maxSteps = 1_000_000, bool withNodes = false, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxHops);
        var found = new List<(List<NodeRef> Nodes, List<Link> Links)>();
        if (first > 0 && from.Id == to.Id)
        {
            found.Add(([from], []));
        }
        else if (first > 0)
        {
            found = await FindAsync(from, to, maxHops, types, first, maxRelationships, maxSteps, cancellationToken);
        }

        var linkIds = found.SelectMany(p => p.Links).Select(l => l.Id).Distinct().ToList();
        IReadOnlyList<NodeRef> nodes = withNodes ? [.. found.SelectMany(p => p.Nodes).Prepend(to).Prepend(from).Distinct()] : [];
        var (relationships, nodeRows) = await ReadWholeAsync(linkIds, nodes, cancellationToken);
        var paths = found.Select(p => new GraphPath(p.Nodes, [.. p.Links.Select(l => relationships[l.Id])])).ToList();
        return new PathSearch(paths, withNodes ? nodeRows : null);
    }

    /// <summary>The paths of <see cref="PathsAsync"/> as the nodes and links along them.</summary>
    private async Task<List<(List<NodeRef> Nodes, List<Link> Links)>> FindAsync(
        NodeRef from, NodeRef to, int maxHops, IReadOnlyCollection<RelationshipType>? types, int first,
        int maxRelationships, int maxSteps, CancellationToken cancellationToken)
    {
        var read = await ReadAroundAsync([new Side(from.Id, (maxHops + 1) / 2), new Side(to.Id, maxHops / 2)], types, maxRelationships, cancellationToken);

        // Undirected adjacency in a fixed order: neighbour id, then relationship key.
        var adjacency = new Dictionary<string, List<(Link Link, NodeRef Other)>>(StringComparer.Ordinal);
        foreach (var r in read.Values.Where(r => r.FromId != r.ToId))
        {
            Neighbours(r.FromId).Add((r, new NodeRef(r.ToKind, r.ToId)));
            Neighbours(r.ToId).Add((r, new NodeRef(r.FromKind, r.FromId)));
        }

        foreach (var list in adjacency.Values)
        {
            list.Sort((a, b) => string.CompareOrdinal(a.Other.Id, b.Other.Id) is var byNode and not 0
                ? byNode
                : string.CompareOrdinal(a.Link.Key, b.Link.Key));
        }

        var paths = new List<(List<NodeRef>, List<Link>)>();
        var toTarget = DistancesFrom(to.Id, adjacency, maxHops);
        if (!toTarget.TryGetValue(from.Id, out var shortest))
        {
            return paths;
        }

        var nodes = new List<NodeRef> { from };
        var steps = new List<Link>();
        var onPath = new HashSet<string>(StringComparer.Ordinal) { from.Id };
        var budget = maxSteps;
        for (var length = shortest; length <= maxHops && paths.Count < first; length++)
        {
            Walk(from.Id, length);
        }

        return paths;

        List<(Link, NodeRef)> Neighbours(string id) =>
            adjacency.TryGetValue(id, out var list) ? list : adjacency[id] = [];

        void Walk(string at, int length)
        {
            if (at == to.Id)
            {
                if (steps.Count == length)
                {
                    paths.Add(([.. nodes], [.. steps]));
                }

                return;
            }

            if (!adjacency.TryGetValue(at, out var next))
            {
                return;
            }

            foreach (var (link, other) in next)
            {
                if (paths.Count >= first)
                {
                    return;
                }

                if (onPath.Contains(other.Id) || !toTarget.TryGetValue(other.Id, out var remaining) || steps.Count + 1 + remaining > length)
                {
                    continue;
                }

                if (--budget < 0)
                {
                    throw new TraversalTooLargeException(
                        $"Listing the paths took more than {maxSteps} steps; ask for fewer paths ('first'), fewer hops ('maxHops') or fewer relationship types.");
                }

                nodes.Add(other);
                steps.Add(link);
                onPath.Add(other.Id);
                Walk(other.Id, length);
                onPath.Remove(other.Id);
                steps.RemoveAt(steps.Count - 1);
                nodes.RemoveAt(nodes.Count - 1);
            }
        }
    }

    /// <summary>
    /// What the path search reads of a relationship: its ends with their kinds, and its key, which orders parallel
    /// relationships. Reading the whole rows of every relationship around both ends, to keep the few along the paths,
    /// cost the benchmark's 2-hop path at 10^4 nodes on SQLite 0.60–0.64 ms for its 72 relationships (21 columns each),
    /// against 0.37–0.39 ms for these columns (30 runs each of the captured statement).
    /// </summary>
    private sealed record Link(long Id, string FromId, NodeKind FromKind, string ToId, NodeKind ToKind, string Key);

    /// <summary>
    /// The relationships <paramref name="ids"/> whole and the records of <paramref name="nodes"/>, in one statement
    /// (none when there is nothing to read).
    /// </summary>
    private async Task<(Dictionary<long, Relationship> Relationships, Dictionary<NodeRef, object> Nodes)> ReadWholeAsync(
        IReadOnlyList<long> ids, IReadOnlyList<NodeRef> nodes, CancellationToken cancellationToken)
    {
        var parameters = new List<object>();
        var parts = new List<string>();
        if (ids.Count > 0)
        {
            parameters.Add(db.IsPostgres ? ids.ToArray() : JsonSerializer.Serialize(ids));
            var wanted = db.IsPostgres ? StoreReads.InArrayOfAnyLength(0, "bigint") : "IN (SELECT value FROM json_each({0}))";
            parts.Add($"""SELECT 'relationship' AS "Part", CAST({RowJson.Object(db, typeof(Relationship), "r")} AS text) AS "Row" FROM "Relationships" r WHERE r."Id" {wanted}""");
        }

        if (nodes.Count > 0)
        {
            parts.Add(NodeLookup.RowsSql(db, nodes, parameters, ""));
        }

        var relationships = new Dictionary<long, Relationship>();
        var records = new Dictionary<NodeRef, object>();
        if (parts.Count == 0)
        {
            return (relationships, records);
        }

        // Each row says what it is: "relationship", or a node kind's name (capitalised, so never that).
        var rows = await StoreReads.RowsAsync(db, string.Join("\nUNION ALL\n", parts), parameters, row => (Part: row.GetString(0), Row: row.GetString(1)), cancellationToken);
        foreach (var (part, row) in rows)
        {
            if (part == "relationship")
            {
                using var json = JsonDocument.Parse(row);
                var relationship = (Relationship)RowJson.Read(db, typeof(Relationship), json.RootElement);
                relationships[relationship.Id] = relationship;
            }
            else
            {
                var (node, record) = NodeLookup.Read(db, part, row);
                records[node] = record;
            }
        }

        return (relationships, records);
    }

    /// <summary>One end of a path search: how many hops to read around it, the nodes reached so far, and the last hop's.</summary>
    private sealed class Side(string start, int hops)
    {
        public int Hops { get; } = hops;

        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal) { start };

        public HashSet<string> Frontier { get; set; } = new(StringComparer.Ordinal) { start };
    }

    /// <summary>
    /// Reads every relationship touching a node within <see cref="Side.Hops"/> - 1 of each side's start: one statement
    /// per hop for all sides together, each side taking from it the relationships that touch its own frontier.
    /// </summary>
    /// <remarks>
    /// Each end once read its hops in statements of its own. With that, the ends and the nodes along the paths, the
    /// benchmark's 2-hop path question took 4 statements; it now takes 2 (p50 3.13 against 2.56 ms over HTTP at 10^4
    /// nodes on PostgreSQL, the two builds asked in turn).
    /// </remarks>
    private async Task<Dictionary<long, Link>> ReadAroundAsync(
        IReadOnlyList<Side> sides, IReadOnlyCollection<RelationshipType>? types, int maxRelationships, CancellationToken cancellationToken)
    {
        var read = new Dictionary<long, Link>();
        for (var hop = 0; ; hop++)
        {
            var reading = sides.Where(s => hop < s.Hops && s.Frontier.Count > 0).ToList();
            if (reading.Count == 0)
            {
                return read;
            }

            var ids = reading.SelectMany(s => s.Frontier).Distinct(StringComparer.Ordinal).ToArray();
            var allowed = maxRelationships - read.Count;
            var rows = await TouchingAsync(ids, types, allowed + 1, cancellationToken);
            if (rows.Count > allowed)
            {
                throw new TraversalTooLargeException(
                    $"Finding these paths would read more than {maxRelationships} relationships; ask for fewer hops ('maxHops') or fewer relationship types ('relationships').");
            }

            foreach (var side in reading)
            {
                var next = new HashSet<string>(StringComparer.Ordinal);
                foreach (var r in rows.Where(r => side.Frontier.Contains(r.FromId) || side.Frontier.Contains(r.ToId)))
                {
                    foreach (var other in (string[])[r.FromId, r.ToId])
                    {
                        if (side.Seen.Add(other))
                        {
                            next.Add(other);
                        }
                    }
                }

                side.Frontier = next;
            }

            foreach (var r in rows)
            {
                read.TryAdd(r.Id, r);
            }
        }
    }

    private static Dictionary<string, int> DistancesFrom(
        string start, Dictionary<string, List<(Link Link, NodeRef Other)>> adjacency, int maxHops)
    {
        var distances = new Dictionary<string, int>(StringComparer.Ordinal) { [start] = 0 };
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out var at))
        {
            var distance = distances[at];
            if (distance >= maxHops || !adjacency.TryGetValue(at, out var next))
            {
                continue;
            }

            foreach (var (_, other) in next)
            {
                if (distances.TryAdd(other.Id, distance + 1))
                {
                    queue.Enqueue(other.Id);
                }
            }
        }

        return distances;
    }

    /// <summary>The lists of <paramref name="node"/>'s neighbours along <paramref name="type"/>: out, in, both or none, by the kinds the type joins.</summary>
    private static IEnumerable<NeighbourList> ListsOf(NodeRef node, RelationshipType type)
    {
        if (RelationshipEnds.From(type).Contains(node.Kind))
        {
            yield return new NeighbourList(node.Id, type, Outgoing: true);
        }

        if (RelationshipEnds.To(type).Contains(node.Kind))
        {
            yield return new NeighbourList(node.Id, type, Outgoing: false);
        }
    }

    /// <summary>
    /// The links of the first <paramref name="limit"/> relationships, by id, of <paramref name="types"/> (all when null)
    /// that start or end at one of <paramref name="ids"/>, in one statement of fixed text (the ids and types are parameters, so it
    /// stays prepared): each node's relationships come through the (FromId, Type, ToId) and (ToId, Type, FromId)
    /// indexes (SQLite's multi-index OR, PostgreSQL's bitmap OR).
    /// </summary>
    /// <remarks>
    /// It was a LINQ query, a UNION of the two directions' whole rows: EF Core wrote its SQL afresh for each count of
    /// ids, and SQLite sorted both halves' 21 columns to drop repeats. A 2-hop path question on the 10^4 synthetic
    /// SQLite store took 1.9–2.2 ms of the API process's CPU per request with it and 1.4–1.6 ms with this statement
    /// (both builds asked in turn, 1,500 requests a round); on the 10^5 PostgreSQL store its p50 over HTTP went from
    /// 1.56–1.76 to 1.33–1.37 ms.
    /// </remarks>
    private async Task<List<Link>> TouchingAsync(
        IReadOnlyList<string> ids, IReadOnlyCollection<RelationshipType>? types, int limit, CancellationToken cancellationToken)
    {
        var postgres = db.IsPostgres;
        var typeNames = types?.Distinct().Select(t => t.ToString()).ToArray();
        var nodes = postgres ? "= ANY({0})" : "IN (SELECT value FROM json_each({0}))";
        var typeTest = typeNames is null ? "" : postgres ? """AND r."Type" = ANY({2})""" : """AND r."Type" IN (SELECT value FROM json_each({2}))""";
        var sql = $$"""
            SELECT r."Id", r."FromId", r."FromKind", r."ToId", r."ToKind", r."Key" FROM "Relationships" r
            WHERE (r."FromId" {{nodes}} OR r."ToId" {{nodes}}) {{typeTest}}
            ORDER BY r."Id"
            LIMIT {1}
            """;
        List<object> parameters = postgres ? [ids.ToArray(), limit] : [JsonSerializer.Serialize(ids), limit];
        if (typeNames is not null)
        {
            parameters.Add(postgres ? typeNames : JsonSerializer.Serialize(typeNames));
        }

        return await StoreReads.RowsAsync(db, sql, parameters, row => new Link(
            row.GetInt64(0), row.GetString(1), Enum.Parse<NodeKind>(row.GetString(2)), row.GetString(3), Enum.Parse<NodeKind>(row.GetString(4)), row.GetString(5)),
            cancellationToken);
    }
}
