using GraphQL.Types;
using SocialEconomy.Api.Facets;
using SocialEconomy.Api.Filtering;
using SocialEconomy.Api.Provenance;
using SocialEconomy.Api.Loading;
using SocialEconomy.Api.Models;
using SocialEconomy.Api.Organisations;
using SocialEconomy.Api.Relationships;
using SocialEconomy.Api.Relay;
using SocialEconomy.Api.Schema;
using SocialEconomy.Api.Sorting;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Api.Compiling;
using SocialEconomy.Graph.Compiling;

namespace SocialEconomy.Api.Funders;

public sealed class FunderType : NodeGraphType<Funder>
{
    public FunderType()
        : base("Funder", "Who pays: a foundation, social investor, outcomes fund, lottery distributor or public body.")
    {
        Field(f => f.Name).Description("The funder's name.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("formerNames")
            .Description("Names it was known by before, e.g. a department before a machinery-of-government change; empty when none is recorded.")
            .Resolve(c => NameList.Split(c.Source.FormerNames)).ReadsProperties(nameof(Funder.FormerNames));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("alternativeNames")
            .Description("Other names it is known by now, e.g. an acronym (\"MHCLG\"); empty when none is recorded.")
            .Resolve(c => NameList.Split(c.Source.AlternativeNames)).ReadsProperties(nameof(Funder.AlternativeNames));
        Field<NonNullGraphType<FunderKindType>>("kind").Description("What kind of body it is.").Resolve(c => c.Source.FunderKind).ReadsProperties(nameof(Funder.FunderKind));
        Field<OrganisationType>("organisation")
            .Description("The organisation record of the same body, for a funder that also acts (a department that pays for outcomes and is a party to contracts): one body, seen from its money and from its work. Null when it has none.")
            .Resolve(c => c.Source.OrganisationId is { } id ? c.Reader().ById<Organisation>(id) : null)
            .ReadsAhead(new RecordByProperty(nameof(Funder.OrganisationId), NodeKind.Organisation));
        Field(f => f.Website, nullable: true).Description("Web site.");
        Field(f => f.Description, nullable: true).Description("What it funds and how.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FundingType>>>>("fundings")
            .Description("What it funded, with amounts, years and instruments.")
            .Resolve(c => c.Reader().Relationships(c.Source.Id, RelationshipType.Funds, Direction.Outgoing))
            .ReadsAhead(new RelationshipsOf([RelationshipType.Funds], Direction.Outgoing));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MoneyTotalType>>>>("totals")
            .Description("The sum of its fundings with a stated amount, one per currency (amounts are never converted).")
            .Resolve(c => c.Reader().FundingTotals(c.Source.Id)).ReadsProperties(nameof(Funder.Id));
        RelatedList<Organisation, OrganisationType, OrganisationConnectionType>("organisations", "Organisations it funded.", RelationshipType.Funds, Direction.Outgoing);
        RelatedList<Model, ModelType, ModelConnectionType>("models", "Models it funded directly (e.g. outcomes partnerships).", RelationshipType.Funds, Direction.Outgoing);
    }
}

public sealed class MoneyTotalType : ObjectGraphType<MoneyTotal>
{
    public MoneyTotalType()
    {
        Name = "MoneyTotal";
        Description = "A sum of amounts in one currency.";
        Field(t => t.Currency).Description("ISO 4217 currency code.");
        Field<NonNullGraphType<FloatGraphType>>("amount").Description("The sum.").Resolve(c => (double)c.Source.Amount);
        Field(t => t.Count).Description("How many amounts were added.");
    }
}

public static class FunderFilter
{
    public static readonly FilterDefinition<Funder> Definition = new FilterDefinition<Funder>()
        .String("key", f => f.Id, "The readable key, e.g. \"housing-first\".")
        .String("name", f => f.Name, "The funder's name.")
        .Names("formerNames", f => f.FormerNames, "Its former names.")
        .Names("alternativeNames", f => f.AlternativeNames, "The other names it is known by.")
        .Enum<FunderKind, FunderKindType>("kind", f => f.FunderKind, "What kind of body it is.")
        .Custom("organisation", typeof(OrganisationFilterInputType), "Conditions on the organisation record of the same body; funders without one never match.",
            (value, db) =>
            {
                var organisations = db.Organisations.Where(OrganisationFilter.Definition.Build((IDictionary<string, object?>)value, db)).Select(o => o.Id);
                return f => f.OrganisationId != null && organisations.Contains(f.OrganisationId);
            })
        .String("description", f => f.Description, "Its description.")
        .Related<Organisation, OrganisationFilterInputType>("organisations", RelationshipType.Funds, Direction.Outgoing, () => OrganisationFilter.Definition, "Organisations it funded.")
        .Related<Model, ModelFilterInputType>("models", RelationshipType.Funds, Direction.Outgoing, () => ModelFilter.Definition, "Models it funded directly.")
        .Relationships<FundingFilterInputType>("fundings", RelationshipType.Funds, Direction.Outgoing, () => FundingFilter.Definition, "What it funded: amount, year, instrument, recipient.")
        .String("origin", f => f.Origin, "The dataset that created the record: seed, indigo or coops-uk.")
        .Provenance(typeof(SourceFilterInputType), () => SourceFilter.Definition);
}

public sealed class FunderFilterInputType() : FilterInputType<Funder>("FunderFilterInput", "Conditions on funders.", FunderFilter.Definition);

public static class FunderSort
{
    public static readonly SortDefinition<Funder> Definition = new SortDefinition<Funder>()
        .By("name", f => f.Name, "By name.")
        .By("kind", f => f.FunderKind, "By kind.")
        .By<int>("fundingCount", db => f => db.Relationships.Count(r => r.Type == RelationshipType.Funds && r.FromId == f.Id), "By the number of fundings recorded.")
        .By<decimal>("totalGbp", db => f => db.Relationships
                .Where(r => r.Type == RelationshipType.Funds && r.FromId == f.Id && r.Currency == "GBP")
                .Sum(r => r.Amount) ?? 0m,
            "By the sum of its fundings stated in pounds sterling (amounts in other currencies are not converted).");
}

public sealed class FunderSortInputType() : SortInputType<Funder>("FunderSortInput", "Orders funders.", FunderSort.Definition);
