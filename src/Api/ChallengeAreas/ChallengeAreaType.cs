using System.Linq.Expressions;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Api.Evidence;
using SocialEconomy.Api.Facets;
using SocialEconomy.Api.Filtering;
using SocialEconomy.Api.Loading;
using SocialEconomy.Api.Models;
using SocialEconomy.Api.Organisations;
using SocialEconomy.Api.Outcomes;
using SocialEconomy.Api.Relay;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Verdicts;
using SocialEconomy.Api.Compiling;
using SocialEconomy.Graph.Compiling;

namespace SocialEconomy.Api.ChallengeAreas;

public sealed class ChallengeAreaType : NodeGraphType<ChallengeArea>
{
    private static readonly Expression<Func<AreaVerdict, int>> Rank = VerdictOrder.RankOf<AreaVerdict>(v => v.Verdict);

    public ChallengeAreaType()
        : base("ChallengeArea", "A public-service challenge. Areas form a tree under eight top-level areas.")
    {
        Field(a => a.Name).Description("The area's name.");
        Field(a => a.Description, nullable: true).Description("What the area covers.");
        Field(a => a.Depth).Description("0 for the eight top-level areas, 1 for their sub-areas, and so on.");
        Field<ChallengeAreaType>("parent").Description("The broader area this one belongs to; null at the top.")
            .Resolve(c => c.Source.ParentId is { } parent ? c.Reader().ById<ChallengeArea>(parent) : null)
            .ReadsAhead(new RecordByProperty(nameof(ChallengeArea.ParentId), NodeKind.ChallengeArea));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ChallengeAreaType>>>>("children").Description("Its direct sub-areas.")
            .Resolve(c => c.Reader().Children(c.Source.Id)).ReadsProperties(nameof(ChallengeArea.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ChallengeAreaType>>>>("ancestors").Description("The areas above it, from the top-level area down to its parent.")
            .Resolve(c => c.Reader().Ancestors(c.Source));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ChallengeAreaType>>>>("descendants").Description("Every area beneath it, at any depth, nearest first.")
            .Resolve(c => c.Reader().Descendants(c.Source));
        RelatedList<Model, ModelType, ModelConnectionType>("models", "Models that address this area (this area only; use descendants or the 'within' filter for sub-areas).", RelationshipType.Addresses, Direction.Incoming);
        RelatedList<Organisation, OrganisationType, OrganisationConnectionType>("organisations", "Organisations that work in this area.", RelationshipType.WorksIn, Direction.Incoming);
        RelatedList<Outcome, OutcomeType, OutcomeConnectionType>("outcomes", "Outcomes that belong to this area.", RelationshipType.OutcomeIn, Direction.Incoming);
        RelatedList<EvidenceItem, EvidenceType, EvidenceConnectionType>("evidence", "Evidence about this area.", RelationshipType.EvidenceIn, Direction.Incoming);
        Field<NonNullGraphType<AreaVerdictConnectionType>>("modelsByEvidence")
            .Description("The models that evidence about this area, or an area beneath it, evaluates, ranked by that evidence: by their verdict here (what works first: EFFECTIVE, PROMISING, MIXED, INSUFFICIENT_EVIDENCE, NO_EFFECT_FOUND, HARM_FOUND), then by the highest rating of that evidence (none when it is only documents nobody has appraised), then by name. A model's trials about other areas play no part.")
            .Arguments(ConnectionResolver.Arguments())
            .Argument<ListGraphType<NonNullGraphType<VerdictType>>>("verdict", "Only the models with one of these verdicts here, e.g. [EFFECTIVE, PROMISING] for the models that work in this area.")
            .ResolveAsync(async c =>
            {
                var db = c.Db();
                var areaId = c.Source.Id;
                var all = db.AreaVerdicts.AsNoTracking().Where(v => v.AreaId == areaId);
                var chosen = c.GetArgument<List<Verdict>?>("verdict") is { Count: > 0 } verdicts ? all.Where(v => verdicts.Contains(v.Verdict)) : all;
                var ranked = chosen.OrderByDescending(Rank).ThenByDescending(v => v.BestEvidenceLevel ?? 0)
                    .ThenBy(v => db.Models.Where(m => m.Id == v.ModelId).Select(m => m.Name).FirstOrDefault()).ThenBy(v => v.ModelId);
                return await ConnectionResolver.ResolveAsync(c, ranked, c.RequestServices!.GetRequiredService<PagingOptions>(), all);
            });
        Field<NonNullGraphType<EvidenceStatusType>>("evidenceStatus")
            .Description("What the graph holds as evidence about this area and the areas beneath it, by design, strength and the verdicts of its models, with a curated statement where the evidence is known to be thin or absent.")
            .Resolve(c => c.Reader().EvidenceStatus(c.Source));
    }
}

/// <summary>An area's models ranked by the evidence about it, with their count per verdict for choosing among them.</summary>
public sealed class AreaVerdictConnectionType : ConnectionType<AreaVerdictType>
{
    public AreaVerdictConnectionType() =>
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<VerdictCountType>>>>("byVerdict")
            .Description("Every model of the area's list, whatever the 'verdict' argument chose, per verdict here, what works first: the counts of a verdict filter's choices.")
            .ResolveAsync(async c =>
            {
                var rows = await ((IQueryable<AreaVerdict>)c.Source.Filtered!()).GroupBy(v => v.Verdict).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(c.CancellationToken);
                return rows.OrderByDescending(r => VerdictOrder.Rank(r.Key)).Select(r => (r.Key, r.Count)).ToList();
            });
}
