using GraphQL.Types;
using SocialEconomy.Api.Limits;
using SocialEconomy.Api.Loading;
using SocialEconomy.Api.Relay;
using SocialEconomy.Graph.Traversal;

namespace SocialEconomy.Api.GraphViews;

/// <summary>A neighbourhood as the API returns it: the traversal's answer and the centre node, already loaded.</summary>
public sealed record NeighbourhoodResult(object Centre, int Depth, Neighbourhood Found);

public sealed class NeighbourhoodType : ObjectGraphType<NeighbourhoodResult>
{
    public NeighbourhoodType()
    {
        Name = "Neighbourhood";
        Description = "What surrounds a node: the nodes within 'depth' hops along relationships of the chosen types (followed in either direction), nearest first, and the relationships among them.";
        Field<NonNullGraphType<NodeInterface>>("node").Description("The node at the centre.").Resolve(c => c.Source.Centre);
        Field<NonNullGraphType<IntGraphType>>("depth").Description("How many hops out the neighbourhood reaches.").Resolve(c => c.Source.Depth);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<NeighbourhoodNodeType>>>>("nodes")
            .Description("The nodes, the centre first (distance 0), then by distance and by key; at most 'limit' of them.")
            .Resolve(c => c.Source.Found.Nodes);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GraphRelationshipType>>>>("relationships")
            .Description("Every relationship of the chosen types between two of the nodes (also between two nodes at the same distance), by type and ends.")
            .Resolve(c => c.Source.Found.Relationships);
        Field<NonNullGraphType<BooleanGraphType>>("truncated")
            .Description("True when more nodes lie within 'depth' than 'limit' let in: the nodes kept are the nearest, lowest keys first.")
            .Resolve(c => c.Source.Found.Truncated);
        BoundedExecutionStrategy.MarkListsBoundedByOwnLimit(this);
    }
}

public sealed class NeighbourhoodNodeType : ObjectGraphType<NeighbourNode>
{
    public NeighbourhoodNodeType()
    {
        Name = "NeighbourhoodNode";
        Description = "A node of a neighbourhood and how far it is from the centre.";
        Field<NonNullGraphType<NodeInterface>>("node").Description("The node.")
            .Resolve(c => c.Reader().Node(c.Source.Node.Kind, c.Source.Node.Id));
        Field<NonNullGraphType<IntGraphType>>("distance").Description("Fewest hops from the centre (0 for the centre itself).")
            .Resolve(c => c.Source.Distance);
    }
}

public sealed class GraphPathType : ObjectGraphType<GraphPath>
{
    public GraphPathType()
    {
        Name = "GraphPath";
        Description = "A way two nodes are connected: a chain of relationships, each followed in either direction, that visits no node twice.";
        Field<NonNullGraphType<IntGraphType>>("length").Description("How many relationships the path has.").Resolve(c => c.Source.Relationships.Count);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<NodeInterface>>>>("nodes")
            .Description("The nodes along the path, from 'from' to 'to'.")
            .Resolve(c => LoadedList.Of(c.Source.Nodes.Select(n => c.Reader().Node(n.Kind, n.Id))));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GraphRelationshipType>>>>("relationships")
            .Description("The relationships along the path: the i-th joins the i-th and (i+1)-th nodes, in the direction its own 'from' and 'to' say.")
            .Resolve(c => c.Source.Relationships);
    }
}
