namespace SocialEconomy.Graph.Verdicts;

/// <summary>
/// What the evidence says about whether a model works, by <see cref="VerdictRule"/>. Apart from how strong the
/// evidence is (its ratings): a rigorous trial that found nothing makes a model NoEffectFound, not effective.
/// </summary>
public enum Verdict
{
    /// <summary>Every study able to attribute an effect that reports a direction found a positive one.</summary>
    Effective,

    /// <summary>No study able to attribute an effect reports a direction; weaker studies found a positive effect and none harm.</summary>
    Promising,

    /// <summary>Studies able to attribute an effect disagree, or found positive and negative effects.</summary>
    Mixed,

    /// <summary>Every study able to attribute an effect that reports a direction found no effect.</summary>
    NoEffectFound,

    /// <summary>A study able to attribute an effect found harm, and none found a positive or mixed effect.</summary>
    HarmFound,

    /// <summary>No evidence reports a direction of effect, or only weaker studies with no positive finding.</summary>
    InsufficientEvidence,
}

/// <summary>
/// The verdict on one model, stored beside it and recomputed by every load that changes its evidence: a derived fact,
/// with the rule that made it, the reason in words, and the evidence that decided it.
/// </summary>
public sealed class ModelVerdict
{
    public required string ModelId { get; set; }

    public Verdict Verdict { get; set; }

    /// <summary>The rule and its version, e.g. "model-verdict/2"; see <see cref="VerdictRule"/>.</summary>
    public required string Rule { get; set; }

    public required string Reason { get; set; }

    /// <summary>Ids of the evidence items that decided the verdict, one per line (see <see cref="Nodes.NameList"/>).</summary>
    public string? DecidedBy { get; set; }
}
