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

        // A provider's totals are the sum of its own fundings, as a funder's are of what it gave.
        var southYorkshire = await OrganisationAsync("south-yorkshire-housing");
        var amounts = Fundings(southYorkshire).Where(f => f.Amount is not null).Select(f => f.Amount!.Value).ToList();
        Assert.Equal(amounts.Sum(), Gbp(southYorkshire));
        Assert.Equal(amounts.Count, southYorkshire["totals"]!.AsArray().Single()!["count"]!.GetValue<int>());
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
    /// <summary>The seed's contract records: INDIGO projects with several providers, or run by a contract holder.</summary>
    private static readonly string[] SeedContracts = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.SeedData, "models.json")))!["models"]!.AsArray()
        .Select(m => m!["id"]!.GetValue<string>()).Where(id => id.StartsWith("indigo-poj-", StringComparison.Ordinal)).ToArray();

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
        Assert.Contains("Fundings the store already holds (counted once): 22", Server.ImportOutput, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task AfterTheImport_EachContractsPaymentsAreCountedOnce_AsInIndigo()
    {
        Server.SkipIfUnavailable();
        var expected = IndigoAmounts();

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

    /// <summary>
    /// What INDIGO states was committed to each of the seed's contracts: the maximum potential outcome payments and
    /// the investment commitments (exact, else the minimum, else the maximum, as the import reads them).
    /// </summary>
    private static Dictionary<string, decimal> IndigoAmounts()
    {
        static string File(string name) => Path.Combine(OpenDataApiServer.Indigo, name);
        static decimal Amount(string cell) => cell.Length == 0 ? 0 : decimal.Parse(cell, System.Globalization.CultureInfo.InvariantCulture);
        var projects = SeedContracts.ToDictionary(k => k.Replace("indigo-poj-", "INDIGO-POJ-", StringComparison.Ordinal), k => k);
        var totals = SeedContracts.ToDictionary(k => k, _ => 0m);
        foreach (var row in Csv.ReadRows(File("original_projects_outcome_payment_commitments.csv"), Encoding.UTF8).Where(r => projects.ContainsKey(r["Project ID"])))
        {
            totals[projects[row["Project ID"]]] += Amount(row["Maximum potential Outcome payment - Amount - (Value)"]);
        }

        foreach (var row in Csv.ReadRows(File("original_projects_investments.csv"), Encoding.UTF8).Where(r => projects.ContainsKey(r["Project ID"])))
        {
            var amount = new[] { "Exact", "Min", "Max" }.Select(k => row[$"Investment Commitment - Amount - {k} - (Value)"]).FirstOrDefault(c => c.Length > 0) ?? "";
            totals[projects[row["Project ID"]]] += Amount(amount);
        }

        return totals;
    }
}

public sealed class SqliteContractMoneyAfterIndigoTests(SqliteIndigoOverSeedApiServer server) : ContractMoneyAfterIndigoTests<SqliteIndigoOverSeedApiServer>(server);

public sealed class PostgresContractMoneyAfterIndigoTests(PostgresIndigoOverSeedApiServer server) : ContractMoneyAfterIndigoTests<PostgresIndigoOverSeedApiServer>(server);

/// <summary>
/// Of the seed's fundings with an amount that name one INDIGO project, those recorded on an organisation are those of a
/// project the organisation delivered alone, as INDIGO's service provisions say; the others are on the contract.
/// </summary>
public sealed class SeedContractFundingTests
{
    [Fact]
    public void MoneyForAWholeProject_SitsOnAnOrganisation_OnlyWhereItWasTheSoleProvider()
    {
        var organisations = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.SeedData, "organisations.json")))!["organisations"]!.AsArray()
            .Select(o => o!["id"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var providers = Csv.ReadRows(Path.Combine(OpenDataApiServer.Indigo, "original_projects_service_provisions.csv"), Encoding.UTF8)
            .GroupBy(r => r["Project ID"]).ToDictionary(g => g.Key, g => g.Select(r => r["Organisation ID - (Value)"]).Distinct().Count());
        var fundings = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.SeedData, "funders.json")))!["funders"]!.AsArray()
            .SelectMany(f => f!["fundings"]?.AsArray() ?? [])
            .Where(g => g!["amount"] is not null)
            .Select(g => (Recipient: g!["recipient"]!.GetValue<string>(), Projects: System.Text.RegularExpressions.Regex.Matches(g["note"]?.GetValue<string>() ?? "", "INDIGO-POJ-[0-9]{4}").Select(m => m.Value).Distinct().ToList()))
            .Where(g => g.Projects.Count == 1)
            .ToList();

        var onOrganisations = fundings.Where(g => organisations.Contains(g.Recipient)).ToList();
        var onContracts = fundings.Where(g => g.Recipient.StartsWith("indigo-poj-", StringComparison.Ordinal)).ToList();

        Assert.All(onOrganisations, g => Assert.True(providers.GetValueOrDefault(g.Projects[0]) == 1, $"{g.Recipient}: {g.Projects[0]} had {providers.GetValueOrDefault(g.Projects[0])} providers"));
        Assert.All(onContracts, g => Assert.Equal(g.Projects[0].Replace("INDIGO-POJ-", "indigo-poj-", StringComparison.Ordinal), g.Recipient));
        Assert.Equal(16, onContracts.Count);
    }
}
