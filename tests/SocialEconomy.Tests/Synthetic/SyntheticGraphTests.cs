using System.Text.Json;
using System.Text.RegularExpressions;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;
using SocialEconomy.Graph.Synthetic;
using SocialEconomy.Tests.Infrastructure;
using SocialEconomy.Tests.Ingest;

namespace SocialEconomy.Tests.Synthetic;

/// <summary>The synthetic load-test graph: deterministic, the size asked for, well-formed, and shaped like the real one.</summary>
public sealed partial class SyntheticGraphTests
{
    private static readonly GraphBatch Thousand = SyntheticGraph.Generate(1_000, 1);

    [Fact]
    public void Generate_SameSeedAndSize_GivesIdenticalBatch_OtherSeedADifferentOne()
    {
        var again = Serialise(SyntheticGraph.Generate(1_000, 1));

        Assert.Equal(Serialise(Thousand), again);
        Assert.NotEqual(again, Serialise(SyntheticGraph.Generate(1_000, 2)));
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(10_000)]
    public void Generate_GivesAboutTheNodesAsked_AndAboutTenRelationshipsEach(int nodes)
    {
        var batch = SyntheticGraph.Generate(nodes, 7);

        Assert.InRange(batch.NodeCount, nodes * 0.9, nodes * 1.1);
        Assert.InRange((double)batch.Relationships.Count / batch.NodeCount, 9.0, 11.0);
    }

    [Theory]
    [InlineData(999)]
    [InlineData(1_000_001)]
    public void Generate_SizeOutsideTheRange_Throws(int nodes) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticGraph.Generate(nodes, 1));

    [Fact]
    public void Generate_EveryRelationshipEndExists_WithTheKindsItsTypeAllows_AndEveryTypeIsUsed()
    {
        var kinds = Kinds(Thousand);

        foreach (var relationship in Thousand.Relationships)
        {
            Assert.True(kinds.TryGetValue(relationship.FromId, out var fromKind), $"{relationship.Key}: no node {relationship.FromId}");
            Assert.True(kinds.TryGetValue(relationship.ToId, out var toKind), $"{relationship.Key}: no node {relationship.ToId}");
            Assert.Contains(fromKind, RelationshipEnds.From(relationship.Type));
            Assert.Contains(toKind, RelationshipEnds.To(relationship.Type));
            Assert.Equal(fromKind, relationship.FromKind);
            Assert.Equal(toKind, relationship.ToKind);
            Assert.NotEqual(relationship.FromId, relationship.ToId);
        }

        Assert.Equal(Enum.GetValues<RelationshipType>().Order(), Thousand.Relationships.Select(r => r.Type).Distinct().Order());
    }

    [Fact]
    public void Generate_IdsAndKeysAreUniqueAndWellFormed_AndEverythingHasExistingSources()
    {
        var kinds = Kinds(Thousand);
        var sources = Thousand.Sources.Select(s => s.Id).ToHashSet();

        Assert.All(kinds.Keys, id => Assert.Matches(IdPattern(), id));
        Assert.Equal(Thousand.NodeCount, kinds.Count);
        Assert.Equal(Thousand.Relationships.Count, Thousand.Relationships.Select(r => r.Key).Distinct().Count());
        Assert.All(Thousand.Relationships, r => Assert.Equal(RelationshipKeys.For(r), r.Key));
        Assert.All(kinds.Where(k => k.Value != NodeKind.Source), k => Assert.Subset(sources, Thousand.NodeSources[k.Key].ToHashSet()));
        Assert.All(Thousand.Relationships, r => Assert.Subset(sources, Thousand.RelationshipSources[r.Key].ToHashSet()));
        Assert.InRange(sources.Count, 2, 20);
    }

    [Fact]
    public void Generate_NamesAndAddressesArePlainlySynthetic()
    {
        var names = Thousand.Organisations.Select(n => n.Name)
            .Concat(Thousand.Models.Select(n => n.Name))
            .Concat(Thousand.Funders.Select(n => n.Name))
            .Concat(Thousand.Outcomes.Select(n => n.Name))
            .Concat(Thousand.ChallengeAreas.Select(n => n.Name))
            .Concat(Thousand.Evidence.Select(n => n.Title))
            .Concat(Thousand.Sources.Select(n => n.Title));

        Assert.All(names, name => Assert.StartsWith("Synthetic ", name));
        Assert.All(Thousand.Evidence, e => Assert.StartsWith("https://synthetic.invalid/", e.Url));
        Assert.Equal(GraphOrigins.Synthetic, Thousand.Origin);
    }

    [Fact]
    public void Generate_FewOrganisationsAndFundersHoldManyLinks()
    {
        var organisationLinks = Thousand.Relationships
            .Where(r => r.Type is RelationshipType.Runs or RelationshipType.Funds)
            .Select(r => r.Type == RelationshipType.Runs ? r.FromId : r.ToId)
            .Where(id => id.StartsWith("synthetic-org-", StringComparison.Ordinal));
        var fundings = Thousand.Relationships.Where(r => r.Type == RelationshipType.Funds).Select(r => r.FromId);

        // Uniform choice would give the top 1% of organisations about 2% of the links, the top 5% of funders about 10%.
        var organisationShare = TopShare(organisationLinks, Thousand.Organisations.Count / 100);
        var funderShare = TopShare(fundings, Thousand.Funders.Count / 20);
        Assert.True(organisationShare > 0.08, $"the top 1% of organisations hold only {organisationShare:P0} of RUNS and FUNDS links");
        Assert.True(funderShare > 0.15, $"the top 5% of funders hold only {funderShare:P0} of FUNDS links");
    }

    [Fact]
    public void Generate_EvidenceIsConcentratedOnFewModels()
    {
        var evaluated = Thousand.Relationships.Where(r => r.Type == RelationshipType.Evaluates && r.ToKind == NodeKind.Model).Select(r => r.ToId);

        var share = TopShare(evaluated, Thousand.Models.Count / 10);
        Assert.True(share > 0.4, $"the top 10% of models hold only {share:P0} of the evaluations");
    }

    [Fact]
    public void Generate_ChallengeAreasFormADeepTree_WithPathsAndDepths()
    {
        var byId = Thousand.ChallengeAreas.ToDictionary(a => a.Id);

        foreach (var area in Thousand.ChallengeAreas)
        {
            var expected = area.ParentId is null ? $"/{area.Id}/" : byId[area.ParentId].Path + area.Id + "/";
            Assert.Equal(expected, area.Path);
            Assert.Equal(area.Path.Count(c => c == '/') - 2, area.Depth);
        }

        Assert.InRange(Thousand.ChallengeAreas.Max(a => a.Depth), 4, 10);
        Assert.InRange(Thousand.ChallengeAreas.Count(a => a.ParentId is null), 2, 20);
    }

    [Fact]
    public void Generate_FundingsHaveAmountsYearsAndInstruments_FindingsHaveEffects()
    {
        var fundings = Thousand.Relationships.Where(r => r.Type == RelationshipType.Funds).ToList();
        var findings = Thousand.Relationships.Where(r => r.Type == RelationshipType.Reports).ToList();

        Assert.All(fundings, f =>
        {
            Assert.InRange(f.Amount!.Value, 1_000m, 10_000_000m);
            Assert.Equal("GBP", f.Currency);
            Assert.InRange(f.Year!.Value, 2000, 2030);
            Assert.NotNull(f.Instrument);
        });
        Assert.True(fundings.Select(f => f.Instrument).Distinct().Count() > 3);
        Assert.All(findings, f => Assert.NotNull(f.Effect));
        Assert.Equal(Enum.GetValues<Effect>().Order(), findings.Select(f => f.Effect!.Value).Distinct().Order());
    }

    private static double TopShare(IEnumerable<string> ends, int top)
    {
        var degrees = ends.GroupBy(e => e).Select(g => g.Count()).OrderDescending().ToList();
        return (double)degrees.Take(Math.Max(1, top)).Sum() / degrees.Sum();
    }

    private static Dictionary<string, NodeKind> Kinds(GraphBatch batch)
    {
        var kinds = new Dictionary<string, NodeKind>();
        foreach (var (kind, id) in batch.NodeIds)
        {
            Assert.True(kinds.TryAdd(id, kind), $"duplicate id {id}");
        }

        return kinds;
    }

    private static string Serialise(GraphBatch batch) => JsonSerializer.Serialize(new
    {
        batch.Origin, batch.Sources, batch.ChallengeAreas, batch.Models, batch.Organisations, batch.Funders, batch.Outcomes,
        batch.Evidence, batch.Relationships, batch.NodeSources, batch.RelationshipSources,
    });

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();
}

