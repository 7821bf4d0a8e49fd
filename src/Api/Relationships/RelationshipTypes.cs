using GraphQL.Types;
using SocialEconomy.Api.Evidence;
using SocialEconomy.Api.Funders;
using SocialEconomy.Api.Loading;
using SocialEconomy.Api.Models;
using SocialEconomy.Api.Organisations;
using SocialEconomy.Api.Outcomes;
using SocialEconomy.Api.Provenance;
using SocialEconomy.Api.Relay;
using SocialEconomy.Api.Schema;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Api.Compiling;
using SocialEconomy.Graph.Compiling;

namespace SocialEconomy.Api.Relationships;

/// <summary>A FUNDS relationship, with its properties and provenance.</summary>
public sealed class FundingType : ObjectGraphType<Relationship>
{
    public FundingType()
    {
        Name = "Funding";
        Description = "Money from a funder to an organisation or a model (e.g. an outcomes partnership), with its sources.";
        Field<NonNullGraphType<FunderType>>("funder").Description("Who gave the money.")
            .Resolve(c => c.Reader().ById<Funder>(c.Source.FromId))
            .ReadsAhead(new RecordByProperty(nameof(Relationship.FromId), NodeKind.Funder));
        Field<NonNullGraphType<FundingRecipientType>>("recipient").Description("The organisation or model funded.")
            .Resolve(c => c.Reader().Node(c.Source.ToKind, c.Source.ToId));
        Field<FloatGraphType>("amount").Description("The amount, in 'currency', when a source states it.").Resolve(c => (double?)c.Source.Amount);
        Field<StringGraphType>("currency").Description("ISO 4217 currency code of the amount.").Resolve(c => c.Source.Currency);
        Field<IntGraphType>("year").Description("The year of the funding, when known.").Resolve(c => c.Source.Year);
        Field<FundingInstrumentType>("instrument").Description("How the money was given.").Resolve(c => c.Source.Instrument);
        Field<StringGraphType>("note").Description("What the funding was for, or caveats.").Resolve(c => c.Source.Note);
        this.AddDerivationFields();
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SourceType>>>>("sources").Description("Where this funding is recorded.")
            .Resolve(c => c.Reader().RelationshipSources(c.Source.Id))
            .ReadsAhead(new RelationshipSources());
    }
}

public sealed class FundingRecipientType : UnionGraphType
{
    public FundingRecipientType()
    {
        Name = "FundingRecipient";
        Description = "What a funding went to: an organisation or a model.";
        Type<OrganisationType>();
        Type<ModelType>();
    }
}

/// <summary>A REPORTS relationship: what a piece of evidence found on one outcome.</summary>
public sealed class FindingType : ObjectGraphType<Relationship>
{
    public FindingType()
    {
        Name = "Finding";
        Description = "What a piece of evidence found on one outcome, with its sources.";
        Field<NonNullGraphType<EvidenceType>>("evidence").Description("The evidence that reports the finding.")
            .Resolve(c => c.Reader().ById<EvidenceItem>(c.Source.FromId))
            .ReadsAhead(new RecordByProperty(nameof(Relationship.FromId), NodeKind.Evidence));
        Field<NonNullGraphType<OutcomeType>>("outcome").Description("The outcome measured.")
            .Resolve(c => c.Reader().ById<Outcome>(c.Source.ToId))
            .ReadsAhead(new RecordByProperty(nameof(Relationship.ToId), NodeKind.Outcome));
        Field<EffectType>("effect").Description("The direction of the effect found; null where the source reports results without stating a direction.").Resolve(c => c.Source.Effect);
        Field<BooleanGraphType>("primary").Description("True where the source names this outcome as the study's primary (main, pre-specified) one; null where it does not say.").Resolve(c => c.Source.Primary);
        Field<StringGraphType>("effectSize").Description("The size of the effect as the source reports it, with its measure and interval, e.g. \"risk ratio 0.67 (95% CI 0.52 to 0.86)\"; null where the source gives none.").Resolve(c => c.Source.EffectSize);
        Field<BooleanGraphType>("significant").Description("Whether the source reports the effect as statistically significant, at the threshold it uses; null where it does not say.").Resolve(c => c.Source.Significant);
        Field<StringGraphType>("note").Description("The finding in a sentence.").Resolve(c => c.Source.Note);
        this.AddDerivationFields();
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SourceType>>>>("sources").Description("Where this finding is stated.")
            .Resolve(c => c.Reader().RelationshipSources(c.Source.Id))
            .ReadsAhead(new RelationshipSources());
    }
}

/// <summary>
/// A RUNS or TAKES_PART_IN relationship: an organisation's part in a model, and the role it plays there. The two
/// types are one list here; which one a participation is follows from its role (<see cref="ParticipationRoles.Delivers"/>).
/// </summary>
public sealed class ParticipationType : ObjectGraphType<Relationship>
{
    /// <summary>The relationship types that participations are made of.</summary>
    public static readonly RelationshipType[] Types = [RelationshipType.Runs, RelationshipType.TakesPartIn];

    public ParticipationType()
    {
        Name = "Participation";
        Description = "An organisation's part in a model, e.g. the service provider, an investor, an outcome payer or an intermediary of an outcomes partnership, with its sources. "
            + "Operators and service providers run the model (RUNS); the other roles take part without delivering it (TAKES_PART_IN).";
        Field<NonNullGraphType<OrganisationType>>("organisation").Description("The organisation taking part.")
            .Resolve(c => c.Reader().ById<Organisation>(c.Source.FromId))
            .ReadsAhead(new RecordByProperty(nameof(Relationship.FromId), NodeKind.Organisation));
        Field<NonNullGraphType<ModelType>>("model").Description("The model it takes part in.")
            .Resolve(c => c.Reader().ById<Model>(c.Source.ToId))
            .ReadsAhead(new RecordByProperty(nameof(Relationship.ToId), NodeKind.Model));
        Field<ParticipationRoleType>("role").Description("The part it plays, from a fixed vocabulary (its source's own words are in 'roleDetail'); null only where no role was classified.")
            .Resolve(c => c.Source.RoleKind);
        Field<StringGraphType>("roleDetail").Description("The part it plays, as its source words it, e.g. \"service provider\" or \"investor (social investment fund)\"; null when no source says.")
            .Resolve(c => c.Source.Role);
        Field<StringGraphType>("note").Description("More about the role, or caveats.").Resolve(c => c.Source.Note);
        this.AddDerivationFields();
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SourceType>>>>("sources").Description("Where this participation is stated.")
            .Resolve(c => c.Reader().RelationshipSources(c.Source.Id))
            .ReadsAhead(new RelationshipSources());
    }
}

public static class DerivationFields
{
    /// <summary>
    /// 'rule' and 'readValue': how a relationship derived by a crosswalk (rather than stated by a source) was made.
    /// Every type that shows a relationship's properties has them.
    /// </summary>
    public static void AddDerivationFields(this ObjectGraphType<Relationship> type)
    {
        type.Field<StringGraphType>("rule")
            .Description("For a relationship derived by a crosswalk rather than stated by a source: the crosswalk rule that derived it (\"crosswalk-file-id/rule-id\"); null when a source states the relationship.")
            .Resolve(c => c.Source.Rule);
        type.Field<StringGraphType>("readValue")
            .Description("With 'rule': the value of the dataset the rule read, e.g. the policy sector \"Homelessness\"; null when a source states the relationship.")
            .Resolve(c => c.Source.ReadValue);
    }
}
