using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using SocialEconomy.Api.Evidence;
using SocialEconomy.Api.Funders;
using SocialEconomy.Api.Limits;
using SocialEconomy.Api.Loading;
using SocialEconomy.Api.Models;
using SocialEconomy.Api.Organisations;
using SocialEconomy.Api.Outcomes;
using SocialEconomy.Api.Relay;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;

namespace SocialEconomy.Api.Facets;

// Facets count the whole filtered list, not the page: they answer "how many of these are co-operatives?"
// in the same request as the list. Each field costs one grouped statement, and only when asked for.

public sealed class ModelConnectionType : ConnectionType<ModelType>
{
    public ModelConnectionType() =>
        Field<ModelFacetsType>("facets").Description("Counts over all the models that match, grouped several ways. Null on lists nested in another record.").Resolve(c => c.Source.Filtered is null ? null : c.Source);
}

public sealed class ModelFacetsType : ObjectGraphType<Connection>
{
    public ModelFacetsType()
    {
        Name = "ModelFacets";
        Description = "Counts of the matching models by family, challenge area, verdict, strength of evidence and region delivered in.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FacetCountType>>>>("family").Description("Models per family.")
            .ResolveAsync(async c => await Facet.ByValueAsync(c.Filtered<Model>(), m => m.Family, c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FacetCountType>>>>("challengeArea").Description("Models per challenge area they address (a model may count in several).")
            .ResolveAsync(async c => await Facet.ByRelatedAsync(c.Db(), c.Filtered<Model>().Select(m => m.Id), RelationshipType.Addresses, outgoing: true, NodeKind.ChallengeArea, c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FacetCountType>>>>("verdict").Description("Models per verdict: whether they work, as their evidence says.")
            .ResolveAsync(async c => await Facet.ByValueAsync(c.Filtered<Model>().Select(ModelFilter.VerdictOf(c.Db())), v => v, c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FacetCountType>>>>("bestEvidenceLevel").Description("Models per highest rating level of their evidence; null counts models without evidence.")
            .ResolveAsync(async c =>
            {
                var db = c.Db();
                var levels = c.Filtered<Model>().Select(m => new
                {
                    Level = db.Evidence
                        .Where(e => db.Relationships.Any(r => r.Type == RelationshipType.Evaluates && r.FromId == e.Id && r.ToId == m.Id))
                        .Max(e => (int?)e.Rating!.Level),
                });
                return await Facet.ByValueAsync(levels, l => l.Level, c.CancellationToken);
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FacetCountType>>>>("region")
            .Description("Models per region they are delivered in: the regions of the organisations that run them (in England the ONS region, elsewhere the nation). Each count is how many models the condition organisations: { some: { region: { eq: <the region> } } } keeps; a model counts once in each region it is run in; null counts the models run by an organisation whose region is not recorded, and models no organisation runs are not counted.")
            .ResolveAsync(async c =>
            {
                var db = c.Db();
                var ids = c.Filtered<Model>().Select(m => m.Id);
                var rows = await db.Relationships
                    .Where(r => r.Type == RelationshipType.Runs && r.FromKind == NodeKind.Organisation && ids.Contains(r.ToId))
                    .Join(db.Organisations, r => r.FromId, o => o.Id, (r, o) => new { Model = r.ToId, o.Region })
                    .GroupBy(x => x.Region)
                    .Select(g => new { g.Key, Count = g.Select(x => x.Model).Distinct().Count() })
                    .ToListAsync(c.CancellationToken);
                return Facet.Order(rows.Select(r => new FacetCount(r.Key, r.Count)));
            });
        BoundedExecutionStrategy.MarkListsBoundedByOwnLimit(this);
    }
}

public sealed class OrganisationConnectionType : ConnectionType<OrganisationType>
{
    public OrganisationConnectionType() =>
        Field<OrganisationFacetsType>("facets").Description("Counts over all the organisations that match, grouped several ways. Null on lists nested in another record.").Resolve(c => c.Source.Filtered is null ? null : c.Source);
}

public sealed class OrganisationFacetsType : ObjectGraphType<Connection>
{
    public OrganisationFacetsType()
    {
        Name = "OrganisationFacets";
        Description = "Counts of the matching organisations by region, nation, status, sector, legal form, challenge area and model.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FacetCountType>>>>("region").Description("Organisations per region: in England the ONS region (ITL1), elsewhere the nation.")
            .ResolveAsync(async c => await Facet.ByValueAsync(c.Filtered<Organisation>(), o => o.Region, c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FacetCountType>>>>("nation").Description("Organisations per UK nation.")
            .ResolveAsync(async c => await Facet.ByValueAsync(c.Filtered<Organisation>(), o => o.Nation, c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FacetCountType>>>>("status").Description("Organisations per status (ACTIVE, DISSOLVED); null counts those whose status no source gives.")
            .ResolveAsync(async c => await Facet.ByValueAsync(c.Filtered<Organisation>(), o => o.Status, c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FacetCountType>>>>("sector").Description("Organisations per sector, in their sources' words.")
            .ResolveAsync(async c => await Facet.ByValueAsync(c.Filtered<Organisation>(), o => o.Sector, c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FacetCountType>>>>("legalForm").Description("Organisations per legal form.")
            .ResolveAsync(async c => await Facet.ByValueAsync(c.Filtered<Organisation>(), o => o.LegalForm, c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FacetCountType>>>>("challengeArea").Description("Organisations per challenge area they work in.")
            .ResolveAsync(async c => await Facet.ByRelatedAsync(c.Db(), c.Filtered<Organisation>().Select(o => o.Id), RelationshipType.WorksIn, outgoing: true, NodeKind.ChallengeArea, c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FacetCountType>>>>("model").Description("Organisations per model they run (operate or deliver); investors, outcome payers and others taking part are not counted.")
            .ResolveAsync(async c => await Facet.ByRelatedAsync(c.Db(), c.Filtered<Organisation>().Select(o => o.Id), RelationshipType.Runs, outgoing: true, NodeKind.Model, c.CancellationToken));
        BoundedExecutionStrategy.MarkListsBoundedByOwnLimit(this);
    }
}

public sealed class FunderConnectionType : ConnectionType<FunderType>
{
    public FunderConnectionType() =>
        Field<FunderFacetsType>("facets").Description("Counts and sums over all the funders that match. Null on lists nested in another record.").Resolve(c => c.Source.Filtered is null ? null : c.Source);
}

public sealed class FunderFacetsType : ObjectGraphType<Connection>
{
    public FunderFacetsType()
    {
        Name = "FunderFacets";
        Description = "Counts of the matching funders by kind, and the sums of their fundings.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FacetCountType>>>>("kind").Description("Funders per kind.")
            .ResolveAsync(async c => await Facet.ByValueAsync(c.Filtered<Funder>(), f => f.FunderKind, c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MoneyTotalType>>>>("totals").Description("The sum of the stated amounts of their fundings, one per currency (never converted).")
            .ResolveAsync(async c =>
            {
                var ids = c.Filtered<Funder>().Select(f => f.Id);
                var rows = await c.Db().Relationships
                    .Where(r => r.Type == RelationshipType.Funds && r.Amount != null && r.Currency != null && ids.Contains(r.FromId))
                    .GroupBy(r => r.Currency)
                    .Select(g => new { Currency = g.Key, Amount = g.Sum(r => r.Amount!.Value), Count = g.Count() })
                    .ToListAsync(c.CancellationToken);
                return rows.Select(r => new MoneyTotal(r.Currency!, r.Amount, r.Count)).OrderBy(t => t.Currency, StringComparer.Ordinal).ToList();
            });
        BoundedExecutionStrategy.MarkListsBoundedByOwnLimit(this);
    }
}

public sealed class EvidenceConnectionType : ConnectionType<EvidenceType>
{
    public EvidenceConnectionType() =>
        Field<EvidenceFacetsType>("facets").Description("Counts over all the evidence that matches, grouped several ways. Null on lists nested in another record.").Resolve(c => c.Source.Filtered is null ? null : c.Source);
}

public sealed class EvidenceFacetsType : ObjectGraphType<Connection>
{
    public EvidenceFacetsType()
    {
        Name = "EvidenceFacets";
        Description = "Counts of the matching evidence by rating, design, challenge area and year.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FacetCountType>>>>("rating").Description("Evidence per curator's rating, as \"SCALE level\", e.g. \"NESTA 3\"; null counts the evidence nobody has appraised.")
            .ResolveAsync(async c =>
            {
                var rows = await c.Filtered<EvidenceItem>().GroupBy(e => new { Scale = (EvidenceScale?)e.Rating!.Scale, Level = (int?)e.Rating!.Level })
                    .Select(g => new { g.Key.Scale, g.Key.Level, Count = g.Count() }).ToListAsync(c.CancellationToken);
                return rows.Select(r => new FacetCount(r.Scale is { } scale ? $"{GraphQL.StringExtensions.ToConstantCase(scale.ToString())} {r.Level}" : null, r.Count))
                    .OrderByDescending(f => f.Count).ThenBy(f => f.Value, StringComparer.Ordinal).ToList();
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FacetCountType>>>>("design").Description("Evidence per study design.")
            .ResolveAsync(async c => await Facet.ByValueAsync(c.Filtered<EvidenceItem>(), e => e.Design, c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FacetCountType>>>>("challengeArea").Description("Evidence per challenge area it is about.")
            .ResolveAsync(async c => await Facet.ByRelatedAsync(c.Db(), c.Filtered<EvidenceItem>().Select(e => e.Id), RelationshipType.EvidenceIn, outgoing: true, NodeKind.ChallengeArea, c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FacetCountType>>>>("year").Description("Evidence per year of publication; null counts the undated.")
            .ResolveAsync(async c => await Facet.ByValueAsync(c.Filtered<EvidenceItem>(), e => e.Year, c.CancellationToken));
        BoundedExecutionStrategy.MarkListsBoundedByOwnLimit(this);
    }
}

public sealed class OutcomeConnectionType : ConnectionType<OutcomeType>
{
    public OutcomeConnectionType() =>
        Field<OutcomeFacetsType>("facets").Description("Counts over all the outcomes that match. Null on lists nested in another record.").Resolve(c => c.Source.Filtered is null ? null : c.Source);
}

public sealed class OutcomeFacetsType : ObjectGraphType<Connection>
{
    public OutcomeFacetsType()
    {
        Name = "OutcomeFacets";
        Description = "Counts of the matching outcomes by challenge area.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FacetCountType>>>>("challengeArea").Description("Outcomes per challenge area.")
            .ResolveAsync(async c => await Facet.ByRelatedAsync(c.Db(), c.Filtered<Outcome>().Select(o => o.Id), RelationshipType.OutcomeIn, outgoing: true, NodeKind.ChallengeArea, c.CancellationToken));
        BoundedExecutionStrategy.MarkListsBoundedByOwnLimit(this);
    }
}
