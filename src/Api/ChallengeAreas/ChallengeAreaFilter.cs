using System.Linq.Expressions;
using SocialEconomy.Api.Evidence;
using SocialEconomy.Api.Filtering;
using SocialEconomy.Api.Provenance;
using SocialEconomy.Api.Models;
using SocialEconomy.Api.Organisations;
using SocialEconomy.Api.Outcomes;
using SocialEconomy.Api.Sorting;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Api.ChallengeAreas;

public static class ChallengeAreaFilter
{
    public static readonly FilterDefinition<ChallengeArea> Definition = new FilterDefinition<ChallengeArea>()
        .String("key", a => a.Id, "The readable key, e.g. \"housing-first\".")
        .String("name", a => a.Name, "The area's name.")
        .String("description", a => a.Description, "What it covers.")
        .Int("depth", a => a.Depth, "0 for top-level areas, 1 for their sub-areas...")
        .Custom("within", typeof(ChallengeAreaFilterInputType),
            "The area is, or lies beneath, an area matching these conditions: e.g. within: { name: { startsWith: \"Homelessness\" } } matches Homelessness and all its sub-areas.",
            Within)
        .Related<Model, ModelFilterInputType>("models", RelationshipType.Addresses, Direction.Incoming, () => ModelFilter.Definition, "Models that address it.")
        .Related<Organisation, OrganisationFilterInputType>("organisations", RelationshipType.WorksIn, Direction.Incoming, () => OrganisationFilter.Definition, "Organisations that work in it.")
        .Related<Outcome, OutcomeFilterInputType>("outcomes", RelationshipType.OutcomeIn, Direction.Incoming, () => OutcomeFilter.Definition, "Outcomes in it.")
        .Related<EvidenceItem, EvidenceFilterInputType>("evidence", RelationshipType.EvidenceIn, Direction.Incoming, () => EvidenceFilter.Definition, "Evidence about it.")
        .String("origin", a => a.Origin, "The dataset that created the record: seed, indigo or coops-uk.")
        .Provenance(typeof(SourceFilterInputType), () => SourceFilter.Definition);

    /// <summary>Each area stores the path of ids from the top, so "beneath" is a prefix match on an index.</summary>
    private static Expression<Func<ChallengeArea, bool>> Within(object value, GraphDbContext db)
    {
        var roots = db.ChallengeAreas.Where(Definition.Build((IDictionary<string, object?>)value, db));
        return area => roots.Any(root => area.Path.StartsWith(root.Path));
    }
}

public sealed class ChallengeAreaFilterInputType()
    : FilterInputType<ChallengeArea>("ChallengeAreaFilterInput", "Conditions on challenge areas.", ChallengeAreaFilter.Definition);

public static class ChallengeAreaSort
{
    public static readonly SortDefinition<ChallengeArea> Definition = new SortDefinition<ChallengeArea>()
        .By("name", a => a.Name, "By name.")
        .By("depth", a => a.Depth, "By depth in the tree.")
        .By("path", a => a.Path, "In tree order: each area followed by its sub-areas.")
        .By<int>("modelCount", db => a => db.Relationships.Count(r => r.Type == RelationshipType.Addresses && r.ToId == a.Id), "By the number of models that address it.")
        .By<int>("evidenceCount", db => a => db.Relationships.Count(r => r.Type == RelationshipType.EvidenceIn && r.ToId == a.Id), "By the number of evidence items about it.");
}

public sealed class ChallengeAreaSortInputType()
    : SortInputType<ChallengeArea>("ChallengeAreaSortInput", "Orders challenge areas.", ChallengeAreaSort.Definition);
