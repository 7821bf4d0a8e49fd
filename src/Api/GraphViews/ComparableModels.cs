using GraphQL;
using GraphQL.Types;
using SocialEconomy.Api.ChallengeAreas;
using SocialEconomy.Api.Funders;
using SocialEconomy.Api.Loading;
using SocialEconomy.Api.Models;
using SocialEconomy.Api.Outcomes;
using SocialEconomy.Api.Relay;
using SocialEconomy.Api.Schema;
using SocialEconomy.Graph.Similarity;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Api.GraphViews;

/// <summary>"Models like this one, and why": similarity scored in memory (<see cref="ModelSimilarityIndex"/>), the store read only to check that its projection is current.</summary>
public static class ComparableModels
{
    public static void AddComparableModelsField(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ComparableModelType>>>>("comparableModels")
            .Description("The models most similar to a model, best first (ties by key), each with its score and the reasons. "
                + "Candidates are the models that share at least one challenge area, outcome or funder with it. " + SimilarityScore.Formula + ".")
            .Argument<NonNullGraphType<IdGraphType>>("to", "The global id of the model to compare with.")
            .Argument<IntGraphType>("first", "Most models to return (at most GraphViews:MaxResults, 100 by default).", a => a.DefaultValue = 10)
            .Argument<ComparableModelsFilterType>("where", "Conditions the compared models must meet.")
            .ResolveAsync(async context =>
            {
                var options = GraphViewOptions.From(context.RequestServices!);
                var target = GraphViewArguments.Decode("to", context.GetArgument<string>("to"), NodeKind.Model);
                var first = GraphViewArguments.InRange("first", context.GetArgument("first", 10), 0, options.MaxResults, GraphViewArguments.PageSizeOutOfRange,
                    "ask for fewer models.");
                _ = await context.Reader().ById<Model>(target.Id).GetResultAsync(context.CancellationToken) ?? throw GraphViewArguments.NotFound("to");
                if (first == 0)
                {
                    return Array.Empty<ComparableModel>();
                }

                var filter = Filter(context.GetArgument<Dictionary<string, object?>?>("where"));
                var db = context.RequestServices!.GetRequiredService<GraphDbContext>();
                var projection = await context.RequestServices!.GetRequiredService<ModelSimilarityIndex>().GetAsync(db, context.CancellationToken);
                return projection.Compare(target.Id, first, filter);
            });

    private static ModelSimilarityProjection.Filter Filter(Dictionary<string, object?>? where) => new(
        where?.GetValueOrDefault("minEvidenceLevel") as int?,
        where?.GetValueOrDefault("region") as string,
        where?.GetValueOrDefault("families") is IEnumerable<object?> families ? families.OfType<ModelFamily>().ToHashSet() : null);
}

public sealed class ComparableModelType : ObjectGraphType<ComparableModel>
{
    public ComparableModelType()
    {
        Name = "ComparableModel";
        Description = "A model similar to the one asked about, with its score and the reasons for it.";
        Field<NonNullGraphType<ModelType>>("model").Description("The similar model.").Resolve(c => c.Reader().ById<Model>(c.Source.ModelId));
        Field<NonNullGraphType<FloatGraphType>>("score").Description("Similarity from 0 to 1, rounded to 4 places: " + SimilarityScore.Formula + ".")
            .Resolve(c => c.Source.Score);
        Field<NonNullGraphType<SimilarityReasonsType>>("reasons").Description("What the two models have in common, term by term of the score.")
            .Resolve(c => c.Source.Reasons);
    }
}

public sealed class SimilarityReasonsType : ObjectGraphType<SimilarityReasons>
{
    public SimilarityReasonsType()
    {
        Name = "SimilarityReasons";
        Description = "Why two models are comparable: what they share, and how strong the compared model's evidence is.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ChallengeAreaType>>>>("sharedChallengeAreas")
            .Description("Challenge areas both models address (the same area, not merely the same parent), by key.")
            .Resolve(c => LoadedList.Of(c.Source.ChallengeAreaIds.Select(id => c.Reader().ById<ChallengeArea>(id))));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OutcomeType>>>>("sharedOutcomes")
            .Description("Outcomes both models aim to change, by key.")
            .Resolve(c => LoadedList.Of(c.Source.OutcomeIds.Select(id => c.Reader().ById<Outcome>(id))));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FunderType>>>>("sharedFunders")
            .Description("Funders of both models, each having funded the model itself or an organisation that runs it, by key.")
            .Resolve(c => LoadedList.Of(c.Source.FunderIds.Select(id => c.Reader().ById<Funder>(id))));
        Field<NonNullGraphType<BooleanGraphType>>("sameFamily").Description("Both models belong to the same family.").Resolve(c => c.Source.SameFamily);
        Field<IntGraphType>("bestEvidenceLevel")
            .Description("The highest rating level among the evidence that evaluates the compared model, on whatever scale each uses; null without evidence.")
            .Resolve(c => c.Source.BestEvidenceLevel);
        Field<NonNullGraphType<FloatGraphType>>("challengeAreaOverlap")
            .Description("Shared challenge areas over the areas either model addresses (0 to 1, rounded to 4 places).").Resolve(c => c.Source.ChallengeAreaOverlap);
        Field<NonNullGraphType<FloatGraphType>>("outcomeOverlap")
            .Description("Shared outcomes over the outcomes either model targets (0 to 1, rounded to 4 places).").Resolve(c => c.Source.OutcomeOverlap);
        Field<NonNullGraphType<FloatGraphType>>("funderOverlap")
            .Description("Shared funders over the funders of either model (0 to 1, rounded to 4 places).").Resolve(c => c.Source.FunderOverlap);
    }
}

public sealed class ComparableModelsFilterType : InputObjectGraphType
{
    public ComparableModelsFilterType()
    {
        Name = "ComparableModelsFilter";
        Description = "Conditions on the models comparableModels returns; all given conditions must hold.";
        Field<IntGraphType>("minEvidenceLevel").Description("Only models evaluated by evidence rated at this level or above, on any scale (e.g. 3).");
        Field<StringGraphType>("region").Description("Only models run by at least one organisation in this region, e.g. \"North West\" (case ignored).");
        Field<ListGraphType<NonNullGraphType<ModelFamilyType>>>("families").Description("Only models of these families.");
    }
}
