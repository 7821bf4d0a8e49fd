using System.Text.Json.Nodes;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Queries;

/// <summary>
/// Filters and sorts beyond the basics: not, conditions on relationship properties, provenance. Each answer is
/// checked against the same facts read through plain, unfiltered queries.
/// </summary>
public abstract class FilteringTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : ApiServer
{
    private async Task<JsonArray> NodesAsync(string query)
    {
        var response = await server.QueryAsync(query);
        Assert.Null(response["errors"]);
        return response["data"]!.AsObject().First().Value!["nodes"]!.AsArray();
    }

    private static HashSet<string> Keys(JsonArray nodes) => nodes.Select(n => n!["key"]!.GetValue<string>()).ToHashSet();

    [SkippableFact]
    public async Task Not_MatchesExactlyWhatTheConditionDoesNot()
    {
        server.SkipIfUnavailable();
        var all = await NodesAsync("{ models(first: 200) { nodes { key family } } }");

        var notService = Keys(await NodesAsync("{ models(first: 200, where: { not: { family: { eq: SERVICE_MODEL } } }) { nodes { key } } }"));

        Assert.Equal(all.Where(m => m!["family"]!.GetValue<string>() != "SERVICE_MODEL").Select(m => m!["key"]!.GetValue<string>()).ToHashSet(), notService);
    }

    [SkippableTheory]
    [InlineData("esmee fairbairn")]
    [InlineData("ESMÉE FAIRBAIRN")]
    [InlineData("Esmée")]
    public async Task TextConditions_IgnoreCaseAndAccents(string text)
    {
        server.SkipIfUnavailable();

        var found = Keys(await NodesAsync($"{{ funders(where: {{ name: {{ contains: \"{text}\" }} }}) {{ nodes {{ key }} }} }}"));
        var starting = Keys(await NodesAsync($"{{ funders(where: {{ name: {{ startsWith: \"{text}\" }} }}) {{ nodes {{ key }} }} }}"));
        var exact = Keys(await NodesAsync($"{{ funders(where: {{ name: {{ eq: \"{text}\" }} }}) {{ nodes {{ key }} }} }}"));

        Assert.Equal(["esmee-fairbairn-foundation"], found);
        Assert.Equal(["esmee-fairbairn-foundation"], starting);
        Assert.Empty(exact);
    }

