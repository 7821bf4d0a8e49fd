using GraphQL;
using SocialEconomy.Api.Relay;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Traversal;

namespace SocialEconomy.Api.GraphViews;

/// <summary>Checks the arguments of the graph-view fields; every refusal is a GraphQL error with a stable code.</summary>
internal static class GraphViewArguments
{
    public const string InvalidId = "INVALID_ID";
    public const string NodeNotFound = "NODE_NOT_FOUND";
    public const string WrongNodeKind = "WRONG_NODE_KIND";
    public const string DepthOutOfRange = "DEPTH_OUT_OF_RANGE";
    public const string LimitOutOfRange = "LIMIT_OUT_OF_RANGE";
    public const string HopsOutOfRange = "HOPS_OUT_OF_RANGE";
    public const string PageSizeOutOfRange = "PAGE_SIZE_OUT_OF_RANGE";
    public const string TraversalTooLarge = "TRAVERSAL_TOO_LARGE";
    public const string MapTooLarge = "MAP_TOO_LARGE";

    /// <summary>Decodes a global id, or fails naming the argument; with <paramref name="kinds"/>, the node must be of one of them.</summary>
    public static NodeRef Decode(string argument, string? id, params NodeKind[] kinds)
    {
        if (!GlobalId.TryDecode(id, out var kind, out var key) || kind == NodeKind.Source && kinds.Length == 0)
        {
            throw new ExecutionError($"'{argument}' is not the global id of a node of the graph; use the 'id' field of an Organisation, Model, ChallengeArea, Funder, Outcome or Evidence.")
            {
                Code = InvalidId,
            };
        }

        if (kinds.Length > 0 && !kinds.Contains(kind))
        {
            throw new ExecutionError($"'{argument}' is the id of a {kind}; it must be the id of a {string.Join(" or ", kinds)}.") { Code = WrongNodeKind };
        }

        return new NodeRef(kind, key);
    }

    public static ExecutionError NotFound(string argument) =>
        new($"'{argument}' names no node in the graph (it may have been removed); fetch current ids with the connection fields.") { Code = NodeNotFound };

    public static int InRange(string argument, int value, int min, int max, string code, string advice)
    {
        if (value < min || value > max)
        {
            throw new ExecutionError($"'{argument}' must be between {min} and {max}; {advice}") { Code = code };
        }

        return value;
    }
}
