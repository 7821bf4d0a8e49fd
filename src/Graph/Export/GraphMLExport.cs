using System.Text;
using System.Xml;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Store;
using SocialEconomy.Graph.Traversal;

namespace SocialEconomy.Graph.Export;

/// <summary>What a GraphML export wrote.</summary>
public sealed record GraphMLSummary(long Nodes, long Edges, bool Truncated);

/// <summary>
/// The graph, or the neighbourhood of one node, as GraphML (graphml.graphdrawing.org) for Gephi, Cytoscape, yEd or
/// NetworkX: a directed graph whose nodes are the graph's nodes (ids are their keys) and whose edges are its
/// relationships (ids are their natural keys), CITES edges to sources and PARENT_OF edges of the challenge-area
/// tree, each with typed attributes declared by &lt;key&gt; elements (attr.type string, int or double).
/// </summary>
public static class GraphMLExport
{
    public const string Namespace = "http://graphml.graphdrawing.org/xmlns";

    /// <summary>Node attributes besides the properties of each kind: "type" is the label, "label" what Gephi shows.</summary>
    private static readonly ExportProperty[] NodeExtras =
    [
        new("type", ExportType.String, n => ((NodeRecord)n).Kind.ToString()),
        new("label", ExportType.String, n => ((NodeRecord)n).Node switch
        {
            Nodes.EvidenceItem e => e.Title,
            Provenance.Source s => s.Title,
            var node => ExportSchema.NodeProperties(((NodeRecord)n).Kind).First(p => p.Name == "name").Read(node) as string,
        }),
        new("key", ExportType.String, n => ((NodeRecord)n).Node.Id),
        new("sources", ExportType.StringList, n => ((NodeRecord)n).Sources.Select(s => s.SourceId).Distinct().ToList()),
    ];

    /// <summary>The whole graph, as one committed state of the store.</summary>
    public static async Task<GraphMLSummary> WriteAsync(GraphDbContext db, Stream output, CancellationToken cancellationToken = default)
    {
        await using var snapshot = await GraphContent.BeginSnapshotAsync(db, cancellationToken);
        await using var writer = await StartAsync(output);
        long nodes = 0;
        await foreach (var node in GraphContent.NodesAsync(db, cancellationToken))
        {
            await NodeAsync(writer, node);
            nodes++;
        }

        // Edges after nodes, read again rather than held: the CITES and PARENT_OF edges come from the nodes.
        long edgeCount = 0;
        await foreach (var node in GraphContent.NodesAsync(db, cancellationToken))
        {
            edgeCount += await DerivedEdgesAsync(writer, node, _ => true);
        }

        await foreach (var relationship in GraphContent.RelationshipsAsync(db, cancellationToken))
        {
            await RelationshipAsync(writer, relationship);
            edgeCount++;
        }

        await EndAsync(writer);
        return new GraphMLSummary(nodes, edgeCount, false);
    }

    /// <summary>
    /// The nodes within <paramref name="depth"/> relationships of <paramref name="start"/> (followed either way,
    /// breadth-first, all hops in one statement, at most <paramref name="maxNodes"/> nodes) and the relationships
    /// among them, with PARENT_OF edges between the challenge areas found. Sources appear as node attributes.
    /// </summary>
    public static async Task<GraphMLSummary> WriteNeighbourhoodAsync(
        GraphDbContext db, NodeRef start, int depth, int maxNodes, Stream output, CancellationToken cancellationToken = default)
    {
        await using var snapshot = await GraphContent.BeginSnapshotAsync(db, cancellationToken);
        var neighbourhood = await new GraphTraversal(db).NeighbourhoodAsync(start, depth, null, maxNodes, cancellationToken: cancellationToken);
        var ids = neighbourhood.Nodes.Select(n => n.Node.Id).ToHashSet(StringComparer.Ordinal);
        var relationshipSources = await GraphContent.RelationshipSourcesAsync(db, [.. neighbourhood.Relationships.Select(r => r.Id)], cancellationToken);

        await using var writer = await StartAsync(output);
        var nodes = new List<NodeRecord>();
        foreach (var kind in GraphContent.NodeKindOrder)
        {
            var ofKind = neighbourhood.Nodes.Where(n => n.Node.Kind == kind).Select(n => n.Node.Id).ToList();
            if (ofKind.Count == 0)
            {
                continue;
            }

            await foreach (var node in GraphContent.NodesAsync(db, kind, ofKind, cancellationToken))
            {
                await NodeAsync(writer, node);
                nodes.Add(node);
            }
        }

        long edges = 0;
        foreach (var node in nodes)
        {
            edges += await DerivedEdgesAsync(writer, node, ids.Contains);
        }

        foreach (var relationship in neighbourhood.Relationships)
        {
            await RelationshipAsync(writer, new RelationshipRecord(relationship, relationshipSources.GetValueOrDefault(relationship.Id) ?? []));
            edges++;
        }

        await EndAsync(writer);
        return new GraphMLSummary(nodes.Count, edges, neighbourhood.Truncated);
    }

    /// <summary>Every attribute key the export declares: (domain, name, GraphML type).</summary>
    public static IReadOnlyList<(string For, string Name, string Type)> Keys()
    {
        var keys = new List<(string, string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in NodeExtras.Concat(GraphContent.NodeKindOrder.SelectMany(ExportSchema.NodeProperties)))
        {
            if (seen.Add(property.Name))
            {
                keys.Add(("node", property.Name, AttributeType(property.Type)));
            }
        }

        keys.Add(("edge", "type", "string"));
        keys.AddRange(ExportSchema.RelationshipProperties.Select(p => ("edge", p.Name, AttributeType(p.Type))));
        return keys;
    }

