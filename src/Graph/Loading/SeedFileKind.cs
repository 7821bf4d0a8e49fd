using SocialEconomy.Graph.Nodes;

namespace SocialEconomy.Graph.Loading;

/// <summary>The kinds of seed-data file: the one top-level array a file holds names its kind and its schema.</summary>
internal sealed record SeedFileKind(string Key, string SchemaFile, NodeKind NodeKind)
{
    public const string SourcesKey = "sources";
    public const string ChallengeAreasKey = "challengeAreas";
    public const string ModelsKey = "models";
    public const string OrganisationsKey = "organisations";
    public const string FundersKey = "funders";
    public const string OutcomesKey = "outcomes";
    public const string EvidenceKey = "evidence";

    public static readonly IReadOnlyList<SeedFileKind> All =
    [
        new(SourcesKey, "sources.schema.json", NodeKind.Source),
        new(ChallengeAreasKey, "challenge-areas.schema.json", NodeKind.ChallengeArea),
        new(ModelsKey, "models.schema.json", NodeKind.Model),
        new(OrganisationsKey, "organisations.schema.json", NodeKind.Organisation),
        new(FundersKey, "funders.schema.json", NodeKind.Funder),
        new(OutcomesKey, "outcomes.schema.json", NodeKind.Outcome),
        new(EvidenceKey, "evidence.schema.json", NodeKind.Evidence),
    ];

    public static SeedFileKind? Find(string key) => All.FirstOrDefault(k => k.Key == key);
}