/// <summary>"ingest generate" on each store: loads, is idempotent, refuses bad sizes and real data.</summary>
public abstract class GenerateCommandTests(StoreProvider provider)
{
    private async Task<TestStore> StoreAsync()
    {
        var (store, problem) = await TestStore.CreateAsync(provider);
        Skip.If(store is null, $"{provider} is unavailable: {problem}");
        return store!;
    }

    [SkippableFact]
    public async Task Generate_Thousand_Loads_AndASecondRunChangesNothing()
    {
        var store = await StoreAsync();

        var first = await IngestRunner.RunAsync(store, "generate", "--nodes", "1000", "--seed", "3");
        Assert.True(first.Exit == 0, first.Error);
        Assert.Contains("Loaded", first.Output);
        var afterFirst = await StoreFingerprint.ComputeAsync(store);
        var second = await IngestRunner.RunAsync(store, "generate", "--nodes", "1000", "--seed", "3");

        Assert.True(second.Exit == 0, second.Error);
        Assert.Contains("Nothing to change", second.Output);
        Assert.Matches(@"total\s+0\s+0\s+[1-9]\d*", second.Output);
        Assert.Equal(afterFirst, await StoreFingerprint.ComputeAsync(store));
        Assert.InRange(await StoreFingerprint.CountNodesAsync(store), 500, 1_000);
    }

    [SkippableTheory]
    [InlineData("999")]
    [InlineData("1000001")]
    public async Task Generate_SizeOutOfRange_IsRefused_AndNothingIsWritten(string nodes)
    {
        var store = await StoreAsync();

        var result = await IngestRunner.RunAsync(store, "generate", "--nodes", nodes);

        Assert.Equal(2, result.Exit);
        Assert.Contains($"--nodes {nodes} is out of range", result.Error);
        Assert.Contains("1,000 to 1,000,000", result.Error);
        Assert.Equal("no schema", await StoreFingerprint.ComputeAsync(store));
    }

    [SkippableFact]
    public async Task Generate_IntoAStoreWithRealData_IsRefused_AndNothingIsWritten()
    {
        var store = await StoreAsync();
        Assert.Equal(0, (await IngestRunner.RunAsync(store, "load", Repository.SeedData)).Exit);
        var before = await StoreFingerprint.ComputeAsync(store);

        var result = await IngestRunner.RunAsync(store, "generate", "--nodes", "1000");

        Assert.Equal(2, result.Exit);
        Assert.Contains("already holds records from the 'seed' dataset", result.Error);
        Assert.Equal(before, await StoreFingerprint.ComputeAsync(store));
    }
}

public sealed class SqliteGenerateCommandTests() : GenerateCommandTests(StoreProvider.Sqlite);

public sealed class PostgresGenerateCommandTests() : GenerateCommandTests(StoreProvider.Postgres);
