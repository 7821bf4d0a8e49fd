namespace SocialEconomy.Graph.Loading;

/// <summary>The datasets records come from.</summary>
public static class GraphOrigins
{
    /// <summary>The curated files in seed-data/.</summary>
    public const string Seed = "seed";

    /// <summary>The INDIGO impact-bond data of the Government Outcomes Lab.</summary>
    public const string Indigo = "indigo";

    /// <summary>The Co-operatives UK open dataset.</summary>
    public const string CoopsUk = "coops-uk";

    /// <summary>Generated load-test data (ingest generate); never to be mixed with real data.</summary>
    public const string Synthetic = "synthetic";
}
