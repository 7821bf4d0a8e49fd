using System.Text;
using System.Text.Json.Nodes;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.GraphViews;

/// <summary>
/// Neighbourhoods around hubs and ordinary nodes of a synthetic graph (skewed degrees, repeated fundings between the
/// same pair) against a plain breadth-first search in memory: which nodes, at which distance, whether the limit cut
/// it short, and the relationships among them. The store reads each node's relationships only as far as the limit
/// needs, so these cases check that the nearest, lowest ids are never missed.
/// </summary>
public abstract class NeighbourhoodOnSyntheticGraphTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : SyntheticApiServer
{
    private const string Query = """
        query($id: ID!, $depth: Int, $limit: Int, $types: [RelationshipType!]) {
          neighbourhood(id: $id, depth: $depth, limit: $limit, relationships: $types) {
            truncated nodes { distance node { id } } relationships { type from { id } to { id } }
          }
        }
        """;

    public static TheoryData<string, int, int, string?> Cases => new()
    {
        { "busiest organisation", 2, 100, null },
        { "busiest organisation", 1, 5, null },
        { "busiest organisation", 3, 500, null },
        { "busiest model", 2, 100, null },
        { "busiest model", 2, 40, "RUNS,FUNDS" },
        { "busiest funder", 2, 100, null },
        { "busiest funder", 2, 30, "FUNDS" },
        { "busiest challenge area", 2, 100, null },
        { "busiest evidence", 2, 60, "EVALUATES,REPORTS,TARGETS" },
        { "middle organisation", 2, 100, null },
        { "middle organisation", 3, 500, "PARTNERS_WITH" },
        { "middle organisation", 2, 2, null },
    };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public async Task Neighbourhood_IsThatOfABreadthFirstSearchInMemory(string start, int depth, int limit, string? types)
    {
        server.SkipIfUnavailable();
        await server.LoadAsync();
        var graph = new Reference(server.Graph);
        var centre = graph.Pick(start);
        var followed = types?.Split(',').Select(t => Enum.Parse<RelationshipType>(t.Replace("_", ""), ignoreCase: true)).ToHashSet();

        var response = await server.QueryAsync(Query, new { id = Id(centre), depth, limit, types = types?.Split(',') });

        Assert.True(response["errors"] is null, response["errors"]?.ToJsonString());
        var actual = response["data"]!["neighbourhood"]!;
        var (nodes, relationships, truncated) = graph.Neighbourhood(centre, depth, limit, followed);
        Assert.Equal(truncated, actual["truncated"]!.GetValue<bool>());
        Assert.Equal(
            nodes.Select(n => $"{n.Distance} {Id(n.Node)}").Order(StringComparer.Ordinal),
            actual["nodes"]!.AsArray().Select(n => $"{n!["distance"]} {n["node"]!["id"]}").Order(StringComparer.Ordinal));
        Assert.Equal(
            relationships.Select(r => $"{r.Type} {Id(new NodeRef(r.FromKind, r.FromId))} {Id(new NodeRef(r.ToKind, r.ToId))}").Order(StringComparer.Ordinal),
            actual["relationships"]!.AsArray().Select(Describe).Order(StringComparer.Ordinal));
        Assert.True(nodes.Count > 1, $"{start}: the case should reach beyond the centre");
    }

