using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;

namespace SocialEconomy.Graph.Loading;

/// <summary>
/// A self-contained set of nodes and relationships with their provenance, as read from seed-data files (or,
/// later, an open dataset), ready for <see cref="GraphLoader"/> to merge into the store.
/// </summary>
public sealed class GraphBatch(string origin)
{
    /// <summary>
    /// The dataset the batch comes from ("seed", "indigo", "coops-uk"). A batch owns what its origin
    /// created; on records another origin created it fills gaps and reports conflicts instead of overwriting.
    /// </summary>
    public string Origin { get; } = origin;

    public List<Source> Sources { get; } = [];

    public List<ChallengeArea> ChallengeAreas { get; } = [];

    public List<Model> Models { get; } = [];

    public List<Organisation> Organisations { get; } = [];

    public List<Funder> Funders { get; } = [];

    public List<Outcome> Outcomes { get; } = [];

    public List<EvidenceItem> Evidence { get; } = [];

    public List<Relationship> Relationships { get; } = [];

    /// <summary>Sources of each node, by node id.</summary>
    public Dictionary<string, SortedSet<string>> NodeSources { get; } = new(StringComparer.Ordinal);

    /// <summary>Sources of each relationship, by relationship key.</summary>
    public Dictionary<string, SortedSet<string>> RelationshipSources { get; } = new(StringComparer.Ordinal);

    public int NodeCount =>
        Sources.Count + ChallengeAreas.Count + Models.Count + Organisations.Count + Funders.Count + Outcomes.Count + Evidence.Count;

    /// <summary>The kind and id of every node of the batch.</summary>
    public IEnumerable<(NodeKind Kind, string Id)> NodeIds =>
        Of(Sources).Concat(Of(ChallengeAreas)).Concat(Of(Models)).Concat(Of(Organisations)).Concat(Of(Funders)).Concat(Of(Outcomes)).Concat(Of(Evidence));

    private static IEnumerable<(NodeKind, string)> Of<T>(IEnumerable<T> nodes)
        where T : INode => nodes.Select(n => (T.Kind, n.Id));
}
