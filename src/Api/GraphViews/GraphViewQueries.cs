using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;
using SocialEconomy.Api.Relay;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;
using SocialEconomy.Graph.Traversal;

namespace SocialEconomy.Api.GraphViews;

/// <summary>Root fields that look at the graph as a graph: neighbourhoods, paths, comparable models, the evidence map.</summary>
public static class GraphViewQueries
{
    public static void AddGraphViewFields(this ObjectGraphType query)
    {
        AddNeighbourhood(query);
        AddPaths(query);
        query.AddComparableModelsField();
        query.AddEvidenceMapField();
    }

    private static void AddNeighbourhood(ObjectGraphType query) =>
        query.Field<NonNullGraphType<NeighbourhoodType>>("neighbourhood")
            .Description("What surrounds a node: the nodes within 'depth' hops and the relationships among them, with their properties and sources. "
                + "Read breadth-first, one statement per hop and one for the relationships among the nodes (with their sources and the nodes' own fields), and bounded by 'depth' (at most GraphViews:MaxNeighbourhoodDepth, 3 unless configured) and 'limit'.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "The global id of the node at the centre.")
            .Argument<IntGraphType>("depth", "How many hops out to go, from 0 (the node alone) to the configured maximum (3 by default).", a => a.DefaultValue = 1)
            .Argument<ListGraphType<NonNullGraphType<RelationshipTypeType>>>("relationships", "Follow only relationships of these types; all types when omitted.")
            .Argument<IntGraphType>("limit", "Most nodes to return, the centre included (100 when omitted, at most GraphViews:MaxNeighbourhoodLimit, 500 by default); the nearest are kept.")
            .ResolveAsync(async context =>
            {
                var options = GraphViewOptions.From(context.RequestServices!);
                var centre = GraphViewArguments.Decode("id", context.GetArgument<string>("id"));
                var depth = GraphViewArguments.InRange("depth", context.GetArgument("depth", 1), 0, options.MaxNeighbourhoodDepth, GraphViewArguments.DepthOutOfRange,
                    "look further out from one of the nodes it returns.");
                var limit = GraphViewArguments.InRange("limit", context.GetArgument<int?>("limit") ?? options.DefaultNeighbourhoodLimit, 1, options.MaxNeighbourhoodLimit,
                    GraphViewArguments.LimitOutOfRange, "narrow the neighbourhood with 'relationships' or a smaller 'depth'.");
                // A statement per level, then one for the relationships among the nodes found, with their sources and
                // the nodes' own records when the document asks for them; the fields below then find them all loaded.
                // The centre is read with the nodes, or on its own when they are not asked for. A centre that does not
                // exist has no relationships, so its traversal costs next to nothing before the error.
                var found = await Traversal(context).NeighbourhoodAsync(
                    centre, depth, Types(context), limit,
                    withSources: Asks(context, "relationships", "sources"), withNodes: Asks(context, "nodes", "node"), context.CancellationToken);
                var reader = context.Reader();
                if (found.RelationshipSources is { } sources)
                {
                    reader.PrimeRelationshipSources(sources);
                }

                if (found.NodeRows is { } nodes)
                {
                    reader.PrimeNodes(nodes, found.Nodes.Select(n => n.Node));
                }

                var node = await reader.Node(centre.Kind, centre.Id).GetResultAsync(context.CancellationToken)
                    ?? throw GraphViewArguments.NotFound("id");
                return new NeighbourhoodResult(node, depth, found);
            });

    private static void AddPaths(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<GraphPathType>>>>("paths")
            .Description("How two nodes are connected: simple paths of at most 'maxHops' relationships (each followed in either direction), shortest first, "
                + "then in order of the keys along them. Found by a breadth-first search from both ends (one statement per hop for both) that reads at most "
                + "GraphViews:MaxPathRelationships relationships; paths are listed in order and never all enumerated. Empty when the nodes are not connected within 'maxHops'.")
            .Argument<NonNullGraphType<IdGraphType>>("from", "The global id of the node to start from.")
            .Argument<NonNullGraphType<IdGraphType>>("to", "The global id of the node to reach.")
            .Argument<IntGraphType>("maxHops", "Longest path, in relationships: 1 to GraphViews:MaxPathHops (6 by default).", a => a.DefaultValue = 4)
            .Argument<ListGraphType<NonNullGraphType<RelationshipTypeType>>>("relationships", "Follow only relationships of these types; all types when omitted.")
            .Argument<IntGraphType>("first", "Most paths to return (at most GraphViews:MaxResults, 100 by default).", a => a.DefaultValue = 10)
            .ResolveAsync(async context =>
            {
                var options = GraphViewOptions.From(context.RequestServices!);
                var from = GraphViewArguments.Decode("from", context.GetArgument<string>("from"));
                var to = GraphViewArguments.Decode("to", context.GetArgument<string>("to"));
                var maxHops = GraphViewArguments.InRange("maxHops", context.GetArgument("maxHops", 4), 1, options.MaxPathHops, GraphViewArguments.HopsOutOfRange,
                    "find a node part of the way with a shorter search, then search on from it.");
                var first = GraphViewArguments.InRange("first", context.GetArgument("first", 10), 0, options.MaxResults, GraphViewArguments.PageSizeOutOfRange,
                    "ask for fewer paths.");
                // The ends are read with the relationships and nodes along the paths, so they are looked for after the
                // search: an end that does not exist has no relationships, and is reported before any other trouble.
                PathSearch? found = null;
                TraversalTooLargeException? tooLarge = null;
                try
                {
                    found = await Traversal(context).PathsAsync(from, to, maxHops, Types(context), first, options.MaxPathRelationships,
                        withNodes: true, cancellationToken: context.CancellationToken);
                }
                catch (TraversalTooLargeException e)
                {
                    tooLarge = e;
                }

                var reader = context.Reader();
                if (found?.NodeRows is { } nodes)
                {
                    reader.PrimeNodes(nodes, found.Paths.SelectMany(p => p.Nodes).Append(from).Append(to));
                }

                _ = await reader.Node(from.Kind, from.Id).GetResultAsync(context.CancellationToken) ?? throw GraphViewArguments.NotFound("from");
                _ = await reader.Node(to.Kind, to.Id).GetResultAsync(context.CancellationToken) ?? throw GraphViewArguments.NotFound("to");
                return tooLarge is null ? found!.Paths : throw new ExecutionError(tooLarge.Message) { Code = GraphViewArguments.TraversalTooLarge };
            });

    /// <summary>
    /// Whether the selection asks for <paramref name="field"/> and, inside it, <paramref name="inner"/>: reading
    /// ahead what is asked for saves a statement. A fragment inside the field may ask for anything, so it counts as yes.
    /// </summary>
    private static bool Asks(IResolveFieldContext context, string field, string inner) =>
        context.SubFields?.Values.Any(f => f.Field.Name.StringValue == field
            && f.Field.SelectionSet?.Selections.Any(s => s is not GraphQLField selected || selected.Name.StringValue == inner) == true) == true;

    private static GraphTraversal Traversal(IResolveFieldContext context) =>
        new(context.RequestServices!.GetRequiredService<GraphDbContext>());

    private static List<RelationshipType>? Types(IResolveFieldContext context) =>
        context.GetArgument<List<RelationshipType>?>("relationships");
}
