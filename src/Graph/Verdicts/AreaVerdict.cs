namespace SocialEconomy.Graph.Verdicts;

/// <summary>
/// The verdict on one model from the appraised evidence about one challenge area or an area beneath it, by the same
/// rule as <see cref="ModelVerdict"/>: within an area, a model ranks by what the evidence there says, not by a trial
/// about another area. Stored for every area that some evidence evaluating the model is about (appraised or not: an
/// unappraised document is a study found, which decides nothing), and kept in step by every load that changes that
/// evidence (<see cref="ModelVerdicts"/>).
/// </summary>
public sealed class AreaVerdict : IDecidedVerdict
{
    public required string AreaId { get; set; }

    public required string ModelId { get; set; }

    public Verdict Verdict { get; set; }

    /// <summary>The rule and its version, e.g. "model-verdict/2"; see <see cref="VerdictRule"/>.</summary>
    public required string Rule { get; set; }

    public required string Reason { get; set; }

    /// <summary>Ids of the evidence items that decided the verdict, one per line (see <see cref="Nodes.NameList"/>).</summary>
    public string? DecidedBy { get; set; }

    /// <summary>
    /// The highest level of the curators' ratings of that evidence: how strong the evidence about the area is; null
    /// where the only evidence here is documents a dataset lists that nobody has appraised yet.
    /// </summary>
    public int? BestEvidenceLevel { get; set; }
}
