using System.Linq.Expressions;

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
public sealed class ModelVerdict : IDecidedVerdict
{
    public required string ModelId { get; set; }

    public Verdict Verdict { get; set; }

    /// <summary>The rule and its version, e.g. "model-verdict/2"; see <see cref="VerdictRule"/>.</summary>
    public required string Rule { get; set; }

    public required string Reason { get; set; }

    /// <summary>Ids of the evidence items that decided the verdict, one per line (see <see cref="Nodes.NameList"/>).</summary>
    public string? DecidedBy { get; set; }
}

/// <summary>A verdict as the rule decided it: the verdict, the rule, the reason and the evidence that decided it.</summary>
public interface IDecidedVerdict
{
    Verdict Verdict { get; }

    string Rule { get; }

    string Reason { get; }

    /// <summary>Ids of the evidence items that decided the verdict, one per line (see <see cref="Nodes.NameList"/>).</summary>
    string? DecidedBy { get; }
}

/// <summary>The order of verdicts from what works to what harms, by which lists rank models.</summary>
public static class VerdictOrder
{
    /// <summary>What works first; a model without a stored verdict ranks as <see cref="Verdict.InsufficientEvidence"/>.</summary>
    private static readonly Verdict[] Ordered =
        [Verdict.Effective, Verdict.Promising, Verdict.Mixed, Verdict.InsufficientEvidence, Verdict.NoEffectFound, Verdict.HarmFound];

    /// <summary>The verdict's rank as a number a store can sort by, highest for what works: EFFECTIVE 5 ... HARM_FOUND 0.</summary>
    public static int Rank(Verdict verdict) => Ordered.Length - 1 - Array.IndexOf(Ordered, verdict);

    /// <summary>
    /// <see cref="Rank"/> as an expression a store translates (nested CASE), over the verdict <paramref name="verdict"/> reads.
    /// </summary>
    public static Expression<Func<T, int>> RankOf<T>(Expression<Func<T, Verdict>> verdict)
    {
        Expression ranked = Expression.Constant(0);
        foreach (var value in Ordered.AsEnumerable().Reverse().Skip(1))
        {
            ranked = Expression.Condition(
                Expression.Equal(verdict.Body, Expression.Constant(value)),
                Expression.Constant(Rank(value)), ranked);
        }

        return Expression.Lambda<Func<T, int>>(ranked, verdict.Parameters);
    }
}
