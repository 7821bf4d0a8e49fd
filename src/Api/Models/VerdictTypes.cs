using SocialEconomy.Api.ChallengeAreas;
using GraphQL.Types;
using SocialEconomy.Api.Evidence;
using SocialEconomy.Api.GraphViews;
using SocialEconomy.Api.Loading;
using SocialEconomy.Api.Relay;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Verdicts;

namespace SocialEconomy.Api.Models;

public sealed class VerdictType : EnumerationGraphType<Verdict>
{
    /// <summary>What the schema says of the rule; the README says the same in more words.</summary>
    public const string RuleDescription =
        "By the rule model-verdict/2: of the appraised evidence that evaluates the model (a listed document nobody has rated plays no part), the " +
        "studies able to attribute an effect (randomised trials, quasi-experimental comparisons, systematic reviews) decide, each by the direction " +
        "of its findings on the outcomes it names as primary where it names any, else of all its findings (positive when some finding is " +
        "positive and none negative; negative the reverse; no effect when all are; mixed otherwise). All positive: EFFECTIVE; all no effect: " +
        "NO_EFFECT_FOUND; some negative and none positive or mixed: HARM_FOUND; otherwise MIXED. Without such a study, weaker studies with a positive " +
        "direction and none negative make it PROMISING; otherwise INSUFFICIENT_EVIDENCE. Ratings play no part: they say how strong the evidence is.";

    public VerdictType()
    {
        Name = "Verdict";
        Description = $"Whether a model works, as its evidence says. {RuleDescription} Within a challenge area (ChallengeArea.modelsByEvidence, Model.areaVerdicts) the same rule reads only the evidence about that area or an area beneath it.";
        var meanings = new Dictionary<Verdict, string>
        {
            [Verdict.Effective] = "Every study able to attribute an effect that reports a direction found a positive one.",
            [Verdict.Promising] = "No study able to attribute an effect reports a direction; weaker studies found a positive effect and none harm.",
            [Verdict.Mixed] = "The studies able to attribute an effect disagree, or found positive and negative effects.",
            [Verdict.NoEffectFound] = "Every study able to attribute an effect that reports a direction found no effect.",
            [Verdict.HarmFound] = "A study able to attribute an effect found harm, and none a positive or mixed effect.",
            [Verdict.InsufficientEvidence] = "No evidence reports a direction of effect, or only weaker studies without agreement on a positive one.",
        };
        foreach (var value in Values)
        {
            value.Description = meanings[(Verdict)value.Value!];
        }
    }
}

public sealed class ModelVerdictType : ObjectGraphType<ModelVerdict>
{
    public ModelVerdictType()
    {
        Name = "ModelVerdict";
        Description = "What the evidence says about whether the model works: a verdict derived by a published rule, with its reason and the studies that decided it.";
        this.AddVerdictFields();
    }
}

public sealed class AreaVerdictType : ObjectGraphType<AreaVerdict>
{
    public AreaVerdictType()
    {
        Name = "AreaVerdict";
        Description = "What the evidence about one challenge area (the area or an area beneath it) says about whether a model works there: the verdict by the same rule as the model's, read on that evidence only, with its reason, the studies that decided it and how strong that evidence is.";
        Field<NonNullGraphType<ChallengeAreaType>>("area").Description("The area.")
            .Resolve(c => c.Reader().ById<ChallengeArea>(c.Source.AreaId));
        Field<NonNullGraphType<ModelType>>("model").Description("The model.")
            .Resolve(c => c.Reader().ById<Model>(c.Source.ModelId));
        this.AddVerdictFields();
        Field(v => v.BestEvidenceLevel, nullable: true).Description("The highest rating level among the appraised evidence about the area that evaluates the model: how strong the evidence here is; null where that evidence is only documents nobody has appraised yet.");
    }
}

internal static class VerdictFields
{
    /// <summary>The fields every verdict has: its value, rule, reason and the studies that decided it.</summary>
    public static void AddVerdictFields<T>(this ObjectGraphType<T> type)
        where T : IDecidedVerdict
    {
        type.Field<NonNullGraphType<VerdictType>>("value").Description("The verdict.").Resolve(c => c.Source.Verdict);
        type.Field<NonNullGraphType<StringGraphType>>("rule").Description("The rule that made it and its version, e.g. \"model-verdict/2\" (see the Verdict type).").Resolve(c => c.Source.Rule);
        type.Field<NonNullGraphType<StringGraphType>>("reason").Description("Why, in words, naming each deciding study with its design, year and direction of effect.").Resolve(c => c.Source.Reason);
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<EvidenceType>>>>("decidedBy")
            .Description("The evidence that decided the verdict (empty when none reports a direction of effect).")
            .Resolve(c =>
            {
                var reader = c.Reader();
                return LoadedList.Of(NameList.Split(c.Source.DecidedBy).Select(reader.ById<EvidenceItem>)).Then(items => items.OfType<EvidenceItem>().ToList());
            });
    }
}
