namespace SocialEconomy.Graph.Nodes;

/// <summary>A publication about what works: an evaluation, trial, review or case study.</summary>
public sealed class EvidenceItem : INode
{
    public static NodeKind Kind => NodeKind.Evidence;

    public required string Id { get; set; }

    public string Origin { get; set; } = "";

    public required string Title { get; set; }

    public string? Authors { get; set; }

    public string? Publisher { get; set; }

    public int? Year { get; set; }

    public required string Url { get; set; }

    public StudyDesign Design { get; set; }

    public string? Summary { get; set; }

    /// <summary>For a review: how many studies it pools or includes, as the review counts them.</summary>
    public int? StudiesPooled { get; set; }

    /// <summary>
    /// The curator's appraisal of its strength. Null for a document listed by a dataset that nobody has appraised yet:
    /// it counts among the studies found, never toward strength or verdicts.
    /// </summary>
    public EvidenceRating? Rating { get; set; }

    /// <summary>Ratings of the same publication on other named scales, each with the sources that give it; one per scale.</summary>
    public List<EvidenceRating> OtherRatings { get; set; } = [];
}

/// <summary>The strength of a piece of evidence on a named scale; several scales exist side by side.</summary>
public sealed class EvidenceRating
{
    public EvidenceScale Scale { get; set; }

    public int Level { get; set; }

    public string? Label { get; set; }

    public required string Reason { get; set; }

    /// <summary>
    /// For a rating on another scale than the curator's: the sources that give it (ids), e.g. the Foundations
    /// Guidebook's page on the programme. Empty for the curator's rating, which rests on the publication's sources.
    /// </summary>
    public List<string> Sources { get; set; } = [];
}

public enum EvidenceScale
{
    /// <summary>Nesta Standards of Evidence, levels 1 to 5.</summary>
    Nesta,

    /// <summary>Foundations (formerly Early Intervention Foundation) Guidebook ratings.</summary>
    Foundations,

    /// <summary>Maryland Scientific Methods Scale, levels 1 to 5.</summary>
    MarylandSms,
}

public enum StudyDesign
{
    Rct,
    QuasiExperimental,
    Evaluation,
    ProcessEvaluation,
    CostBenefit,
    CaseStudy,
    Review,
    SystematicReview,
    Survey,
    Qualitative,
    Other,
}
