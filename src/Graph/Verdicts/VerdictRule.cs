using System.Globalization;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;

namespace SocialEconomy.Graph.Verdicts;

/// <summary>
/// The published rule that turns a model's evidence into a <see cref="Verdict"/>. It reads the appraised evidence
/// items that evaluate the model (a document a dataset lists that nobody has rated plays no part), each with its study
/// design and the direction of effect it reports per outcome (its findings).
/// <list type="number">
/// <item>An item's direction, from its findings on the outcomes its source names as primary where it names any, else
/// from all its findings: positive when some finding is positive and none negative; negative when some is negative and
/// none positive; no effect when every finding is "no effect"; mixed otherwise; none without findings.</item>
/// <item>Studies able to attribute an effect are randomised trials, quasi-experimental comparisons and systematic
/// reviews (what a review concludes). Among those with a direction: all positive is Effective; all "no effect" is
/// NoEffectFound; some negative with none positive or mixed is HarmFound; any other combination is Mixed.</item>
/// <item>With no such study, other studies (evaluations, case studies...) with a positive direction and none negative
/// make the model Promising; otherwise the evidence is Insufficient.</item>
/// </list>
/// A rating's level plays no part: strength is said by the ratings, and a strong null trial never reads as a success.
/// </summary>
public static class VerdictRule
{
    public const string Id = "model-verdict/2";

    /// <summary>The designs that can attribute an effect to the model.</summary>
    public static readonly IReadOnlySet<StudyDesign> CausalDesigns = new HashSet<StudyDesign> { StudyDesign.Rct, StudyDesign.QuasiExperimental, StudyDesign.SystematicReview };

    /// <summary>One appraised evidence item that evaluates the model: its id, design, year and the effects it reports.</summary>
    public sealed record Study(string Id, StudyDesign Design, int? Year, IReadOnlyList<Reported> Findings)
    {
        public Study(string id, StudyDesign design, int? year, IReadOnlyList<Effect> effects)
            : this(id, design, year, [.. effects.Select(e => new Reported(e, Primary: false))])
        {
        }

        /// <summary>The effects that decide its direction: those on its primary outcomes where it names any, else all.</summary>
        public IReadOnlyList<Effect> DecidingEffects =>
            [.. (Findings.Any(f => f.Primary) ? Findings.Where(f => f.Primary) : Findings).Select(f => f.Effect)];
    }

    /// <summary>An effect a study reports on one outcome, and whether its source names that outcome as primary.</summary>
    public sealed record Reported(Effect Effect, bool Primary);

    /// <param name="modelId">The model.</param>
    /// <param name="studies">The appraised evidence that evaluates it.</param>
    /// <param name="unappraised">How many evidence items that evaluate it nobody has rated yet (they decide nothing; the reason counts them).</param>
    public static ModelVerdict Decide(string modelId, IReadOnlyCollection<Study> studies, int unappraised = 0)
    {
        var directed = studies.Select(s => (Study: s, Direction: DirectionOf(s.DecidingEffects))).Where(s => s.Direction is not null).ToList();
        var causal = directed.Where(s => CausalDesigns.Contains(s.Study.Design)).ToList();
        if (causal.Count > 0)
        {
            var directions = causal.Select(s => s.Direction!.Value).ToList();
            var verdict = directions.All(d => d == Effect.Positive) ? Verdict.Effective
                : directions.All(d => d == Effect.NoEffect) ? Verdict.NoEffectFound
                : directions.Contains(Effect.Negative) && !directions.Contains(Effect.Positive) && !directions.Contains(Effect.Mixed) ? Verdict.HarmFound
                : Verdict.Mixed;
            var reason = verdict switch
            {
                Verdict.Effective => "every study able to attribute an effect found a positive one",
                Verdict.NoEffectFound => "every study able to attribute an effect found no effect",
                Verdict.HarmFound => "a study able to attribute an effect found harm, and none a positive or mixed effect",
                _ => "the studies able to attribute an effect disagree",
            };
            return Made(modelId, verdict, $"{Capitalised(reason)}: {Listed(causal)}.", causal.Select(s => s.Study));
        }

        var weaker = directed.Where(s => s.Direction == Effect.Positive).ToList();
        if (weaker.Count > 0 && !directed.Any(s => s.Direction is Effect.Negative or Effect.Mixed))
        {
            return Made(modelId, Verdict.Promising,
                $"No study able to attribute an effect (randomised trial, quasi-experimental comparison or systematic review) reports one; weaker studies found a positive effect and none harm: {Listed(weaker)}.",
                weaker.Select(s => s.Study));
        }

        var reasonWhy = studies.Count == 0 && unappraised > 0
                ? $"{Count(unappraised, "evidence item")} evaluate{(unappraised == 1 ? "s" : "")} it, none appraised yet: a document a dataset lists counts among the studies found, not toward a verdict."
            : studies.Count == 0 ? "No evidence evaluates it."
            : directed.Count == 0 ? $"{Count(studies.Count, "evidence item")} evaluate{(studies.Count == 1 ? "s" : "")} it, none reporting a direction of effect."
            : $"No study able to attribute an effect reports one, and the weaker studies do not agree on a positive effect: {Listed(directed)}.";
        return Made(modelId, Verdict.InsufficientEvidence, reasonWhy, directed.Select(s => s.Study));
    }

    /// <summary>The direction of one item across its findings; null without findings.</summary>
    public static Effect? DirectionOf(IReadOnlyList<Effect> effects)
    {
        if (effects.Count == 0)
        {
            return null;
        }

        var positive = effects.Contains(Effect.Positive);
        var negative = effects.Contains(Effect.Negative);
        return positive && !negative ? Effect.Positive
            : negative && !positive ? Effect.Negative
            : effects.All(e => e == Effect.NoEffect) ? Effect.NoEffect
            : Effect.Mixed;
    }

    private static ModelVerdict Made(string modelId, Verdict verdict, string reason, IEnumerable<Study> decidedBy) => new()
    {
        ModelId = modelId, Verdict = verdict, Rule = Id, Reason = reason,
        DecidedBy = NameList.Join([.. decidedBy.Select(s => s.Id).Order(StringComparer.Ordinal)]),
    };

    private static string Listed(IEnumerable<(Study Study, Effect? Direction)> studies) =>
        string.Join("; ", studies.OrderBy(s => s.Study.Id, StringComparer.Ordinal).Select(s =>
            $"{s.Study.Id} ({Words(s.Study.Design)}{(s.Study.Year is { } year ? string.Create(CultureInfo.InvariantCulture, $", {year}") : "")}: {Words(s.Direction!.Value)})"));

    private static string Words(StudyDesign design) => design switch
    {
        StudyDesign.Rct => "randomised trial",
        StudyDesign.QuasiExperimental => "quasi-experimental comparison",
        StudyDesign.SystematicReview => "systematic review",
        StudyDesign.ProcessEvaluation => "process evaluation",
        StudyDesign.CostBenefit => "cost-benefit analysis",
        StudyDesign.CaseStudy => "case study",
        _ => design.ToString().ToLowerInvariant(),
    };

    private static string Words(Effect effect) => effect switch
    {
        Effect.Positive => "positive",
        Effect.NoEffect => "no effect",
        Effect.Negative => "negative",
        _ => "mixed",
    };

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
