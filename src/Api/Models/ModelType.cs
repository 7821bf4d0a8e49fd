using GraphQL.Types;
using SocialEconomy.Api.ChallengeAreas;
using SocialEconomy.Api.Evidence;
using SocialEconomy.Api.Filtering;
using SocialEconomy.Api.Loading;
using SocialEconomy.Api.Organisations;
using SocialEconomy.Api.Outcomes;
using SocialEconomy.Api.Relationships;
using SocialEconomy.Api.Relay;
using SocialEconomy.Api.Schema;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;

namespace SocialEconomy.Api.Models;

public sealed class ModelType : NodeGraphType<Model>
{
    public ModelType()
        : base("Model", "A way of organising or delivering a service: a co-operative form, a public service mutual, an outcomes partnership, Housing First...")
    {
        Field(m => m.Name).Description("The model's name.");
        Field<NonNullGraphType<ModelFamilyType>>("family").Description("The family it belongs to.").Resolve(c => c.Source.Family);
        Field(m => m.Subtype, nullable: true).Description("Subtype within the family, e.g. worker, multi-stakeholder, platform, public service mutual, social impact bond.");
        Field(m => m.Description, nullable: true).Description("How the model works.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ChallengeAreaType>>>>("challengeAreas")
            .Description("Challenge areas the model addresses.")
            .Resolve(c => c.Reader().Related<ChallengeArea>(c.Source.Id, RelationshipType.Addresses, Direction.Outgoing));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrganisationType>>>>("organisations")
            .Description("Organisations that run the model or take part in it.")
            .Resolve(c => c.Reader().Related<Organisation>(c.Source.Id, RelationshipType.Runs, Direction.Incoming));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EvidenceType>>>>("evidence")
            .Description("Evidence that evaluates the model.")
            .Resolve(c => c.Reader().Related<EvidenceItem>(c.Source.Id, RelationshipType.Evaluates, Direction.Incoming));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OutcomeType>>>>("outcomes")
            .Description("Outcomes the model aims to change.")
            .Resolve(c => c.Reader().Related<Outcome>(c.Source.Id, RelationshipType.Targets, Direction.Outgoing));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FundingType>>>>("fundings")
            .Description("Money given to the model itself (e.g. investment in an outcomes partnership).")
            .Resolve(c => c.Reader().Relationships(c.Source.Id, RelationshipType.Funds, Direction.Incoming));
        Field<NonNullGraphType<IntGraphType>>("evidenceCount")
            .Description("How many evidence items evaluate the model.")
            .Resolve(c => c.Reader().EvidenceStrength(c.Source.Id).Then(s => s.Count));
        Field<IntGraphType>("bestEvidenceLevel")
            .Description("The highest rating level among the evidence that evaluates the model, on whatever scale each uses; null without evidence.")
            .Resolve(c => c.Reader().EvidenceStrength(c.Source.Id).Then(s => s.BestLevel));
    }
}