    private static string AttributeType(ExportType type) => type switch
    {
        ExportType.Int => "int",
        ExportType.Double => "double",
        ExportType.Boolean => "boolean",
        _ => "string",
    };

    private static string KeyId(string domain, string name) => $"{domain[0]}_{name}";

    /// <summary>
    /// GraphML's schema types node and edge ids as XML name tokens: a key that is one (as seed-data keys are) stays as
    /// it is, others are escaped as XmlConvert does ("->" in relationship keys becomes "-_x003E_"). The "key" attribute keeps the original.
    /// </summary>
    public static string Id(string key) => XmlConvert.EncodeNmToken(key);

    private static async Task<XmlWriter> StartAsync(Stream output)
    {
        var writer = XmlWriter.Create(output, new XmlWriterSettings
        {
            Async = true,
            Indent = true,
            Encoding = new UTF8Encoding(false),
            CloseOutput = false,
        });
        await writer.WriteStartDocumentAsync();
        await writer.WriteStartElementAsync(null, "graphml", Namespace);
        await writer.WriteAttributeStringAsync("xmlns", "xsi", null, "http://www.w3.org/2001/XMLSchema-instance");
        await writer.WriteAttributeStringAsync("xsi", "schemaLocation", null, $"{Namespace} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd");
        foreach (var (domain, name, type) in Keys())
        {
            await writer.WriteStartElementAsync(null, "key", Namespace);
            await writer.WriteAttributeStringAsync(null, "id", null, KeyId(domain, name));
            await writer.WriteAttributeStringAsync(null, "for", null, domain);
            await writer.WriteAttributeStringAsync(null, "attr.name", null, name);
            await writer.WriteAttributeStringAsync(null, "attr.type", null, type);
            await writer.WriteEndElementAsync();
        }

        await writer.WriteStartElementAsync(null, "graph", Namespace);
        await writer.WriteAttributeStringAsync(null, "id", null, "social-economy");
        await writer.WriteAttributeStringAsync(null, "edgedefault", null, "directed");
        return writer;
    }

    private static async Task EndAsync(XmlWriter writer)
    {
        await writer.WriteEndElementAsync();
        await writer.WriteEndElementAsync();
        await writer.WriteEndDocumentAsync();
        await writer.FlushAsync();
    }

    private static async Task NodeAsync(XmlWriter writer, NodeRecord node)
    {
        await writer.WriteStartElementAsync(null, "node", Namespace);
        await writer.WriteAttributeStringAsync(null, "id", null, Id(node.Node.Id));
        foreach (var property in NodeExtras)
        {
            await DataAsync(writer, "node", property, property.Read(node));
        }

        foreach (var property in ExportSchema.NodeProperties(node.Kind))
        {
            await DataAsync(writer, "node", property, property.Read(node.Node));
        }

        await writer.WriteEndElementAsync();
    }

    /// <summary>CITES edges to the node's sources and a PARENT_OF edge from its parent area, where <paramref name="included"/> has the other end.</summary>
    private static async Task<long> DerivedEdgesAsync(XmlWriter writer, NodeRecord node, Func<string, bool> included)
    {
        long count = 0;
        foreach (var source in node.Sources.Where(s => included(s.SourceId)))
        {
            await EdgeAsync(writer, $"{ExportSchema.Cites}:{node.Node.Id}->{source.SourceId}:{source.Origin}", node.Node.Id, source.SourceId, ExportSchema.Cites, source.Origin);
            count++;
        }

        if (node.Node is ChallengeArea { ParentId: { } parent } area && included(parent))
        {
            await EdgeAsync(writer, $"{ExportSchema.ParentOf}:{parent}->{area.Id}", parent, area.Id, ExportSchema.ParentOf, null);
            count++;
        }

        return count;
    }

    private static async Task EdgeAsync(XmlWriter writer, string id, string source, string target, string type, string? origin)
    {
        await writer.WriteStartElementAsync(null, "edge", Namespace);
        await writer.WriteAttributeStringAsync(null, "id", null, Id(id));
        await writer.WriteAttributeStringAsync(null, "source", null, Id(source));
        await writer.WriteAttributeStringAsync(null, "target", null, Id(target));
        await DataAsync(writer, "edge", new ExportProperty("type", ExportType.String, _ => null), type);
        await DataAsync(writer, "edge", new ExportProperty("origin", ExportType.String, _ => null), origin);
        await writer.WriteEndElementAsync();
    }

    private static async Task RelationshipAsync(XmlWriter writer, RelationshipRecord record)
    {
        var r = record.Relationship;
        await writer.WriteStartElementAsync(null, "edge", Namespace);
        await writer.WriteAttributeStringAsync(null, "id", null, Id(r.Key));
        await writer.WriteAttributeStringAsync(null, "source", null, Id(r.FromId));
        await writer.WriteAttributeStringAsync(null, "target", null, Id(r.ToId));
        await DataAsync(writer, "edge", new ExportProperty("type", ExportType.String, _ => null), ExportSchema.TypeName(r.Type));
        foreach (var property in ExportSchema.RelationshipProperties)
        {
            await DataAsync(writer, "edge", property, property.Read(record));
        }

        await writer.WriteEndElementAsync();
    }

    private static async Task DataAsync(XmlWriter writer, string domain, ExportProperty property, object? value)
    {
        var text = value is IReadOnlyList<string> list ? (list.Count == 0 ? null : string.Join("; ", list)) : ExportSchema.Format(value);
        if (text is null)
        {
            return;
        }

        await writer.WriteStartElementAsync(null, "data", Namespace);
        await writer.WriteAttributeStringAsync(null, "key", null, KeyId(domain, property.Name));
        await writer.WriteStringAsync(text);
        await writer.WriteEndElementAsync();
    }
}
