namespace SocialEconomy.Graph.Nodes;

/// <summary>The kinds of node in the graph; each has its own table.</summary>
public enum NodeKind
{
    Organisation,
    Model,
    ChallengeArea,
    Funder,
    Outcome,
    Evidence,
    Source,
}
