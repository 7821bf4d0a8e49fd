using SocialEconomy.Api.ChallengeAreas;
using SocialEconomy.Api.Evidence;
using SocialEconomy.Api.Filtering;
using SocialEconomy.Api.Relationships;
using SocialEconomy.Api.Provenance;
using SocialEconomy.Api.Funders;
using SocialEconomy.Api.Organisations;
using SocialEconomy.Api.Outcomes;
using SocialEconomy.Api.Schema;
using SocialEconomy.Api.Sorting;
using SocialEconomy.Graph.Nodes;
using System.Linq.Expressions;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;
using SocialEconomy.Graph.Verdicts;

namespace SocialEconomy.Api.Models;

public static class ModelFilter
{
    public static readonly FilterDefinition<Model> Definition = new FilterDefinition<Model>()
        .String("key", m => m.Id, "The readable key, e.g. \"housing-first\".")
        .String("name", m => m.Name, "The model's name.")
        .Names("alternativeNames", m => m.AlternativeNames, "The other names it is known by.")
        .Enum<ModelFamily, ModelFamilyType>("family", m => m.Family, "Its family.")
        .String("subtype", m => m.Subtype, "Its subtype.")
        .String("description", m => m.Description, "Its description.")
        .String("sector", m => m.Sector, "The policy sector(s) its source classifies it in, in the source's words, e.g. contains: \"Homelessness\".")
        .Related<ChallengeArea, ChallengeAreaFilterInputType>("challengeAreas", RelationshipType.Addresses, Direction.Outgoing, () => ChallengeAreaFilter.Definition, "Challenge areas it addresses.")
        .Related<Organisation, OrganisationFilterInputType>("organisations", RelationshipType.Runs, Direction.Incoming, () => OrganisationFilter.Definition, "Organisations that run it (operate it or deliver its service); see participations for investors, outcome payers and others.")
        .Related<EvidenceItem, EvidenceFilterInputType>("evidence", RelationshipType.Evaluates, Direction.Incoming, () => EvidenceFilter.Definition, "Evidence that evaluates it.")
        .Related<Outcome, OutcomeFilterInputType>("outcomes", RelationshipType.Targets, Direction.Outgoing, () => OutcomeFilter.Definition, "Outcomes it aims to change.")
        .Related<Funder, FunderFilterInputType>("funders", RelationshipType.Funds, Direction.Incoming, () => FunderFilter.Definition, "Funders of the model itself.")
        .Relationships<FundingFilterInputType>("fundings", RelationshipType.Funds, Direction.Incoming, () => FundingFilter.Definition, "Money given to the model itself.")
        .Relationships<ParticipationFilterInputType>("participations", ParticipationType.Types, Direction.Incoming, () => ParticipationFilter.Definition, "The organisations taking part and their roles, whether they run it or not, e.g. role: { eq: INVESTOR } for an investor among them.")
        .Enum<Verdict, VerdictType>("verdict", VerdictOf, "Its verdict: whether it works, as its evidence says (see the Verdict type), e.g. eq: EFFECTIVE.")
        .String("origin", m => m.Origin, "The dataset that created the record: seed, indigo or coops-uk.")
        .Provenance(typeof(SourceFilterInputType), () => SourceFilter.Definition);

    /// <summary>The stored verdict of a model, or INSUFFICIENT_EVIDENCE when no evidence evaluates it (and none is stored).</summary>
    public static Expression<Func<Model, Verdict>> VerdictOf(GraphDbContext db) =>
        m => db.ModelVerdicts.Where(v => v.ModelId == m.Id).Select(v => (Verdict?)v.Verdict).FirstOrDefault() ?? Verdict.InsufficientEvidence;
}

public sealed class ModelFilterInputType() : FilterInputType<Model>("ModelFilterInput", "Conditions on models.", ModelFilter.Definition);

public static class ModelSort
{
    private static readonly Expression<Func<ModelVerdict, int>> VerdictRank = VerdictOrder.RankOf<ModelVerdict>(v => v.Verdict);

    private static readonly int NoVerdictRank = VerdictOrder.Rank(Verdict.InsufficientEvidence);

    public static readonly SortDefinition<Model> Definition = new SortDefinition<Model>()
        .By("name", m => m.Name, "By name.")
        .By("family", m => m.Family, "By family.")
        .By<int>("evidenceCount", db => m => db.Relationships.Count(r => r.Type == RelationshipType.Evaluates && r.ToId == m.Id), "By the number of evidence items that evaluate it.")
        .By<int>("bestEvidenceLevel", db => m => db.Evidence
                .Where(e => db.Relationships.Any(r => r.Type == RelationshipType.Evaluates && r.FromId == e.Id && r.ToId == m.Id))
                .Max(e => (int?)e.Rating!.Level) ?? 0,
            "By the highest rating level of its evidence (models without evidence count as 0).")
        .By<int>("verdict", db => m => db.ModelVerdicts.Where(v => v.ModelId == m.Id).Select(VerdictRank).Select(rank => (int?)rank).FirstOrDefault() ?? NoVerdictRank,
            "By its verdict, DESC from what works: EFFECTIVE, PROMISING, MIXED, INSUFFICIENT_EVIDENCE, NO_EFFECT_FOUND, HARM_FOUND.")
        .By<int>("organisationCount", db => m => db.Relationships.Where(r => r.Type == RelationshipType.Runs && r.ToId == m.Id).Select(r => r.FromId).Distinct().Count(),
            "By the number of organisations that run it (operate it or deliver its service).");
}

public sealed class ModelSortInputType() : SortInputType<Model>("ModelSortInput", "Orders models.", ModelSort.Definition);
