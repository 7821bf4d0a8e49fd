using SocialEconomy.Graph.Nodes;

namespace SocialEconomy.Graph.Importing.Indigo;

/// <summary>
/// Which INDIGO project documents are evidence. The documents table has no type column, only a title, so the
/// title decides: evaluations, reports, reviews and case studies are evidence; contracts, fact sheets,
/// information memoranda, blogs and press releases describe a project without assessing it, so they are not.
/// </summary>
internal static class IndigoDocuments
{
    private static readonly string[] NotEvidence =
    [
        "contract", "agreement", "fact sheet", "factsheet", "fiche", "memorandum", "memo", "blog", "press release",
        "press bulletin", "iati", "infographic", "evaluation framework",
    ];

    private static readonly string[] Evidence =
    [
        "evaluat", "report", "review", "case study", "findings", "learnings", "lessons", "assessment",
    ];

    /// <summary>The study design a document's title (or its source type) states, or null when it is not evidence.</summary>
    public static StudyDesign? DesignOf(string title, string? sourceType = null)
    {
        var text = title.ToLowerInvariant();
        if (NotEvidence.Any(word => text.Contains(word, StringComparison.Ordinal)))
        {
            return null;
        }

        if (!Evidence.Any(word => text.Contains(word, StringComparison.Ordinal))
            && !string.Equals(sourceType?.Trim(), "Evaluation report", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return DesignOfEvaluationDocument(title, sourceType);
    }

    /// <summary>
    /// The design of a document INDIGO names as the evaluation document of a result: it is evidence by that
    /// listing, whatever its title; the title or source type only tells the design.
    /// </summary>
    public static StudyDesign DesignOfEvaluationDocument(string title, string? sourceType)
    {
        var text = title.ToLowerInvariant();
        if (text.Contains("process evaluation", StringComparison.Ordinal))
        {
            return StudyDesign.ProcessEvaluation;
        }

        if (text.Contains("evaluat", StringComparison.Ordinal)
            || string.Equals(sourceType?.Trim(), "Evaluation report", StringComparison.OrdinalIgnoreCase))
        {
            return StudyDesign.Evaluation;
        }

        return text.Contains("case study", StringComparison.Ordinal) ? StudyDesign.CaseStudy : StudyDesign.Other;
    }
}
