using System.Text;
using System.Text.Json.Nodes;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Export;
using SocialEconomy.Tests.Infrastructure;
using SocialEconomy.Tests.Ingest;

namespace SocialEconomy.Tests.Queries;

/// <summary>
/// Money paid for a whole outcomes contract sits on the contract (its model), not on one of the providers that
/// delivered it: a provider's totals count only money paid to it, and a contract's its own. Checked on the seed data
/// alone and after INDIGO's UK projects are imported over it, when the seed's contract and INDIGO's project are one
/// node and each payment is counted once.
/// </summary>
public abstract class ContractMoney<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : ApiServer
{
    /// <summary>The Greater Manchester entrenched rough sleeping SIB, and the GM Better Outcomes Partnership.</summary>
    protected const string GmRoughSleepingSib = "indigo-poj-0154";
    protected const string GmBetterOutcomesPartnership = "indigo-poj-0319";

    /// <summary>Promoting Independence, Sheffield: South Yorkshire Housing Association was its only provider.</summary>
    protected const string PromotingIndependence = "indigo-poj-0181";

    protected TServer Server { get; } = server;

    protected const string ContractQuery = """
        query($key: String!) {
          models(where: { key: { eq: $key } }) {
            totalCount
            nodes { key origin name totals { currency amount count } fundings { funder { key } amount currency instrument note }
                    organisations { key } sources { key origin } }
          }
        }
        """;

    protected const string OrganisationQuery = """
        query($key: String!) {
          organisations(where: { key: { eq: $key } }) {
            nodes { totals { currency amount count } fundings { funder { key } amount } participations { role model { key } } }
          }
        }
        """;

    protected async Task<JsonNode> DataAsync(string query, object? variables = null)
    {
        var answer = await Server.QueryAsync(query, variables);
        Assert.True(answer["errors"] is null, $"GraphQL errors: {answer["errors"]?.ToJsonString()}");
        return answer["data"]!;
    }

    protected async Task<JsonNode> ContractAsync(string key)
    {
        var models = (await DataAsync(ContractQuery, new { key }))["models"]!;
        Assert.Equal(1, models["totalCount"]!.GetValue<int>());
        return models["nodes"]![0]!;
    }

    protected async Task<JsonNode> OrganisationAsync(string key) =>
        (await DataAsync(OrganisationQuery, new { key }))["organisations"]!["nodes"]!.AsArray().Single()!;

    protected static decimal Gbp(JsonNode record) =>
        record["totals"]!.AsArray().Where(t => t!["currency"]!.GetValue<string>() == "GBP").Sum(t => t!["amount"]!.GetValue<decimal>());

    protected static List<(string Funder, decimal? Amount)> Fundings(JsonNode record) =>
        [.. record["fundings"]!.AsArray().Select(f => (f!["funder"]!["key"]!.GetValue<string>(), f["amount"]?.GetValue<decimal>()))];

}

