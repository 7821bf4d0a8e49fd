namespace SocialEconomy.Graph.Relationships;

/// <summary>Which way a relationship is read from the node at hand (the entity being filtered, the parent of a list).</summary>
public enum Direction
{
    /// <summary>The entity is the relationship's start (e.g. an organisation RUNS a model).</summary>
    Outgoing,

    /// <summary>The entity is the relationship's end (e.g. a model is evaluated by evidence).</summary>
    Incoming,

    /// <summary>Either end, for symmetric relationships such as partnerships.</summary>
    Either,
}
