using SocialEconomy.Graph.Nodes;

namespace SocialEconomy.Graph.Traversal;

/// <summary>A node by kind and id: enough to find its table, without loading it.</summary>
public readonly record struct NodeRef(NodeKind Kind, string Id);
