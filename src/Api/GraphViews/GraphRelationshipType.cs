using GraphQL.Types;
using SocialEconomy.Api.Loading;
using SocialEconomy.Api.Provenance;
using SocialEconomy.Api.Relationships;
using SocialEconomy.Api.Relay;
using SocialEconomy.Api.Schema;
using SocialEconomy.Graph.Relationships;

namespace SocialEconomy.Api.GraphViews;

/// <summary>Any relationship of the graph, with all the properties a relationship can carry, as neighbourhoods and paths show them.</summary>
public sealed class GraphRelationshipType : ObjectGraphType<Relationship>
{
    public GraphRelationshipType()
    {
        Name = "GraphRelationship";
        Description = "A directed, typed relationship between two nodes, with its properties and sources. Properties a type does not use are null.";
        Field<NonNullGraphType<IdGraphType>>("id")
            .Description("Opaque global id, stable across loads; not a node's id, so node(id:) does not fetch it.")
            .Resolve(c => RelationshipGlobalId.Encode(c.Source));
        Field<NonNullGraphType<RelationshipTypeType>>("type").Description("What the relationship states.").Resolve(c => c.Source.Type);
        Field<NonNullGraphType<NodeInterface>>("from").Description("The node it starts from, e.g. the funder of FUNDS.")
            .Resolve(c => c.Reader().Node(c.Source.FromKind, c.Source.FromId));
        Field<NonNullGraphType<NodeInterface>>("to").Description("The node it points to, e.g. the organisation or model funded.")
            .Resolve(c => c.Reader().Node(c.Source.ToKind, c.Source.ToId));
        Field<ParticipationRoleType>("roleKind").Description("RUNS and TAKES_PART_IN: the part played, from a fixed vocabulary (its source's words are in 'role').").Resolve(c => c.Source.RoleKind);
        Field<StringGraphType>("role").Description("The part played in its source's words, e.g. \"service provider (Nonprofit/NGO)\" on RUNS, or the nature of a partnership.").Resolve(c => c.Source.Role);
        Field<FloatGraphType>("amount").Description("FUNDS: the amount, in 'currency', when a source states it.").Resolve(c => (double?)c.Source.Amount);
        Field<StringGraphType>("currency").Description("FUNDS: ISO 4217 currency code of the amount.").Resolve(c => c.Source.Currency);
        Field<IntGraphType>("year").Description("The year it applies to, when known (e.g. of a funding).").Resolve(c => c.Source.Year);
        Field<FundingInstrumentType>("instrument").Description("FUNDS: how the money was given.").Resolve(c => c.Source.Instrument);
        Field<EffectType>("effect").Description("REPORTS: the direction of the effect found; null where none is stated.").Resolve(c => c.Source.Effect);
        Field<StringGraphType>("note").Description("What the relationship was for, a finding in a sentence, or caveats.").Resolve(c => c.Source.Note);
        this.AddDerivationFields();
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SourceType>>>>("sources").Description("Where this relationship is stated.")
            .Resolve(c => c.Reader().RelationshipSources(c.Source.Id));
    }
}

public sealed class RelationshipTypeType : EnumerationGraphType<RelationshipType>
{
    public RelationshipTypeType()
    {
        Name = "RelationshipType";
        Description = "The types of relationship in the graph, each read from its start to its end.";
        var meanings = new Dictionary<RelationshipType, string>
        {
            [RelationshipType.Runs] = "Organisation runs a model: operates it or delivers its service.",
            [RelationshipType.TakesPartIn] = "Organisation takes part in a model without delivering it: as investor, outcome payer, commissioner, intermediary, evaluator or network.",
            [RelationshipType.WorksIn] = "Organisation works in a challenge area.",
            [RelationshipType.PartnersWith] = "Organisation works with another organisation.",
            [RelationshipType.Funds] = "Funder funds an organisation or a model.",
            [RelationshipType.Addresses] = "Model addresses a challenge area.",
            [RelationshipType.Targets] = "Model aims to change an outcome.",
            [RelationshipType.OutcomeIn] = "Outcome belongs to a challenge area.",
            [RelationshipType.Evaluates] = "Evidence evaluates a model or an organisation.",
            [RelationshipType.EvidenceIn] = "Evidence is about a challenge area.",
            [RelationshipType.Reports] = "Evidence reports an effect on an outcome.",
        };
        foreach (var value in Values)
        {
            value.Description = meanings[(RelationshipType)value.Value!];
        }
    }
}