    /// <summary>
    /// The text of a condition goes into the SQL as a literal pattern (so the store plans for it); LIKE's own
    /// characters and quotes in it are still plain characters, on both stores, as in the same test run in .NET.
    /// </summary>
    [SkippableTheory]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("\\")]
    [InlineData("'s")]
    [InlineData("'")]
    [InlineData("st m_ngo")]
    [InlineData("%s%")]
    [InlineData("ST MUNGO'S")]
    public async Task TextConditions_TakeWildcardsBackslashesAndQuotesAsPlainCharacters(string text)
    {
        server.SkipIfUnavailable();
        var names = (await NodesAsync("{ organisations(first: 200) { nodes { key name } } }"))
            .ToDictionary(n => n!["key"]!.GetValue<string>(), n => TextFolding.Fold(n!["name"]!.GetValue<string>())!);
        var folded = TextFolding.Fold(text)!;

        async Task<HashSet<string>> Matching(string op)
        {
            var response = await server.QueryAsync(
                $"query($t: String) {{ organisations(first: 200, where: {{ name: {{ {op}: $t }} }}) {{ nodes {{ key }} }} }}", new { t = text });
            Assert.Null(response["errors"]);
            return Keys(response["data"]!["organisations"]!["nodes"]!.AsArray());
        }

        Assert.Equal(names.Where(n => n.Value.Contains(folded, StringComparison.Ordinal)).Select(n => n.Key).ToHashSet(), await Matching("contains"));
        Assert.Equal(names.Where(n => n.Value.StartsWith(folded, StringComparison.Ordinal)).Select(n => n.Key).ToHashSet(), await Matching("startsWith"));
        Assert.Equal(names.Where(n => n.Value.EndsWith(folded, StringComparison.Ordinal)).Select(n => n.Key).ToHashSet(), await Matching("endsWith"));
        Assert.Equal(names.Where(n => !n.Value.Contains(folded, StringComparison.Ordinal)).Select(n => n.Key).ToHashSet(), await Matching("ncontains"));
    }

    [SkippableFact]
    public async Task ParticipationsByRole_SelectModelsWithAnInvestorAmongThem_AndListEachRoleWithItsSources()
    {
        server.SkipIfUnavailable();
        var all = await NodesAsync("{ models(first: 200) { nodes { key participations { role roleDetail organisation { key } sources { key } } } } }");
        var withInvestor = Keys(await NodesAsync("""
            { models(first: 200, where: { participations: { some: { role: { eq: INVESTOR } } } }) { nodes { key } } }
            """));
        var withInvestorOrPayer = Keys(await NodesAsync("""
            { models(first: 200, where: { participations: { some: { role: { in: [INVESTOR, OUTCOME_PAYER] } } } }) { nodes { key } } }
            """));
        var withLeadPartner = Keys(await NodesAsync("""
            { models(first: 200, where: { participations: { some: { roleDetail: { contains: "LEAD PARTNER" } } } }) { nodes { key } } }
            """));

        Assert.NotEmpty(Expected(p => p["role"]?.GetValue<string>() == "INVESTOR"));
        Assert.Equal(Expected(p => p["role"]?.GetValue<string>() == "INVESTOR"), withInvestor);
        Assert.Equal(Expected(p => p["role"]?.GetValue<string>() is "INVESTOR" or "OUTCOME_PAYER"), withInvestorOrPayer);
        Assert.NotEmpty(withLeadPartner);
        Assert.Equal(Expected(p => p["roleDetail"]?.GetValue<string>().Contains("lead partner", StringComparison.OrdinalIgnoreCase) == true), withLeadPartner);
        Assert.All(all.SelectMany(m => m!["participations"]!.AsArray()), p => Assert.NotEmpty(p!["sources"]!.AsArray()));
        // Every participation of the seed has a role from the vocabulary, and its source's words beside it.
        Assert.All(all.SelectMany(m => m!["participations"]!.AsArray()), p => Assert.NotNull(p!["role"]));

        // The same relationships seen from the organisations' side.
        var organisations = await NodesAsync("{ organisations(first: 200) { nodes { key participations { role roleDetail model { key } } } } }");
        var fromModels = all.SelectMany(m => m!["participations"]!.AsArray().Select(p => (p!["organisation"]!["key"]!.GetValue<string>(), m["key"]!.GetValue<string>(), p["role"]?.GetValue<string>(), p["roleDetail"]?.GetValue<string>())));
        var fromOrganisations = organisations.SelectMany(o => o!["participations"]!.AsArray().Select(p => (o["key"]!.GetValue<string>(), p!["model"]!["key"]!.GetValue<string>(), p["role"]?.GetValue<string>(), p["roleDetail"]?.GetValue<string>())));
        Assert.Equal(fromModels.Order().ToList(), fromOrganisations.Order().ToList());

        HashSet<string> Expected(Func<JsonNode, bool> participation) =>
            all.Where(m => m!["participations"]!.AsArray().Any(p => participation(p!))).Select(m => m!["key"]!.GetValue<string>()).ToHashSet();
    }

    [SkippableFact]
    public async Task OrganisationsOfAModel_AreThoseThatRunIt_WhileParticipationsAlsoHoldThoseThatTakePartOtherwise()
    {
        server.SkipIfUnavailable();
        var models = await NodesAsync("""
            { models(first: 200) { nodes { key organisationCount: organisationsConnection { totalCount } organisations { key } participations { role organisation { key } } } } }
            """);

        var runners = models.ToDictionary(m => m!["key"]!.GetValue<string>(), m => m!["organisations"]!.AsArray().Select(o => o!["key"]!.GetValue<string>()).ToHashSet());
        foreach (var each in models)
        {
            var participations = each!["participations"]!.AsArray();
            var delivering = participations.Where(p => p!["role"]!.GetValue<string>() is "OPERATOR" or "SERVICE_PROVIDER")
                .Select(p => p!["organisation"]!["key"]!.GetValue<string>()).ToHashSet();
            Assert.Equal(delivering, runners[each["key"]!.GetValue<string>()]);
            Assert.Equal(delivering.Count, each["organisationCount"]!["totalCount"]!.GetValue<int>());
        }

        // An organisation that takes part without delivering (an intermediary, a network) is among the model's
        // participations but not its organisations.
        var notDelivering = models.SelectMany(m => m!["participations"]!.AsArray()
                .Select(p => (Model: m["key"]!.GetValue<string>(), Organisation: p!["organisation"]!["key"]!.GetValue<string>())))
            .Where(p => !runners[p.Model].Contains(p.Organisation))
            .ToList();
        Assert.NotEmpty(notDelivering);

        // Filters and sorts on a model's organisations count only those that run it.
        var (model, organisation) = notDelivering[0];
        var runBy = Keys(await NodesAsync($$"""{ models(first: 200, where: { organisations: { some: { key: { eq: "{{organisation}}" } } } }) { nodes { key } } }"""));
        Assert.DoesNotContain(model, runBy);
        var takenPartIn = Keys(await NodesAsync($$"""{ models(first: 200, where: { participations: { some: { organisation: { key: { eq: "{{organisation}}" } } } } }) { nodes { key } } }"""));
        Assert.Contains(model, takenPartIn);
        var byCount = await NodesAsync("{ models(first: 200, order: [{ organisationCount: DESC }]) { nodes { key } } }");
        var counts = byCount.Select(m => runners[m!["key"]!.GetValue<string>()].Count).ToList();
        Assert.Equal(counts.OrderByDescending(c => c), counts);
    }

    [SkippableFact]
    public async Task FundingsOverAnAmount_SelectOrganisationsByARelationshipProperty()
    {
        server.SkipIfUnavailable();
        var all = await NodesAsync("{ organisations(first: 200) { nodes { key fundings { amount instrument funder { kind } } } } }");

        var large = Keys(await NodesAsync("{ organisations(first: 200, where: { fundings: { some: { amount: { gt: 1000000 } } } }) { nodes { key } } }"));
        // Outcome payments are the contracts' (on models), so an organisation's government money here is grants.
        var grantedByGovernment = Keys(await NodesAsync("""
            { organisations(first: 200, where: { fundings: { some: { instrument: { eq: GRANT }, funder: { kind: { eq: GOVERNMENT } } } } }) { nodes { key } } }
            """));

        Assert.NotEmpty(large);
        Assert.Equal(Expected(f => f["amount"]?.GetValue<double>() > 1000000), large);
        Assert.NotEmpty(grantedByGovernment);
        Assert.Equal(Expected(f => f["instrument"]?.GetValue<string>() == "GRANT" && f["funder"]!["kind"]!.GetValue<string>() == "GOVERNMENT"), grantedByGovernment);

        HashSet<string> Expected(Func<JsonNode, bool> funding) =>
            all.Where(o => o!["fundings"]!.AsArray().Any(f => funding(f!))).Select(o => o!["key"]!.GetValue<string>()).ToHashSet();
    }

    [SkippableFact]
    public async Task FindingsWithAnEffect_SelectEvidence_AndAllRequiresEveryFinding()
    {
        server.SkipIfUnavailable();
        var all = await NodesAsync("{ evidence(first: 200) { nodes { key findings { effect } } } }");

        var somePositive = Keys(await NodesAsync("{ evidence(first: 200, where: { findings: { some: { effect: { eq: POSITIVE } } } }) { nodes { key } } }"));
        var allPositive = Keys(await NodesAsync("{ evidence(first: 200, where: { findings: { all: { effect: { eq: POSITIVE } } } }) { nodes { key } } }"));

        Assert.NotEmpty(somePositive);
        Assert.Equal(Expected(f => f.Any(e => e == "POSITIVE")), somePositive);
        Assert.Equal(Expected(f => f.All(e => e == "POSITIVE")), allPositive);

        HashSet<string> Expected(Func<List<string?>, bool> findings) => all
            .Where(e => findings(e!["findings"]!.AsArray().Select(f => f!["effect"]?.GetValue<string>()).ToList()))
            .Select(e => e!["key"]!.GetValue<string>()).ToHashSet();
    }

    [SkippableFact]
    public async Task Sources_FilterRecordsByWhoStatesThem()
    {
        server.SkipIfUnavailable();
        var all = await NodesAsync("{ models(first: 200) { nodes { key origin sources { publisher } } } }");

        var fromGoLab = Keys(await NodesAsync("""
            { models(first: 200, where: { sources: { some: { publisher: { contains: "government outcomes lab" } } } }) { nodes { key } } }
            """));

        Assert.NotEmpty(fromGoLab);
        Assert.Equal(
            all.Where(m => m!["sources"]!.AsArray().Any(s => s!["publisher"]?.GetValue<string>().Contains("Government Outcomes Lab", StringComparison.OrdinalIgnoreCase) == true))
                .Select(m => m!["key"]!.GetValue<string>()).ToHashSet(),
            fromGoLab);
        Assert.All(all, m => Assert.Equal("seed", m!["origin"]!.GetValue<string>()));
    }

    [SkippableTheory]
    [InlineData("organisations")]
    [InlineData("models")]
    [InlineData("funders")]
    [InlineData("evidence")]
    public async Task OrderedByText_IsInOrdinalOrderThenByKey_WhateverTheDatabasesCollation(string list)
    {
        server.SkipIfUnavailable();
        var field = list == "evidence" ? "title" : "name";
        foreach (var direction in (string[])["ASC", "DESC"])
        {
            var nodes = await NodesAsync($"{{ {list}(first: 200, order: [{{ {field}: {direction} }}]) {{ nodes {{ key {field} }} }} }}");
            var rows = nodes.Select(n => (Key: n!["key"]!.GetValue<string>(), Text: n[field]!.GetValue<string>())).ToList();
            var byText = direction == "ASC"
                ? rows.OrderBy(r => r.Text, StringComparer.Ordinal)
                : rows.OrderByDescending(r => r.Text, StringComparer.Ordinal);
            Assert.Equal(byText.ThenBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Key), rows.Select(r => r.Key));
        }
    }

    [SkippableFact]
    public async Task FundersByTotalInPounds_AreOrderedByTheirStatedTotals()
    {
        server.SkipIfUnavailable();
        var funders = await NodesAsync("{ funders(first: 200, order: [{ totalGbp: DESC }]) { nodes { key totals { currency amount } } } }");

        var totals = funders.Select(f => f!["totals"]!.AsArray().Where(t => t!["currency"]!.GetValue<string>() == "GBP").Sum(t => t!["amount"]!.GetValue<double>())).ToList();
        Assert.True(totals[0] > 0);
        Assert.Equal(totals.OrderByDescending(t => t), totals);
    }
}

public sealed class SqliteFilteringTests(SqliteApiServer server) : FilteringTests<SqliteApiServer>(server);

public sealed class PostgresFilteringTests(PostgresApiServer server) : FilteringTests<PostgresApiServer>(server);

/// <summary>The same on a PostgreSQL database whose default collation follows a natural language.</summary>
public sealed class PostgresNaturalCollationFilteringTests(PostgresNaturalCollationApiServer server) : FilteringTests<PostgresNaturalCollationApiServer>(server);