    /// <summary>
    /// A hub whose lowest-id neighbours are all seen by the second hop: the next ids must still be found, however far
    /// down the hub's list the seen ones push them.
    /// </summary>
    [SkippableFact]
    public async Task SeenNodes_AtTheHeadOfAHubsList_DoNotHideTheNextOnes()
    {
        server.SkipIfUnavailable();
        await server.LoadAsync();
        var batch = new GraphBatch(GraphOrigins.Synthetic);
        var source = server.Graph.Sources[0].Id;
        const string hub = "crowded-model-hub";
        string[] partners = ["crowded-b-1", "crowded-b-2", "crowded-b-3"];
        string[] others = ["crowded-c-1", "crowded-c-2", "crowded-c-3", "crowded-c-4"];
        batch.Models.Add(new Model { Id = hub, Name = "Crowded hub", Family = ModelFamily.CoOperative });
        foreach (var id in partners.Concat(others).Prepend("crowded-a-centre"))
        {
            batch.Organisations.Add(new Organisation { Id = id, Name = id });
            Link(RelationshipType.Runs, NodeKind.Organisation, id, NodeKind.Model, hub);
        }

        foreach (var partner in partners)
        {
            Link(RelationshipType.PartnersWith, NodeKind.Organisation, "crowded-a-centre", NodeKind.Organisation, partner);
        }

        await server.LoadBatchAsync(batch);

        // The centre, three partners and the hub fill five of seven places; the hub's list starts with those four
        // organisations, and the two places left go to the lowest of the others.
        var response = await server.QueryAsync(Query, new { id = Id(new NodeRef(NodeKind.Organisation, "crowded-a-centre")), depth = 2, limit = 7 });

        Assert.True(response["errors"] is null, response["errors"]?.ToJsonString());
        var neighbourhood = response["data"]!["neighbourhood"]!;
        Assert.True(neighbourhood["truncated"]!.GetValue<bool>());
        Assert.Equal(
            [Id(new NodeRef(NodeKind.Organisation, "crowded-c-1")), Id(new NodeRef(NodeKind.Organisation, "crowded-c-2"))],
            neighbourhood["nodes"]!.AsArray().Where(n => n!["distance"]!.GetValue<int>() == 2).Select(n => n!["node"]!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));

        void Link(RelationshipType type, NodeKind fromKind, string from, NodeKind toKind, string to)
        {
            var relationship = new Relationship { Key = "", Type = type, FromKind = fromKind, FromId = from, ToKind = toKind, ToId = to };
            relationship.Key = RelationshipKeys.For(relationship);
            batch.Relationships.Add(relationship);
            batch.RelationshipSources[relationship.Key] = new SortedSet<string>(StringComparer.Ordinal) { source };
            batch.NodeSources.TryAdd(from, new SortedSet<string>(StringComparer.Ordinal) { source });
            batch.NodeSources.TryAdd(to, new SortedSet<string>(StringComparer.Ordinal) { source });
        }
    }

