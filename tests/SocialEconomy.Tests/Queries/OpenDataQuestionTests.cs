using System.Text;
using System.Text.Json.Nodes;
using SocialEconomy.Tests.Export;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Queries;

/// <summary>
/// Questions a commissioner or researcher asks of the open data, answered by the API on a store that loaded the
/// publishers' files on its first start, and computed here from the same files with a CSV reader of the tests' own:
/// the two must agree exactly.
/// </summary>
public abstract class OpenDataQuestionTests<TServer>(TServer server)
    where TServer : OpenDataApiServer
{
    private static readonly Lazy<List<Dictionary<string, string>>> Coops = new(() => Csv.ReadRows(OpenDataApiServer.CoopsUk, Encoding.Latin1));

    private static string IndigoFile(string name) => Path.Combine(OpenDataApiServer.Indigo, name);

    /// <summary>INDIGO projects delivered in the UK: those with a delivery location in GB.</summary>
    private static readonly Lazy<HashSet<string>> UkProjects = new(() =>
        Csv.ReadRows(IndigoFile("original_projects_delivery_locations.csv"), Encoding.UTF8)
            .Where(r => r["Location - Country - (Value)"].Trim() == "GB").Select(r => r["Project ID"]).ToHashSet());

    [SkippableFact]
    public async Task LiveCooperatives_ByOwnershipAndSector_AreThePublishersCounts()
    {
        server.SkipIfUnavailable();
        var expected = Coops.Value.Where(r => r["Registered Status"] == "Live" && r["Ownership Classification"].Length > 0)
            .GroupBy(r => r["Ownership Classification"])
            .ToDictionary(g => g.Key, g => g.GroupBy(r => r["Sector - Simplified, High Level"]).ToDictionary(s => s.Key.Length == 0 ? "(none)" : s.Key, s => s.Count()));

        foreach (var (ownership, sectors) in expected)
        {
            var key = "coops-uk-ownership-" + string.Join('-', ownership.ToLowerInvariant().Split(' ', '-'));
            var answer = await server.QueryAsync("""
                query($key: String!) { organisations(where: { status: { eq: ACTIVE }, models: { some: { key: { eq: $key } } } }) {
                  totalCount facets { sector { value count } } } }
                """, new { key });

            var organisations = answer["data"]!["organisations"]!;
            Assert.Equal(sectors.Values.Sum(), organisations["totalCount"]!.GetValue<int>());
            Assert.Equal(
                sectors.OrderBy(s => s.Key, StringComparer.Ordinal).ToList(),
                organisations["facets"]!["sector"]!.AsArray().Select(f => KeyValuePair.Create(f!["value"]?.GetValue<string>() ?? "(none)", f["count"]!.GetValue<int>()))
                    .OrderBy(s => s.Key, StringComparer.Ordinal).ToList());
        }
    }

    [SkippableFact]
    public async Task UkOutcomesPartnerships_ByPolicySector_AndWithinTheHomelessnessArea_AreThePublishersCounts()
    {
        server.SkipIfUnavailable();
        var projects = Csv.ReadRows(IndigoFile("original_projects.csv"), Encoding.UTF8).Where(r => UkProjects.Value.Contains(r["ID"])).ToList();
        var bySector = projects.GroupBy(r => r["Purpose and classifications - Policy sector - (Value)"]).ToDictionary(g => g.Key, g => g.Count());

        foreach (var (sector, count) in bySector)
        {
            var answer = await server.QueryAsync("""
                query($sector: String!) { models(where: { key: { startsWith: "indigo-poj-" }, family: { eq: OUTCOMES_PARTNERSHIP }, sector: { eq: $sector } }) { totalCount } }
                """, new { sector });
            Assert.True(count == answer["data"]!["models"]!["totalCount"]!.GetValue<int>(), $"sector {sector}");
        }

        // Every UK homelessness project is within the graph's homelessness area (the area or one of its sub-areas).
        var within = await server.QueryAsync("""
            { models(where: { key: { startsWith: "indigo-poj-" }, challengeAreas: { some: { within: { key: { eq: "homelessness" } } } } }) { totalCount } }
            """);
        Assert.Equal(bySector["Homelessness"], within["data"]!["models"]!["totalCount"]!.GetValue<int>());
    }

    [SkippableFact]
    public async Task TheInvestorsAndServiceProvidersOfEachUkProject_AreThePublishersCounts()
    {
        server.SkipIfUnavailable();
        var (fundBackers, managedByBridges) = BridgesFundBackers();
        bool Indirect(Dictionary<string, string> row, string organisation) =>
            managedByBridges.Contains(row["Project ID"]) && fundBackers.Contains(IndigoNames.Value[organisation]);
        var investors = RolesByProject("original_projects_investments.csv", (row, organisation) => !Indirect(row, organisation));
        var indirectInvestors = RolesByProject("original_projects_investments.csv", Indirect);
        var providers = RolesByProject("original_projects_service_provisions.csv");
        Assert.True(indirectInvestors.Values.Sum() > 100, $"only {indirectInvestors.Values.Sum()} investments by backers of a Bridges fund");

        var answer = await server.QueryAsync("""
            { models(first: 200, where: { key: { startsWith: "indigo-poj-" } }) { nodes { key participations { role organisation { id } sources { origin } } organisations { id } } } }
            """);

        var models = answer["data"]!["models"]!["nodes"]!.AsArray();
        Assert.Equal(UkProjects.Value.Count, models.Count);
        foreach (var model in models)
        {
            var project = model!["key"]!.GetValue<string>().Replace("indigo-poj-", "INDIGO-POJ-", StringComparison.Ordinal);
            // What INDIGO states: the seed's record of a project may name further parts, from its own sources.
            var participations = new JsonArray([.. model["participations"]!.AsArray()
                .Where(p => p!["sources"]!.AsArray().Any(s => s!["origin"]!.GetValue<string>() == "indigo")).Select(p => p!.DeepClone())]);
            int Count(string role) => participations.Where(p => p!["role"]!.GetValue<string>() == role).Select(p => p!["organisation"]!["id"]!.GetValue<string>()).Distinct().Count();
            Assert.True(investors.GetValueOrDefault(project, 0) == Count("INVESTOR"), $"{project}: investors");
            Assert.True(indirectInvestors.GetValueOrDefault(project, 0) == Count("INDIRECT_INVESTOR"), $"{project}: indirect investors");
            Assert.True(providers.GetValueOrDefault(project, 0) == Count("SERVICE_PROVIDER"), $"{project}: service providers");

            // Only those who deliver are listed as running it.
            Assert.Equal(model["participations"]!.AsArray().Where(p => p!["role"]!.GetValue<string>() == "SERVICE_PROVIDER").Select(p => p!["organisation"]!["id"]!.GetValue<string>()).Distinct().Count(),
                model["organisations"]!.AsArray().Count);
        }
    }

    [SkippableFact]
    public async Task TheGapMapOfTheWholeGraph_HasTheEightAreasTreeAsRows_OneColumnPerCuratedOutcome_AndCountsTheOpenDatasModels()
    {
        server.SkipIfUnavailable();
        var curatedOutcomes = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.SeedData, "outcomes.json")))!["outcomes"]!.AsArray()
            .Select(o => o!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        var curatedAreas = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.SeedData, "challenge-areas.json")))!["challengeAreas"]!.AsArray().Count;

        var map = (await server.QueryAsync("""
            { evidenceMap { challengeAreas { key } outcomes { key } cells(include: ALL) { challengeArea { key } outcome { key } modelCount } } }
            """))["data"]!["evidenceMap"]!;
        var housed = await server.QueryAsync("""
            { models(where: { challengeAreas: { some: { within: { key: { eq: "homelessness" } } } }, outcomes: { some: { key: { eq: "settled-accommodation" } } } }) { totalCount } }
            """);

        Assert.Equal(curatedAreas, map["challengeAreas"]!.AsArray().Count);
        Assert.Equal(curatedOutcomes, map["outcomes"]!.AsArray().Select(o => o!["key"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var cell = map["cells"]!.AsArray().Single(c => c!["challengeArea"]!["key"]!.GetValue<string>() == "homelessness" && c["outcome"]!["key"]!.GetValue<string>() == "settled-accommodation");
        var models = housed["data"]!["models"]!["totalCount"]!.GetValue<int>();
        Assert.Equal(models, cell!["modelCount"]!.GetValue<int>());
        Assert.True(models > 10, $"only {models} models move people into settled accommodation in the homelessness areas");
    }

    [SkippableFact]
    public async Task BackersOfABridgesFund_TakePartAsIndirectInvestors_AndFundNoProject()
    {
        server.SkipIfUnavailable();
        var (fundBackers, managedByBridges) = BridgesFundBackers();
        // Named only as backers of a Bridges fund in the UK projects: the examples among them.
        var onlyBackers = new[] { "Deutsche Bank", "Merseyside", "Pension funds" };
        Assert.All(onlyBackers, name => Assert.Contains(name, fundBackers));

        foreach (var name in onlyBackers)
        {
            var answer = (await server.QueryAsync("""
                query($name: String!) {
                  organisations(where: { name: { eq: $name }, origin: { eq: "indigo" } }) { nodes { participations { role rule model { key } } } }
                  funders(where: { name: { eq: $name } }) { totalCount }
                }
                """, new { name }))["data"]!;
            var participations = answer["organisations"]!["nodes"]!.AsArray().Single()!["participations"]!.AsArray();
            Assert.NotEmpty(participations);
            Assert.All(participations, p =>
            {
                Assert.Equal("INDIRECT_INVESTOR", p!["role"]!.GetValue<string>());
                Assert.Equal("indigo-investment-routes/bridges-fund-backers", p["rule"]!.GetValue<string>());
                Assert.Contains(p["model"]!["key"]!.GetValue<string>().Replace("indigo-poj-", "INDIGO-POJ-", StringComparison.Ordinal), managedByBridges);
            });
            Assert.Equal(0, answer["funders"]!["totalCount"]!.GetValue<int>());
        }
    }

    /// <summary>
    /// The backers of a Bridges fund that the investment-routes crosswalk names (its curated list, read from the seed
    /// data), and the UK projects whose fund manager INDIGO names as Bridges Outcomes Partnerships.
    /// </summary>
    private static (HashSet<string> Backers, HashSet<string> ManagedByBridges) BridgesFundBackers()
    {
        var crosswalk = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.SeedData, "crosswalks", "indigo-investment-routes.json")))!;
        var rule = crosswalk["rules"]!.AsArray().Single(r => r!["id"]!.GetValue<string>() == "bridges-fund-backers")!;
        var backers = rule["when"]!["investor"]!["is"]!.AsArray().Select(n => n!.GetValue<string>()).ToHashSet();
        var managed = Csv.ReadRows(IndigoFile("original_projects_intermediary_services.csv"), Encoding.UTF8)
            .Where(r => UkProjects.Value.Contains(r["Project ID"])
                && IndigoNames.Value.GetValueOrDefault(r["Organisation ID - (Value)"]) == "Bridges Outcomes Partnerships"
                && (r["Organisation Role Category - (Value)"] + " " + r["Other Role Description - (Value)"]).Contains("fund manag", StringComparison.OrdinalIgnoreCase))
            .Select(r => r["Project ID"]).ToHashSet();
        Assert.True(managed.Count > 30, $"only {managed.Count} UK projects name Bridges Outcomes Partnerships as fund manager");
        return (backers, managed);
    }

    /// <summary>INDIGO's organisations by id, with the name the export gives them.</summary>
    private static readonly Lazy<Dictionary<string, string>> IndigoNames = new(() =>
        Csv.ReadRows(IndigoFile("original_organisations.csv"), Encoding.UTF8).ToDictionary(r => r["ID"], r => r["Name"]));

    /// <summary>
    /// Distinct organisations per UK project in a per-project role table of INDIGO, of those the export lists in its
    /// organisations table (a row naming one it does not list, such as INDIGO-ORG-1552, says nothing about who it is),
    /// and of those rows <paramref name="counted"/> keeps.
    /// </summary>
    private static Dictionary<string, int> RolesByProject(string file, Func<Dictionary<string, string>, string, bool>? counted = null) =>
        Csv.ReadRows(IndigoFile(file), Encoding.UTF8)
            .Where(r => UkProjects.Value.Contains(r["Project ID"]))
            .GroupBy(r => r["Project ID"])
            .ToDictionary(g => g.Key, g => g
                .SelectMany(r => r["Organisation ID - (Value)"].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Where(o => IndigoNames.Value.ContainsKey(o) && (counted is null || counted(r, o))))
                .Distinct()
                .Count());
}

[Collection(SqliteOpenDataCollection.Name)]
public sealed class SqliteOpenDataQuestionTests(SqliteOpenDataApiServer server) : OpenDataQuestionTests<SqliteOpenDataApiServer>(server);

[Collection(PostgresOpenDataCollection.Name)]
public sealed class PostgresOpenDataQuestionTests(PostgresOpenDataApiServer server) : OpenDataQuestionTests<PostgresOpenDataApiServer>(server);
