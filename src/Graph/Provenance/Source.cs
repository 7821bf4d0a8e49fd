using SocialEconomy.Graph.Nodes;

namespace SocialEconomy.Graph.Provenance;

/// <summary>Where a fact comes from: a publication, a dataset or a web page.</summary>
public sealed class Source : INode
{
    public static NodeKind Kind => NodeKind.Source;

    public required string Id { get; set; }

    public string Origin { get; set; } = "";

    public required string Title { get; set; }

    public string? Publisher { get; set; }

    public string? Url { get; set; }

    public DateOnly? Retrieved { get; set; }

    public string? Licence { get; set; }

    public string? Note { get; set; }
}

/// <summary>Provenance of a node: the node <see cref="NodeId"/> is stated by the source <see cref="SourceId"/>.</summary>
public sealed class NodeSource
{
    public required string NodeId { get; set; }

    public required string SourceId { get; set; }

    /// <summary>The dataset that attributed the node to the source: a later load of that dataset may withdraw it, no other may.</summary>
    public required string Origin { get; set; }
}

/// <summary>Provenance of a relationship.</summary>
public sealed class RelationshipSource
{
    public long RelationshipId { get; set; }

    public required string SourceId { get; set; }

    /// <summary>The dataset that attributed the relationship to the source.</summary>
    public required string Origin { get; set; }
}