    /// <summary>
    /// A limit that cuts a level keeps its lowest ids in ordinal (byte) order, as the breadth-first search in memory
    /// does, whatever order the database's collation gives: by a natural language's rules "n_c" and "n-~" come first
    /// here, by bytes "n-1" and "n-B".
    /// </summary>
    [SkippableFact]
    public async Task ALevelCutByTheLimit_KeepsTheOrdinallyLowestIds_WhateverTheDatabaseCollation()
    {
        server.SkipIfUnavailable();
        await server.LoadAsync();
        var batch = new GraphBatch(GraphOrigins.Synthetic);
        var source = server.Graph.Sources[0].Id;
        const string centre = "collated-centre";
        string[] neighbours = ["collated-n-B", "collated-n-a", "collated-n_c", "collated-n-1", "collated-n-~"];
        foreach (var id in neighbours.Prepend(centre))
        {
            batch.Organisations.Add(new Organisation { Id = id, Name = id });
        }

        foreach (var neighbour in neighbours)
        {
            var relationship = new Relationship
            {
                Key = "", Type = RelationshipType.PartnersWith, FromKind = NodeKind.Organisation, FromId = centre, ToKind = NodeKind.Organisation, ToId = neighbour,
            };
            relationship.Key = RelationshipKeys.For(relationship);
            batch.Relationships.Add(relationship);
            batch.RelationshipSources[relationship.Key] = new SortedSet<string>(StringComparer.Ordinal) { source };
            batch.NodeSources[neighbour] = new SortedSet<string>(StringComparer.Ordinal) { source };
        }

        batch.NodeSources[centre] = new SortedSet<string>(StringComparer.Ordinal) { source };
        await server.LoadBatchAsync(batch);

        var response = await server.QueryAsync(Query, new { id = Id(new NodeRef(NodeKind.Organisation, centre)), depth = 1, limit = 3 });

        Assert.True(response["errors"] is null, response["errors"]?.ToJsonString());
        var neighbourhood = response["data"]!["neighbourhood"]!;
        Assert.True(neighbourhood["truncated"]!.GetValue<bool>());
        Assert.Equal(
            neighbours.Order(StringComparer.Ordinal).Take(2).Select(n => Id(new NodeRef(NodeKind.Organisation, n))),
            neighbourhood["nodes"]!.AsArray().Where(n => n!["distance"]!.GetValue<int>() == 1).Select(n => n!["node"]!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    private static string Describe(JsonNode? r) =>
        $"{Enum.Parse<RelationshipType>(r!["type"]!.GetValue<string>().Replace("_", ""), ignoreCase: true)} {r["from"]!["id"]} {r["to"]!["id"]}";

    private static string Id(NodeRef node) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{node.Kind}:{node.Id}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record NodeRef(NodeKind Kind, string Id);

    private sealed class Reference(GraphBatch graph)
    {
        private readonly ILookup<string, (Relationship Relationship, NodeRef Other)> _around = graph.Relationships
            .SelectMany(r => new[] { (r.FromId, (r, new NodeRef(r.ToKind, r.ToId))), (r.ToId, (r, new NodeRef(r.FromKind, r.FromId))) })
            .ToLookup(x => x.Item1, x => x.Item2, StringComparer.Ordinal);

        public NodeRef Pick(string start)
        {
            var kind = Enum.Parse<NodeKind>(start[(start.IndexOf(' ') + 1)..].Replace(" ", ""), ignoreCase: true);
            var ofKind = graph.Relationships.SelectMany(r => new[] { new NodeRef(r.FromKind, r.FromId), new NodeRef(r.ToKind, r.ToId) })
                .Where(n => n.Kind == kind).Distinct().OrderBy(n => n.Id, StringComparer.Ordinal).ToList();
            return start.StartsWith("busiest", StringComparison.Ordinal)
                ? ofKind.MaxBy(n => _around[n.Id].Count())!
                : ofKind[ofKind.Count / 2];
        }

        public (List<(NodeRef Node, int Distance)> Nodes, List<Relationship> Relationships, bool Truncated) Neighbourhood(
            NodeRef centre, int depth, int limit, HashSet<RelationshipType>? types)
        {
            var nodes = new List<(NodeRef Node, int Distance)> { (centre, 0) };
            var seen = new HashSet<string>(StringComparer.Ordinal) { centre.Id };
            var frontier = new List<NodeRef> { centre };
            var truncated = false;
            for (var level = 1; level <= depth && frontier.Count > 0 && !truncated; level++)
            {
                var remaining = limit - nodes.Count;
                var next = frontier
                    .SelectMany(n => _around[n.Id])
                    .Where(x => types is null || types.Contains(x.Relationship.Type))
                    .Select(x => x.Other)
                    .Where(n => !seen.Contains(n.Id))
                    .DistinctBy(n => n.Id)
                    .OrderBy(n => n.Id, StringComparer.Ordinal)
                    .ToList();
                truncated = next.Count > remaining;
                frontier = [.. next.Take(remaining)];
                nodes.AddRange(frontier.Select(n => (n, level)));
                seen.UnionWith(frontier.Select(n => n.Id));
            }

            var relationships = graph.Relationships
                .Where(r => seen.Contains(r.FromId) && seen.Contains(r.ToId) && (types is null || types.Contains(r.Type)))
                .ToList();
            return (nodes, relationships, truncated);
        }
    }
}

public sealed class SqliteNeighbourhoodOnSyntheticGraphTests(SqliteSyntheticApiServer server)
    : NeighbourhoodOnSyntheticGraphTests<SqliteSyntheticApiServer>(server);

public sealed class PostgresNeighbourhoodOnSyntheticGraphTests(PostgresSyntheticApiServer server)
    : NeighbourhoodOnSyntheticGraphTests<PostgresSyntheticApiServer>(server);

/// <summary>The same on a PostgreSQL database whose default collation follows a natural language.</summary>
public sealed class PostgresNaturalCollationNeighbourhoodOnSyntheticGraphTests(PostgresNaturalCollationSyntheticApiServer server)
    : NeighbourhoodOnSyntheticGraphTests<PostgresNaturalCollationSyntheticApiServer>(server);
