using GraphQL.Types;
using SocialEconomy.Api.ChallengeAreas;
using SocialEconomy.Api.Evidence;
using SocialEconomy.Api.Facets;
using SocialEconomy.Api.Filtering;
using SocialEconomy.Api.Funders;
using SocialEconomy.Api.Loading;
using SocialEconomy.Api.Organisations;
using SocialEconomy.Api.Outcomes;
using SocialEconomy.Api.Relationships;
using SocialEconomy.Api.Relay;
using SocialEconomy.Api.Schema;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Verdicts;
using SocialEconomy.Api.Compiling;
using SocialEconomy.Graph.Compiling;

namespace SocialEconomy.Api.Models;

public sealed class ModelType : NodeGraphType<Model>
{
    public ModelType()
        : base("Model", "A way of organising or delivering a service: a co-operative form, a public service mutual, an outcomes partnership, Housing First...")
    {
        Field(m => m.Name).Description("The model's name.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("alternativeNames")
            .Description("Other names it is known by, e.g. \"SIB\" or \"pay for success\"; empty when none is recorded.")
            .Resolve(c => NameList.Split(c.Source.AlternativeNames)).ReadsProperties(nameof(Model.AlternativeNames));
        Field<NonNullGraphType<ModelFamilyType>>("family").Description("The family it belongs to.").Resolve(c => c.Source.Family).ReadsProperties(nameof(Model.Family));
        Field(m => m.Subtype, nullable: true).Description("Subtype within the family, e.g. worker, multi-stakeholder, platform, public service mutual, social impact bond.");
        Field(m => m.Description, nullable: true).Description("How the model works.");
        Field(m => m.Sector, nullable: true).Description("The policy sector(s) its source classifies it in, in the source's words (INDIGO: \"Homelessness; Health\").");
        RelatedList<ChallengeArea, ChallengeAreaType, ConnectionType<ChallengeAreaType>>("challengeAreas", "Challenge areas the model addresses.", RelationshipType.Addresses, Direction.Outgoing);
        RelatedList<Organisation, OrganisationType, OrganisationConnectionType>("organisations", "Organisations that run the model: operate it or deliver its service; investors, outcome payers and others are in participations.", RelationshipType.Runs, Direction.Incoming);
        RelatedList<EvidenceItem, EvidenceType, EvidenceConnectionType>("evidence", "Evidence that evaluates the model.", RelationshipType.Evaluates, Direction.Incoming);
        RelatedList<Outcome, OutcomeType, OutcomeConnectionType>("outcomes", "Outcomes the model aims to change.", RelationshipType.Targets, Direction.Outgoing);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ParticipationType>>>>("participations")
            .Description("The organisations taking part in the model and the role each plays (operator, service provider, investor, outcome payer, intermediary...), with sources: those that run it and those that take part otherwise.")
            .Resolve(c => c.Reader().Relationships(c.Source.Id, ParticipationType.Types, Direction.Incoming))
            .ReadsAhead(new RelationshipsOf(ParticipationType.Types, Direction.Incoming));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FundingType>>>>("fundings")
            .Description("Money given to the model itself (e.g. outcome payments and investment for a whole outcomes contract), not to the organisations running it.")
            .Resolve(c => c.Reader().Relationships(c.Source.Id, RelationshipType.Funds, Direction.Incoming))
            .ReadsAhead(new RelationshipsOf([RelationshipType.Funds], Direction.Incoming));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MoneyTotalType>>>>("totals")
            .Description("The sum of the stated amounts of its fundings, one per currency (never converted): money paid to the model itself (for an outcomes contract, to the contract), not to the organisations running it.")
            .Resolve(c => c.Reader().ReceivedTotals(c.Source.Id)).ReadsProperties(nameof(Model.Id));
        Field<NonNullGraphType<IntGraphType>>("evidenceCount")
            .Description("How many evidence items evaluate the model.")
            .Resolve(c => c.Reader().EvidenceStrength(c.Source.Id).Then(s => s.Count)).ReadsProperties(nameof(Model.Id));
        Field<NonNullGraphType<ModelVerdictType>>("verdict")
            .Description("Whether the model works, as its evidence says: a verdict by a published rule (see the Verdict type), with its reason and the studies that decided it. Apart from bestEvidenceLevel, which says how strong the evidence is.")
            .Resolve(c => c.Reader().Verdict(c.Source.Id).Then(v => v ?? VerdictRule.Decide(c.Source.Id, []))).ReadsProperties(nameof(Model.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AreaVerdictType>>>>("areaVerdicts")
            .Description("Whether the model works in each challenge area its appraised evidence is about, by the evidence about that area (or an area beneath it) only: a trial in one area says nothing of another. Top-level areas first, each followed by the areas beneath it; empty when no evidence evaluates it.")
            .Resolve(c => c.Reader().AreaVerdicts(c.Source.Id)).ReadsProperties(nameof(Model.Id));
        Field<IntGraphType>("bestEvidenceLevel")
            .Description("The highest rating level among the evidence that evaluates the model, on whatever scale each uses; null without evidence.")
            .Resolve(c => c.Reader().EvidenceStrength(c.Source.Id).Then(s => s.BestLevel)).ReadsProperties(nameof(Model.Id));
    }
}