public abstract class ContractMoneyTests<TServer>(TServer server) : ContractMoney<TServer>(server)
    where TServer : ApiServer
{
    [SkippableFact]
    public async Task TheGreaterManchesterSibsOutcomePayments_AreOnTheContracts_WhichTheirProvidersRun()
    {
        Server.SkipIfUnavailable();

        var roughSleeping = await ContractAsync(GmRoughSleepingSib);
        var betterOutcomes = await ContractAsync(GmBetterOutcomesPartnership);

        Assert.Contains(("mhclg", 2_629_000m), Fundings(roughSleeping));
        Assert.Contains(Fundings(roughSleeping), f => f.Funder == "greater-manchester-combined-authority" && f.Amount is null);
        Assert.Equal(2_629_000m, Gbp(roughSleeping));
        Assert.Contains(("greater-manchester-combined-authority", 5_513_000m), Fundings(betterOutcomes));
        Assert.Equal(5_513_000m, Gbp(betterOutcomes));
        Assert.All(roughSleeping["fundings"]!.AsArray().Concat(betterOutcomes["fundings"]!.AsArray()),
            f => Assert.Contains("Recorded on the contract, not on", f!["note"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Equal(["gm-homes-partnership", "great-places", "shelter", "the-brick"],
            roughSleeping["organisations"]!.AsArray().Select(o => o!["key"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Contains("depaul-uk", betterOutcomes["organisations"]!.AsArray().Select(o => o!["key"]!.GetValue<string>()));
    }

    [SkippableFact]
    public async Task AProvidersTotals_CountOnlyMoneyPaidToIt_NotTheContractsItDeliversIn()
    {
        Server.SkipIfUnavailable();

        var depaul = await OrganisationAsync("depaul-uk");
        var homesPartnership = await OrganisationAsync("gm-homes-partnership");

        Assert.DoesNotContain(Fundings(depaul), f => f.Funder == "greater-manchester-combined-authority");
        Assert.Empty(depaul["totals"]!.AsArray());
        Assert.Contains(depaul["participations"]!.AsArray(), p => p!["role"]!.GetValue<string>() == "SERVICE_PROVIDER"
            && p["model"]!["key"]!.GetValue<string>() == GmBetterOutcomesPartnership);
        Assert.DoesNotContain(Fundings(homesPartnership), f => f.Funder is "mhclg" or "greater-manchester-combined-authority");
        Assert.Empty(homesPartnership["totals"]!.AsArray());

        // An organisation's totals are the sum of the money paid to it, as a funder's are of what it gave.
        var hertfordshire = await OrganisationAsync("hertfordshire-county-council");
        var amounts = Fundings(hertfordshire).Where(f => f.Amount is not null).Select(f => f.Amount!.Value).ToList();
        Assert.Equal([4_800_000m, 11_600_000m], amounts.Order());
        Assert.Equal(amounts.Sum(), Gbp(hertfordshire));
        Assert.Equal(amounts.Count, hertfordshire["totals"]!.AsArray().Single()!["count"]!.GetValue<int>());
    }

    [SkippableFact]
    public async Task AContractOneProviderDeliveredAlone_HoldsItsMoney_NotTheProvider()
    {
        Server.SkipIfUnavailable();

        var promotingIndependence = await ContractAsync(PromotingIndependence);
        var southYorkshire = await OrganisationAsync("south-yorkshire-housing");

        Assert.Equal([("big-issue-invest", 725_000m), ("dcms", 686_187m), ("life-chances-fund", (decimal?)null), ("sheffield-city-council", 2_058_563m)],
            Fundings(promotingIndependence).OrderBy(f => f.Funder, StringComparer.Ordinal));
        Assert.Equal(3_469_750m, Gbp(promotingIndependence));
        Assert.Equal(["south-yorkshire-housing"], promotingIndependence["organisations"]!.AsArray().Select(o => o!["key"]!.GetValue<string>()));
        Assert.Empty(Fundings(southYorkshire));
        Assert.Empty(southYorkshire["totals"]!.AsArray());
        Assert.Contains(southYorkshire["participations"]!.AsArray(), p => p!["role"]!.GetValue<string>() == "SERVICE_PROVIDER"
            && p["model"]!["key"]!.GetValue<string>() == PromotingIndependence);
    }
}

public sealed class SqliteContractMoneyTests(SqliteApiServer server) : ContractMoneyTests<SqliteApiServer>(server);

public sealed class PostgresContractMoneyTests(PostgresApiServer server) : ContractMoneyTests<PostgresApiServer>(server);

/// <summary>The seeded API with INDIGO's UK projects imported over the seed after start, with the ingest tool as a user would.</summary>
public abstract class IndigoOverSeedApiServer(StoreProvider provider) : ApiServer(provider), IAsyncLifetime
{
    protected override IEnumerable<string> ExtraArguments => ["--Limits:RateLimitPermits=0"];

    public string ImportOutput { get; private set; } = "";

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        if (Unavailable is not null)
        {
            return;
        }

        var indigo = await IngestRunner.RunAsync(Store!, "import", "indigo", OpenDataApiServer.Indigo, "--country", "GB", "--skip-invalid");
        Assert.True(indigo.Exit == 0, indigo.Error);
        ImportOutput = indigo.Output;
    }
}

public sealed class SqliteIndigoOverSeedApiServer() : IndigoOverSeedApiServer(StoreProvider.Sqlite);

public sealed class PostgresIndigoOverSeedApiServer() : IndigoOverSeedApiServer(StoreProvider.Postgres);

public abstract class ContractMoneyAfterIndigoTests<TServer>(TServer server) : ContractMoney<TServer>(server)
    where TServer : IndigoOverSeedApiServer
{
    /// <summary>The seed's contract records: the INDIGO projects the seed records money for.</summary>
    private static readonly string[] SeedContracts = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.SeedData, "models.json")))!["models"]!.AsArray()
        .Select(m => m!["id"]!.GetValue<string>()).Where(id => id.StartsWith("indigo-poj-", StringComparison.Ordinal)).ToArray();

    /// <summary>
    /// The seed's funders that give an amount in the seed or after the import, each with the INDIGO organisation it is:
    /// after the import, what each gave is what INDIGO states it committed to UK projects, plus the seed's money that is
    /// no INDIGO project's.
    /// </summary>
    private static readonly Dictionary<string, string> IndigoOrganisationOfFunder = new(StringComparer.Ordinal)
    {
        ["big-issue-invest"] = "INDIGO-ORG-0008",
        ["cabinet-office"] = "INDIGO-ORG-0115",
        ["caf-venturesome"] = "INDIGO-ORG-0132",
        ["care-and-wellbeing-fund"] = "INDIGO-ORG-0059",
        ["dcms"] = "INDIGO-ORG-0171",
        ["department-for-education"] = "INDIGO-ORG-0123",
        ["essex-county-council"] = "INDIGO-ORG-0265",
        ["greater-london-authority"] = "INDIGO-ORG-0432",
        ["greater-manchester-combined-authority"] = "INDIGO-ORG-0256",
        ["kirklees-council"] = "INDIGO-ORG-1083",
        ["london-borough-of-hounslow"] = "INDIGO-ORG-1070",
        ["mhclg"] = "INDIGO-ORG-0088",
        ["national-lottery-community-fund"] = "INDIGO-ORG-0306",
        ["newcastle-gateshead-ccg"] = "INDIGO-ORG-0495",
        ["sheffield-city-council"] = "INDIGO-ORG-0006",
        ["worcestershire-county-council"] = "INDIGO-ORG-0318",
    };

    [SkippableFact]
    public async Task TheSeedsContractAndIndigosProject_AreOneNode_WithBothProvenances()
    {
        Server.SkipIfUnavailable();
        const string indigoName = "Entrenched Rough Sleeping Social Impact Bond- Greater Manchester";

        var named = (await DataAsync("""
            query($name: String!) { models(where: { or: [{ name: { eq: $name } }, { alternativeNames: { eq: $name } }] }) { nodes { key } } }
            """, new { name = indigoName }))["models"]!["nodes"]!.AsArray();
        var contract = await ContractAsync(GmRoughSleepingSib);

        Assert.Equal([GmRoughSleepingSib], named.Select(n => n!["key"]!.GetValue<string>()));
        Assert.Equal("seed", contract["origin"]!.GetValue<string>());
        Assert.Equal(["indigo", "seed"], contract["sources"]!.AsArray().Select(s => s!["origin"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains("Fundings the store already holds (counted once): 64", Server.ImportOutput, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task AfterTheImport_TheSeedsProvidersAreTheOrganisationsIndigoNames_NotASecondNode()
    {
        Server.SkipIfUnavailable();
        // INDIGO's own spellings of four seed providers: the seed records them as other names, so the import resolves
        // each to the seed's organisation and no contract lists a provider twice.
        var names = new[] { "South Yorkshire Housing", "Oasis Aquila", "Polaris Community (previously known as Core Assets Group)", "Working Well Trust (Tower Hamlets)" };
        var found = (await DataAsync("""
            query($names: [String!]) { organisations(where: { or: [{ name: { in: $names } }, { alternativeNames: { in: $names } }] }) { nodes { key origin } } }
            """, new { names }))["organisations"]!["nodes"]!.AsArray();
        Assert.Equal(["oasis-aquila-housing", "polaris-community", "south-yorkshire-housing", "working-well-trust"],
            found.Select(o => o!["key"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(found, o => Assert.Equal("seed", o!["origin"]!.GetValue<string>()));

        var promotingIndependence = await ContractAsync(PromotingIndependence);
        Assert.Equal(["south-yorkshire-housing"], promotingIndependence["organisations"]!.AsArray().Select(o => o!["key"]!.GetValue<string>()).Distinct());
    }

    [SkippableFact]
    public async Task AfterTheImport_EachContractsPaymentsAreCountedOnce_AsInIndigo()
    {
        Server.SkipIfUnavailable();
        var expected = SeedContracts.ToDictionary(k => k, k => IndigoCommitments(r => r["Project ID"] == k.Replace("indigo-poj-", "INDIGO-POJ-", StringComparison.Ordinal)));

        foreach (var key in SeedContracts)
        {
            var contract = await ContractAsync(key);
            var fundings = Fundings(contract);
            Assert.True(fundings.Select(f => f.Funder).Distinct().Count() == fundings.Count, $"{key}: a funder funds it twice: {string.Join(", ", fundings)}");
            Assert.True(expected[key] == Gbp(contract), $"{key}: INDIGO states {expected[key]:N0}, the API totals {Gbp(contract):N0}");
        }

        var gmca = (await DataAsync("""{ funders(where: { key: { eq: "greater-manchester-combined-authority" } }) { nodes { totals { currency amount count } } } }"""))
            ["funders"]!["nodes"]![0]!;
        Assert.Equal(5_513_000m, Gbp(gmca));
        Assert.Equal(1, gmca["totals"]![0]!["count"]!.GetValue<int>());
    }

    [SkippableFact]
    public async Task AfterTheImport_NoFundersTotals_CountASeedFundingTwice()
    {
        Server.SkipIfUnavailable();
        var funders = (await DataAsync("""
            {
              funders(first: 200, where: { origin: { eq: "seed" } }) {
                nodes { key totals { currency amount count }
                        fundings { amount currency recipient { ... on Model { key } ... on Organisation { key } } sources { key } } }
              }
            }
            """))["funders"]!["nodes"]!.AsArray().ToDictionary(f => f!["key"]!.GetValue<string>(), f => f!);
        var gbProjects = Csv.ReadRows(IndigoFile("original_projects_delivery_locations.csv"), Encoding.UTF8)
            .Where(r => r["Location - Country - (Value)"] == "GB").Select(r => r["Project ID"]).ToHashSet(StringComparer.Ordinal);
        var seedMoney = SeedFundings().Where(f => f.Amount is not null).ToList();

        // Each funder's money for one INDIGO project is one funding, whether the seed or the import recorded it, and
        // whether it sits on the contract or (for money that is not the contract's) on an organisation.
        foreach (var (key, funder) in funders)
        {
            var projects = funder["fundings"]!.AsArray().Where(f => f!["amount"] is not null)
                .SelectMany(f => ProjectsOf(f!["recipient"]!["key"]!.GetValue<string>(), f["sources"]!.AsArray().Select(s => s!["key"]!.GetValue<string>())))
                .ToList();
            var twice = projects.GroupBy(p => p, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(twice.Count == 0, $"{key} pays for {string.Join(", ", twice)} more than once");
        }

        // And what it gave adds up to what INDIGO states it committed to UK projects, plus the seed's money for no INDIGO
        // project. INDIGO gives some amounts no currency, which no total in pounds counts, so its fundings are added up.
        Assert.All(seedMoney, f => Assert.True(IndigoOrganisationOfFunder.ContainsKey(f.Funder), $"{f.Funder} gives an amount in the seed; name its INDIGO organisation above"));
        foreach (var (key, organisation) in IndigoOrganisationOfFunder)
        {
            var expected = IndigoCommitments(r => r["Organisation ID - (Value)"] == organisation && gbProjects.Contains(r["Project ID"]))
                + seedMoney.Where(f => f.Funder == key && f.Projects.Count == 0).Sum(f => f.Amount!.Value);
            var total = funders[key]["fundings"]!.AsArray().Sum(f => f!["amount"]?.GetValue<decimal>() ?? 0);
            Assert.True(expected == total, $"{key}: INDIGO and the seed state {expected:N0}, the API totals {total:N0}");
        }

        var sheffield = funders["sheffield-city-council"]["totals"]!.AsArray().Single()!;
        Assert.Equal((2_058_563m, 1), (sheffield["amount"]!.GetValue<decimal>(), sheffield["count"]!.GetValue<int>()));
    }

    [SkippableFact]
    public async Task AfterTheImport_DepaulsTotals_StillLeaveOutTheContractsMoney()
    {
        Server.SkipIfUnavailable();

        var depaul = await OrganisationAsync("depaul-uk");
        var contract = await ContractAsync(GmBetterOutcomesPartnership);

        Assert.Empty(depaul["totals"]!.AsArray());
        Assert.DoesNotContain(Fundings(depaul), f => f.Amount is not null);
        Assert.Equal(5_513_000m, Gbp(contract));
        Assert.Single(Fundings(contract), f => f.Funder == "greater-manchester-combined-authority");
    }

    /// <summary>The INDIGO projects a funding is for: its recipient when that is a contract, else those its sources name.</summary>
    private static IEnumerable<string> ProjectsOf(string recipient, IEnumerable<string> sources) =>
        recipient.StartsWith("indigo-poj-", StringComparison.Ordinal)
            ? [recipient]
            : sources.Where(s => s.StartsWith("src-indigo-poj-", StringComparison.Ordinal)).Select(s => s["src-".Length..]).Distinct(StringComparer.Ordinal);

    private static string IndigoFile(string name) => Path.Combine(OpenDataApiServer.Indigo, name);

    /// <summary>
    /// What INDIGO states was committed in the rows <paramref name="include"/> keeps: the maximum potential outcome
    /// payments and the investment commitments (exact, else the minimum, else the maximum, as the import reads them).
    /// Its UK rows are in pounds or give no currency.
    /// </summary>
    private static decimal IndigoCommitments(Func<Dictionary<string, string>, bool> include)
    {
        static decimal Amount(string cell) => cell.Length == 0 ? 0 : decimal.Parse(cell, System.Globalization.CultureInfo.InvariantCulture);
        var payments = Csv.ReadRows(IndigoFile("original_projects_outcome_payment_commitments.csv"), Encoding.UTF8).Where(include)
            .Sum(r => Amount(r["Maximum potential Outcome payment - Amount - (Value)"]));
        var investments = Csv.ReadRows(IndigoFile("original_projects_investments.csv"), Encoding.UTF8).Where(include)
            .Sum(r => Amount(new[] { "Exact", "Min", "Max" }.Select(k => r[$"Investment Commitment - Amount - {k} - (Value)"]).FirstOrDefault(c => c.Length > 0) ?? ""));
        return payments + investments;
    }

    private static List<SeedFunding> SeedFundings() => SeedContractFundingTests.SeedFundings();
}

public sealed class SqliteContractMoneyAfterIndigoTests(SqliteIndigoOverSeedApiServer server) : ContractMoneyAfterIndigoTests<SqliteIndigoOverSeedApiServer>(server);

public sealed class PostgresContractMoneyAfterIndigoTests(PostgresIndigoOverSeedApiServer server) : ContractMoneyAfterIndigoTests<PostgresIndigoOverSeedApiServer>(server);

/// <summary>A funding of the seed's funders.json: who gave it, to whom, how much, and the INDIGO projects its note or sources name.</summary>
public sealed record SeedFunding(string Funder, string Recipient, decimal? Amount, IReadOnlyList<string> Projects);

/// <summary>
/// Every seed funding for an INDIGO project, with or without an amount, is recorded on the project's contract, whether
/// one provider or several delivered it; none sits on an organisation.
/// </summary>
public sealed class SeedContractFundingTests
{
    public static List<SeedFunding> SeedFundings() =>
        [.. JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.SeedData, "funders.json")))!["funders"]!.AsArray()
            .SelectMany(f => (f!["fundings"]?.AsArray() ?? []).Select(g => new SeedFunding(
                f["id"]!.GetValue<string>(),
                g!["recipient"]!.GetValue<string>(),
                g["amount"]?.GetValue<decimal>(),
                [.. System.Text.RegularExpressions.Regex.Matches(g["note"]?.GetValue<string>() ?? "", "INDIGO-POJ-([0-9]{4})").Select(m => m.Groups[1].Value)
                    .Concat((g["sources"]?.AsArray() ?? []).Select(s => s!.GetValue<string>()).Where(s => s.StartsWith("src-indigo-poj-", StringComparison.Ordinal)).Select(s => s["src-indigo-poj-".Length..]))
                    .Distinct(StringComparer.Ordinal).Select(n => "indigo-poj-" + n)])))];

    [Fact]
    public void MoneyForAWholeProject_SitsOnTheContract_WhetherOneProviderOrSeveralDeliveredIt()
    {
        var contracts = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.SeedData, "models.json")))!["models"]!.AsArray()
            .Select(m => m!["id"]!.GetValue<string>()).Where(id => id.StartsWith("indigo-poj-", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var providers = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.SeedData, "organisations.json")))!["organisations"]!.AsArray()
            .SelectMany(o => (o!["models"]?.AsArray() ?? []).Where(m => m!["roleKind"]!.GetValue<string>() == "SERVICE_PROVIDER").Select(m => m!["id"]!.GetValue<string>()))
            .ToHashSet(StringComparer.Ordinal);
        var forProjects = SeedFundings().Where(f => f.Projects.Count > 0).ToList();

        Assert.All(forProjects, f => Assert.True(f.Projects.Count == 1 && f.Recipient == f.Projects[0],
            $"{f.Funder} -> {f.Recipient}: a funding for {string.Join(", ", f.Projects)} belongs on that contract, one funding per contract"));
        Assert.All(forProjects, f => Assert.Contains(f.Recipient, contracts));
        Assert.All(contracts, c => Assert.True(providers.Contains(c), $"{c}: no organisation of the seed provides it"));
        Assert.Equal(67, forProjects.Count);
        Assert.Equal(30, forProjects.Count(f => f.Amount is not null));
    }
}
