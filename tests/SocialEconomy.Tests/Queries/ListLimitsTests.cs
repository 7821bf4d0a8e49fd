using SocialEconomy.Api.Compiling;
using SocialEconomy.Api.Limits;
using SocialEconomy.Graph.Compiling;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;

namespace SocialEconomy.Tests.Queries;

/// <summary>
/// How long the lists a root list's statement reads may be (CompiledPages.ListLimitsFor): within the budget whatever
/// the data, and given first to the lists nearest the page, whose fall to a loader costs the most statements.
/// </summary>
public sealed class ListLimitsTests
{
    private static readonly LimitsOptions Defaults = new();

    /// <summary>The headline question's reads: each model's evidence, and each evidence item's sources.</summary>
    private static readonly IReadOnlyList<NestedRead> EvidenceAndItsSources =
    [
        new RelatedNodes(RelationshipType.Evaluates, Direction.Incoming, NodeKind.Evidence) { Children = [new NodeSources()] },
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ListsAtEveryDepth_AreGivenTheLengthAListIsPricedAt_AndThePageRowsListsTheRestOfTheBudget(bool postgres)
    {
        var limits = CompiledPages.ListLimitsFor(Defaults, 50, EvidenceAndItsSources, postgres);
        var budget = Defaults.MaxCost * (postgres ? 0.01 : 0.1);

        Assert.Equal(2, limits.Depths);
        for (var rows = 0; rows <= 50; rows++)
        {
            var (evidence, sources) = (limits.ByRows[rows][0], limits.ByRows[rows][1]);
            var pageRows = Math.Max(1, rows);
            double Read(int e, int s) => pageRows * ((e + 1.0) + ((e + 1.0) * (s + 1.0)));

            Assert.True(Read(evidence, sources) <= budget, $"{rows} rows: {evidence} and {sources} read more than {budget} records");
            Assert.True(evidence >= sources, $"{rows} rows: evidence lists of {evidence} should be no shorter than sources lists of {sources}");
            // Under the length a list is priced at only when both depths could not have reached one more.
            Assert.True(sources >= Defaults.AssumedListSize || Read(sources + 1, sources + 1) > budget, $"{rows} rows: sources lists of {sources} leave budget unspent");
            if (evidence < Defaults.MaxListSize)
            {
                // One more evidence item in each list would not fit.
                Assert.True(Read(evidence + 1, sources) > budget, $"{rows} rows: evidence lists of {evidence} leave budget unspent");
            }
            else
            {
                // The evidence lists at the longest a list may be, the rest goes to the sources lists.
                Assert.True(Read(evidence, sources + 1) > budget, $"{rows} rows: sources lists of {sources} leave budget unspent");
            }
        }

        // Four models, as the headline question finds at 10^5 nodes: on SQLite, lists of some hundreds of evidence items
        // fit, where one limit for both depths gave 110.
        Assert.Equal(postgres ? 103 : 1_000, limits.ByRows[4][0]);
    }

    [Fact]
    public void ListsOfThePageRowsAlone_AreAsLongAsTheBudgetAllows_AndNoLongerThanAPlainList()
    {
        IReadOnlyList<NestedRead> identifiers = [new OrganisationIdentifiers()];

        var limits = CompiledPages.ListLimitsFor(Defaults, 200, identifiers, postgres: false);

        Assert.Equal(1, limits.Depths);
        Assert.Equal(Defaults.MaxListSize, limits.ByRows[1][0]);
        // 200 rows, each list read to its limit and one more, within 50,000 records.
        Assert.Equal(249, limits.ByRows[200][0]);
    }

    [Fact]
    public void ABudgetTooSmallForAssumedLists_StillReadsOneRecordAtEveryDepth()
    {
        var tight = new LimitsOptions { MaxCost = 40 };

        var limits = CompiledPages.ListLimitsFor(tight, 50, EvidenceAndItsSources, postgres: false);

        Assert.Equal([1, 1], limits.ByRows[50]);
        Assert.Equal([1, 1], limits.ByRows[0]);
    }

    [Fact]
    public void AStatementWithoutLists_HasNoDepths()
    {
        IReadOnlyList<NestedRead> counts = [new RelatedCount(RelationshipType.Runs, Direction.Incoming, NodeKind.Organisation)];

        Assert.Equal(0, CompiledPages.ListLimitsFor(Defaults, 50, counts, postgres: true).Depths);
    }
}
