using GraphQL.Types;

namespace SocialEconomy.Api.GraphViews;

/// <summary>Root fields that look at the graph as a graph: neighbourhoods, paths, comparable models, the evidence map.</summary>
public static class GraphViewQueries
{
    public static void AddGraphViewFields(this ObjectGraphType query)
    {
    }
}
