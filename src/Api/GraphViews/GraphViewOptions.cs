namespace SocialEconomy.Api.GraphViews;

/// <summary>How much of the graph one neighbourhood, path search or comparison may read. Bound from configuration section "GraphViews".</summary>
public sealed class GraphViewOptions
{
    public const string Section = "GraphViews";

    /// <summary>Deepest neighbourhood, in hops (DEPTH_OUT_OF_RANGE beyond).</summary>
    public int MaxNeighbourhoodDepth { get; set; } = 3;

    /// <summary>Nodes in a neighbourhood when the client gives no limit, the node itself included.</summary>
    public int DefaultNeighbourhoodLimit { get; set; } = 100;

    /// <summary>Largest neighbourhood limit a client may ask for (LIMIT_OUT_OF_RANGE beyond).</summary>
    public int MaxNeighbourhoodLimit { get; set; } = 500;

    /// <summary>Longest path, in hops (HOPS_OUT_OF_RANGE beyond).</summary>
    public int MaxPathHops { get; set; } = 6;

    /// <summary>Most relationships one path search may read before it gives up (TRAVERSAL_TOO_LARGE).</summary>
    public int MaxPathRelationships { get; set; } = 50_000;

    /// <summary>Most results of paths and comparableModels in one request (PAGE_SIZE_OUT_OF_RANGE beyond).</summary>
    public int MaxResults { get; set; } = 100;

    /// <summary>Most cells (challenge areas × outcomes) one evidence map may have (MAP_TOO_LARGE beyond).</summary>
    public int MaxEvidenceMapCells { get; set; } = 250_000;

    /// <summary>
    /// Longest comparableModels may take to read the graph into memory, after start-up or a load (COMPARISON_UNAVAILABLE
    /// beyond); about 10 s at 10^6 nodes.
    /// </summary>
    public int ComparableModelsBuildSeconds { get; set; } = 120;

    public static GraphViewOptions From(IServiceProvider services) =>
        (services.GetService(typeof(IConfiguration)) as IConfiguration)?.GetSection(Section).Get<GraphViewOptions>() ?? new GraphViewOptions();
}
