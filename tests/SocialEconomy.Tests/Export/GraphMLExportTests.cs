using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Ingest;

namespace SocialEconomy.Tests.Export;

/// <summary>
/// "ingest export graphml" on each store. The GraphML schema (graphml.graphdrawing.org/xmlns/1.0) is checked rule by
/// rule rather than by validating against its XSD, which is not available here: the root element and namespace;
/// key elements before the graph, each with a unique id, for="node|edge", attr.name a name token and attr.type one
/// of boolean, int, long, float, double, string; one graph with edgedefault; node and edge ids unique name tokens;
/// edge source and target naming nodes of the graph; data elements naming a key declared for their element, with
/// values that parse as the key's type.
/// </summary>
public abstract class GraphMLExportTests(StoreProvider provider)
{
    private static readonly XNamespace G = "http://graphml.graphdrawing.org/xmlns";

    [SkippableFact]
    public async Task ExportGraphML_OfTheWholeGraph_IsWellFormedGraphML_WithEveryNodeAndRelationship()
    {
        var store = await ExportStores.SeedAndIndigoAsync(provider);
        var file = ExportStores.TempPath("graph.graphml");

        var result = await IngestRunner.RunAsync(store, "export", "graphml", file);

        Assert.True(result.Exit == 0, result.Error);
        var graph = AssertGraphML(file);
        var counts = await ExportStores.CountsAsync(store);
        var parents = await ExportStores.WithDbAsync(store, db => db.ChallengeAreas.LongCountAsync(a => a.ParentId != null));
        Assert.Equal(counts.Nodes, graph.Nodes.Count);
        Assert.Equal(counts.Relationships + counts.ByKind["NodeSource"] + parents, graph.Edges.Count);
        Assert.Equal(counts.ByKind["Organisation"], graph.Nodes.Values.Count(n => n["type"] == "Organisation"));
        Assert.Equal(counts.Relationships, graph.Edges.Count(e => e["type"] is not ("CITES" or "PARENT_OF")));
        Assert.Contains(graph.Edges, e => e["type"] == "FUNDS" && e.ContainsKey("amount"));
    }

