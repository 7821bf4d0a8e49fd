using SocialEconomy.Graph.Crosswalks;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Ingest;

/// <summary>The crosswalk files: checked against the seed data they point into, and the rules as they read records.</summary>
public sealed class CrosswalkTests
{
    private static readonly CrosswalkSet Curated = CrosswalkSet.Load(Repository.SeedData);

    [Fact]
    public void CuratedCrosswalks_Load()
    {
        Assert.Equal(["coops-uk-to-areas", "indigo-investment-routes", "indigo-metrics-to-outcomes", "indigo-projects-to-areas"], Curated.All.Select(c => c.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AProject_IsLinkedToTheDeepestAreaItsRecordSupports_WithTheRuleAndTheValueRead()
    {
        var projects = Curated.Find("indigo-projects-to-areas")!;

        var result = projects.Map(new Dictionary<string, string?>
        {
            ["policySector"] = "Homelessness",
            ["targetPopulation"] = "Individuals who are verified as sleeping rough 6+ times in last 2 years",
        });

        var link = Assert.Single(result.Links);
        Assert.Equal("rough-sleeping", link.Target);
        Assert.Equal("indigo-projects-to-areas/rough-sleeping", link.Rule);
        Assert.Equal("policySector: Homelessness; targetPopulation: Individuals who are verified as sleeping rough 6+ times in last 2 years", link.ReadValue);
    }

    [Fact]
    public void ARecordNoRuleCovers_IsNotCovered_AndARuleWithoutTargetCoversWithoutLinking()
    {
        var projects = Curated.Find("indigo-projects-to-areas")!;

        var unknown = projects.Map(new Dictionary<string, string?> { ["policySector"] = "Agriculture" });
        var education = projects.Map(new Dictionary<string, string?> { ["policySector"] = "Education" });

        Assert.False(unknown.Covered);
        Assert.Empty(unknown.Links);
        Assert.True(education.Covered);
        Assert.Empty(education.Links);
    }

    [Fact]
    public void AMetric_MayStateSeveralOutcomes_AndTextIsComparedIgnoringCaseAndAccents()
    {
        var metrics = Curated.Find("indigo-metrics-to-outcomes")!;

        var result = metrics.Map(new Dictionary<string, string?> { ["metric"] = "Metric 13: PREVENTION, Relief or Entry into Accommodation", ["projectName"] = "KBOP" });

        Assert.Equal(["homelessness-prevented", "settled-accommodation"], result.Links.Select(l => l.Target).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ABackerOfABridgesFund_IsAnIndirectInvestor_OnlyWhereBridgesManagesTheFund_AndOnlyIfASourceNamesIt()
    {
        var routes = Curated.Find("indigo-investment-routes")!;
        const string bridges = "Bridges Outcomes Partnerships (Fund Management); Healthy Living Partnership (intermediary)";

        var backer = routes.Map(new Dictionary<string, string?> { ["investor"] = "Deutsche Bank", ["intermediaryServices"] = bridges });
        var link = Assert.Single(backer.Links);
        Assert.Equal(("indigo-investment-routes/bridges-fund-backers", "INDIRECT_INVESTOR"), (link.Rule, link.Target));
        Assert.Contains("investor: Deutsche Bank", link.ReadValue, StringComparison.Ordinal);
        Assert.Equal(ParticipationRole.IndirectInvestor, ParticipationRoles.ByName[link.Target]);

        // "Fund manager" is the same service in other words.
        Assert.Single(routes.Map(new Dictionary<string, string?> { ["investor"] = "Merseyside", ["intermediaryServices"] = "Bridges Outcomes Partnerships (Fund manager)" }).Links);
        // No source read says whether Pilotlight backed the fund, so INDIGO's "investor" stands.
        Assert.Empty(routes.Map(new Dictionary<string, string?> { ["investor"] = "Pilotlight", ["intermediaryServices"] = bridges }).Links);
        // Without Bridges as fund manager, the same investor invested in the project itself.
        Assert.Empty(routes.Map(new Dictionary<string, string?> { ["investor"] = "Big Society Capital", ["intermediaryServices"] = "Social Finance (performance management)" }).Links);
    }

    [Fact]
    public void ACrosswalkOfRoles_NamingARoleOutsideTheVocabulary_IsRefusedWithTheRoles()
    {
        var directory = Directory.CreateTempSubdirectory().FullName;
        File.WriteAllText(Path.Combine(directory, "sources.json"), """{ "sources": [ { "id": "s", "title": "A source" } ] }""");
        Directory.CreateDirectory(Path.Combine(directory, CrosswalkSet.Folder));
        File.WriteAllText(Path.Combine(directory, CrosswalkSet.Folder, "roles.json"), """
            {
              "id": "roles", "title": "Roles", "dataset": "indigo", "record": "an investment", "to": "PARTICIPATION_ROLE",
              "fields": { "investor": "the investor's name" },
              "sources": ["s"],
              "rules": [ { "id": "r", "target": "backer", "when": { "investor": { "is": ["A"] } }, "note": "n" } ]
            }
            """);

        var ex = Assert.Throws<SeedDataException>(() => CrosswalkSet.Load(directory));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("target", error.Field);
        Assert.Contains("'backer' is not a participation role; use one of OPERATOR, SERVICE_PROVIDER, INVESTOR,", error.Message, StringComparison.Ordinal);
        Assert.Contains("INDIRECT_INVESTOR", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACrosswalkPointingAtUnknownRecordsOrFields_IsRefusedWithEveryProblem()
    {
        var directory = Directory.CreateTempSubdirectory().FullName;
        File.WriteAllText(Path.Combine(directory, "sources.json"), """{ "sources": [ { "id": "s", "title": "A source" } ] }""");
        File.WriteAllText(Path.Combine(directory, "challenge-areas.json"), """{ "challengeAreas": [ { "id": "a", "name": "A", "sources": ["s"] } ] }""");
        Directory.CreateDirectory(Path.Combine(directory, CrosswalkSet.Folder));
        File.WriteAllText(Path.Combine(directory, CrosswalkSet.Folder, "x.json"), """
            {
              "id": "x", "title": "X", "dataset": "indigo", "record": "a project", "to": "CHALLENGE_AREA",
              "fields": { "sector": "the sector" },
              "sources": ["missing-source"],
              "rules": [
                { "id": "r", "target": "no-such-area", "when": { "sector": { "is": ["A"] }, "colour": { "is": ["red"] } }, "note": "n" }
              ]
            }
            """);

        var ex = Assert.Throws<SeedDataException>(() => CrosswalkSet.Load(directory));

        var messages = ex.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(messages, m => m.StartsWith("crosswalks/x.json:4:", StringComparison.Ordinal) && m.Contains("source 'missing-source' is not defined", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("'no-such-area' is not a challenge area of the seed data", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("when.colour", StringComparison.Ordinal) && m.Contains("declare it under 'fields' (sector)", StringComparison.Ordinal));
    }

    [Fact]
    public void AMalformedCrosswalk_IsReportedAgainstItsSchema()
    {
        var directory = Directory.CreateTempSubdirectory().FullName;
        Directory.CreateDirectory(Path.Combine(directory, CrosswalkSet.Folder));
        File.WriteAllText(Path.Combine(directory, CrosswalkSet.Folder, "bad.json"), """{ "id": "bad", "to": "PLANET" }""");

        var ex = Assert.Throws<SeedDataException>(() => CrosswalkSet.Load(directory));

        Assert.Contains(ex.Errors, e => e.File == Path.Combine(CrosswalkSet.Folder, "bad.json") && e.Field == "/to");
    }
}