    [SkippableFact]
    public async Task ExportGraphML_AroundANode_HoldsExactlyTheNodesWithinTheDepth_AndTheRelationshipsAmongThem()
    {
        var store = await ExportStores.SeedAndIndigoAsync(provider);
        const string start = "phoenix-community-housing-co-operative";
        var file = ExportStores.TempPath("around.graphml");

        var result = await IngestRunner.RunAsync(store, "export", "graphml", file, "--around", start, "--depth", "2");

        Assert.True(result.Exit == 0, result.Error);
        var graph = AssertGraphML(file);
        // Breadth-first by hand over all relationships, either direction, two hops.
        var relationships = await ExportStores.WithDbAsync(store, db => db.Relationships.AsNoTracking().Select(r => new { r.Key, r.FromId, r.ToId }).ToListAsync());
        var within = new HashSet<string>(StringComparer.Ordinal) { start };
        for (var hop = 0; hop < 2; hop++)
        {
            within.UnionWith(relationships.Where(r => within.Contains(r.FromId) || within.Contains(r.ToId)).SelectMany(r => new[] { r.FromId, r.ToId }).ToList());
        }

        Assert.Equal(within.Order(StringComparer.Ordinal), graph.Nodes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(
            relationships.Where(r => within.Contains(r.FromId) && within.Contains(r.ToId)).Select(r => r.Key).Order(StringComparer.Ordinal),
            graph.Edges.Where(e => e["type"] != "PARENT_OF").Select(e => e["key"]).Order(StringComparer.Ordinal));
        Assert.Equal("Organisation", graph.Nodes[start]["type"]);
        Assert.Equal("Phoenix Community Housing Co-operative", graph.Nodes[start]["name"]);
    }

    [SkippableFact]
    public async Task ExportGraphML_AroundAnUnknownKey_SaysSo_AndWritesNoFile()
    {
        var store = await ExportStores.SeedAndIndigoAsync(provider);
        var file = ExportStores.TempPath("none.graphml");

        var result = await IngestRunner.RunAsync(store, "export", "graphml", file, "--around", "no-such-node");

        Assert.Equal(1, result.Exit);
        Assert.Contains("no node has the key 'no-such-node'", result.Error);
        Assert.False(File.Exists(file));
    }

    /// <summary>Checks the GraphML rules listed on the class; returns the nodes (by key) and edges with their typed data.</summary>
    private static (Dictionary<string, Dictionary<string, string>> Nodes, List<Dictionary<string, string>> Edges) AssertGraphML(string file)
    {
        XDocument document;
        using (var reader = XmlReader.Create(file, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit }))
        {
            document = XDocument.Load(reader);
        }

        var root = document.Root!;
        Assert.Equal(G + "graphml", root.Name);
        var keys = new Dictionary<string, (string For, string Name, string Type)>(StringComparer.Ordinal);
        var children = root.Elements().ToList();
        var graphAt = children.FindIndex(e => e.Name == G + "graph");
        Assert.True(graphAt >= 0, "no <graph> element");
        Assert.Single(children, e => e.Name == G + "graph");
        foreach (var key in children.Take(graphAt))
        {
            Assert.Equal(G + "key", key.Name);
            var id = (string)key.Attribute("id")!;
            var domain = (string)key.Attribute("for")!;
            var name = (string)key.Attribute("attr.name")!;
            var type = (string)key.Attribute("attr.type")!;
            Assert.Contains(domain, (string[])["node", "edge"]);
            Assert.Contains(type, (string[])["boolean", "int", "long", "float", "double", "string"]);
            Assert.Equal(name, XmlConvert.VerifyNMTOKEN(name));
            Assert.True(keys.TryAdd(id, (domain, name, type)), $"key id {id} declared twice");
        }

        var graph = children[graphAt];
        Assert.Contains((string?)graph.Attribute("edgedefault"), (string[])["directed", "undirected"]);
        var nodes = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in graph.Elements(G + "node"))
        {
            var id = (string)node.Attribute("id")!;
            Assert.Equal(id, XmlConvert.VerifyNMTOKEN(id));
            Assert.True(ids.Add(id), $"node id {id} appears twice");
            var data = Data(node, "node", keys);
            nodes.Add(data["key"], data);
        }

        var edges = new List<Dictionary<string, string>>();
        var edgeIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var edge in graph.Elements(G + "edge"))
        {
            var id = (string)edge.Attribute("id")!;
            Assert.Equal(id, XmlConvert.VerifyNMTOKEN(id));
            Assert.True(edgeIds.Add(id), $"edge id {id} appears twice");
            Assert.True(ids.Contains((string)edge.Attribute("source")!), $"edge {id}: source is not a node of the graph");
            Assert.True(ids.Contains((string)edge.Attribute("target")!), $"edge {id}: target is not a node of the graph");
            edges.Add(Data(edge, "edge", keys));
        }

        Assert.DoesNotContain(graph.Elements(), e => e.Name != G + "node" && e.Name != G + "edge");
        return (nodes, edges);
    }

    private static Dictionary<string, string> Data(XElement element, string domain, Dictionary<string, (string For, string Name, string Type)> keys)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var data in element.Elements(G + "data"))
        {
            var key = keys[(string)data.Attribute("key")!];
            Assert.Equal(domain, key.For);
            Assert.True(key.Type switch
            {
                "int" => int.TryParse(data.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
                "double" => double.TryParse(data.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
                "boolean" => data.Value is "true" or "false",
                _ => true,
            }, $"'{data.Value}' of {key.Name} is not a {key.Type}");
            values.Add(key.Name, data.Value);
        }

        return values;
    }
}

public sealed class SqliteGraphMLExportTests() : GraphMLExportTests(StoreProvider.Sqlite);

public sealed class PostgresGraphMLExportTests() : GraphMLExportTests(StoreProvider.Postgres);
