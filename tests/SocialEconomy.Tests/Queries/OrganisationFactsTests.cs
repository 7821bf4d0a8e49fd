using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Queries;

/// <summary>
/// The seeded API with a few made-up records of its own (the seed holds these facts for a few organisations only, and
/// no derived relationship), loaded once, as an import would load them, from the
/// dataset "test": three organisations with the register's facts, one without; MHCLG's organisation record, linked
/// to the MHCLG funder; a model with other names and a sector; and relationships a crosswalk derived.
/// </summary>
public abstract class FactsApiServer(StoreProvider provider) : ApiServer(provider)
{
    public const string Dissolved = "test-northern-lights";
    public const string Scottish = "test-highland-care";
    public const string Welsh = "test-cwm-housing";
    public const string Bare = "test-bare";
    public const string MhclgOrganisation = "test-mhclg-organisation";
    public const string Model = "test-outcomes-contract";
    public const string Rule = "test-crosswalk/investor-roles";

    private Task? _loaded;

    public Task LoadAsync() => _loaded ??= LoadFactsAsync();

    private async Task LoadFactsAsync()
    {
        var batch = new GraphBatch("test");
        const string source = "src-test-facts";
        batch.Sources.Add(new Source { Id = source, Title = "Made-up facts for the API's tests" });
        batch.Organisations.AddRange(
        [
            new Organisation
            {
                Id = Dissolved, Name = "Northern Lights Co-operative", FormerNames = NameList.Join(["Northern Lights Workers Co-op", "NLWC Ltd"]),
                AlternativeNames = NameList.Join(["Northern Lights"]), Status = OrganisationStatus.Dissolved,
                IncorporatedOn = new DateOnly(1998, 4, 1), DissolvedOn = new DateOnly(2015, 6, 30), Sector = "Retail",
                SicCode = "47110", SicDescription = "Retail sale in non-specialised stores with food, beverages or tobacco predominating",
                Region = "North East", RegionRule = "postcode-area/NE", Nation = "England", Postcode = "NE1 4XF",
            },
            new Organisation
            {
                Id = Scottish, Name = "Highland Care Co-operative", AlternativeNames = NameList.Join(["HCC"]), Status = OrganisationStatus.Active,
                IncorporatedOn = new DateOnly(2010, 1, 15), Sector = "Health and social care", SicCode = "87300",
                Region = "Scotland", Nation = "Scotland", Postcode = "IV2 3HH",
            },
            new Organisation
            {
                Id = Welsh, Name = "Cwm Housing Co-operative", IncorporatedOn = new DateOnly(2005, 3, 3), Sector = "Housing",
                Region = "Wales", Nation = "Wales", Postcode = "CF10 1AA",
            },
            new Organisation { Id = Bare, Name = "Bare Organisation" },
            new Organisation
            {
                Id = MhclgOrganisation, Name = "Ministry of Housing, Communities and Local Government", Region = "London", Nation = "England",
            },
        ]);
        // The seed's funder, linked to its organisation record: a dataset other than the seed may fill its empty values.
        batch.Funders.Add(new Funder { Id = "mhclg", Name = "Ministry of Housing, Communities and Local Government", FunderKind = FunderKind.Government, OrganisationId = MhclgOrganisation });
        batch.Models.Add(new Model
        {
            Id = Model, Name = "Test outcomes contract", Family = ModelFamily.OutcomesPartnership,
            AlternativeNames = NameList.Join(["Pay for success", "PfS"]), Sector = "Homelessness; Health",
        });

        Link(new Relationship
        {
            Key = "", Type = RelationshipType.TakesPartIn, FromKind = NodeKind.Organisation, FromId = Dissolved, ToKind = NodeKind.Model, ToId = Model,
            RoleKind = ParticipationRole.Investor, Role = "Investor (Social investment fund)", Rule = Rule, ReadValue = "Investor (Social investment fund)",
        });
        Link(new Relationship
        {
            Key = "", Type = RelationshipType.Runs, FromKind = NodeKind.Organisation, FromId = Scottish, ToKind = NodeKind.Model, ToId = Model,
            RoleKind = ParticipationRole.ServiceProvider, Role = "service provider",
        });
        Link(new Relationship
        {
            Key = "", Type = RelationshipType.Funds, FromKind = NodeKind.Funder, FromId = "mhclg", ToKind = NodeKind.Model, ToId = Model,
            Instrument = FundingInstrument.OutcomesPayment, Amount = 250_000m, Currency = "GBP", Year = 2020,
            Rule = "test-crosswalk/outcome-payers", ReadValue = "Outcome payer",
        });
        foreach (var node in batch.Organisations.Select(o => o.Id).Append(Model))
        {
            batch.NodeSources[node] = new SortedSet<string>(StringComparer.Ordinal) { source };
        }

        using var scope = Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<GraphLoader>().LoadAsync(batch);

        void Link(Relationship relationship)
        {
            relationship.Key = RelationshipKeys.For(relationship);
            batch.Relationships.Add(relationship);
            batch.RelationshipSources[relationship.Key] = new SortedSet<string>(StringComparer.Ordinal) { source };
        }
    }
}

public sealed class SqliteFactsApiServer() : FactsApiServer(StoreProvider.Sqlite);

public sealed class PostgresFactsApiServer() : FactsApiServer(StoreProvider.Postgres);

/// <summary>
/// What the register says of an organisation (status, dates, sector, SIC code, nation, postcode, the rule behind its
/// region), other names, a funder's organisation record, and relationships a crosswalk derived: as fields, filters,
/// sorts and facets, each answer checked against the records as the API reads them back.
/// </summary>
public abstract class OrganisationFactsTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : FactsApiServer
{
    private const string AllFields = """
        key name formerNames alternativeNames status incorporatedOn dissolvedOn sector sicCodes { code description }
        region regionRule nation postcode
        """;

    private async Task<JsonObject> QueryAsync(string query)
    {
        server.SkipIfUnavailable();
        await server.LoadAsync();
        var response = await server.QueryAsync(query);
        Assert.True(response["errors"] is null, response["errors"]?.ToJsonString());
        return response["data"]!.AsObject();
    }

    private async Task<JsonArray> NodesAsync(string query) => (await QueryAsync(query)).First().Value!["nodes"]!.AsArray();

    private async Task<List<string>> KeysAsync(string list, string arguments) =>
        [.. (await NodesAsync($"{{ {list}(first: 200, {arguments}) {{ nodes {{ key }} }} }}")).Select(n => n!["key"]!.GetValue<string>())];

    private async Task<HashSet<string>> OrganisationsAsync(string where) => [.. await KeysAsync("organisations", $"where: {where}")];

    /// <summary>
    /// Of the records loaded here only: the seed's own organisations hold some of these facts too, and the filters'
    /// cases (a value, another value, none) are those of the records made for them.
    /// </summary>
    private Task<HashSet<string>> LoadedHereAsync(string where) => OrganisationsAsync($$"""{ and: [{ origin: { eq: "test" } }, {{where}}] }""");

    private Task<JsonArray> EveryOrganisationLoadedHereAsync() =>
        NodesAsync($$"""{ organisations(first: 200, where: { origin: { eq: "test" } }) { nodes { {{AllFields}} } } }""");

    /// <summary>Every organisation, with the fields these tests look at.</summary>
    private Task<JsonArray> EveryOrganisationAsync() => NodesAsync($"{{ organisations(first: 200) {{ nodes {{ {AllFields} }} }} }}");

    private static HashSet<string> Where(JsonArray organisations, Func<JsonNode, bool> condition) =>
        [.. organisations.Where(o => condition(o!)).Select(o => o!["key"]!.GetValue<string>())];

    private static string? Text(JsonNode node, string field) => node[field]?.GetValue<string>();

    private static HashSet<string> Set(params string[] keys) => [.. keys];

    [SkippableFact]
    public async Task Organisation_RegisterFacts_AreReadAsStored_AndEmptyListsWhereThereAreNone()
    {
        var data = await QueryAsync($$"""
            { dissolved: organisations(where: { key: { eq: "{{FactsApiServer.Dissolved}}" } }) { nodes { {{AllFields}} } }
              bare: organisations(where: { key: { eq: "{{FactsApiServer.Bare}}" } }) { nodes { {{AllFields}} funder { key } } } }
            """);

        var dissolved = data["dissolved"]!["nodes"]![0]!;
        Assert.Equal(["Northern Lights Workers Co-op", "NLWC Ltd"], dissolved["formerNames"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["Northern Lights"], dissolved["alternativeNames"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("DISSOLVED", Text(dissolved, "status"));
        Assert.Equal("1998-04-01", Text(dissolved, "incorporatedOn"));
        Assert.Equal("2015-06-30", Text(dissolved, "dissolvedOn"));
        Assert.Equal("Retail", Text(dissolved, "sector"));
        var sic = Assert.Single(dissolved["sicCodes"]!.AsArray());
        Assert.Equal("47110", Text(sic!, "code"));
        Assert.StartsWith("Retail sale in non-specialised stores", Text(sic!, "description"), StringComparison.Ordinal);
        Assert.Equal(("North East", "postcode-area/NE", "England", "NE1 4XF"),
            (Text(dissolved, "region"), Text(dissolved, "regionRule"), Text(dissolved, "nation"), Text(dissolved, "postcode")));

        var bare = data["bare"]!["nodes"]![0]!;
        Assert.Empty(bare["formerNames"]!.AsArray());
        Assert.Empty(bare["alternativeNames"]!.AsArray());
        Assert.Empty(bare["sicCodes"]!.AsArray());
        Assert.All((string[])["status", "incorporatedOn", "dissolvedOn", "sector", "region", "regionRule", "nation", "postcode", "funder"], field => Assert.Null(bare[field]));
    }

    [SkippableFact]
    public async Task Status_FiltersByValue_AndNeqAlsoMatchesOrganisationsWithoutOne()
    {
        var all = await EveryOrganisationLoadedHereAsync();

        Assert.Equal(Set(FactsApiServer.Dissolved), await LoadedHereAsync("{ status: { eq: DISSOLVED } }"));
        Assert.Equal(Set(FactsApiServer.Dissolved, FactsApiServer.Scottish), await LoadedHereAsync("{ status: { in: [ACTIVE, DISSOLVED] } }"));
        Assert.Equal(Where(all, o => Text(o, "status") != "DISSOLVED"), await LoadedHereAsync("{ status: { neq: DISSOLVED } }"));
        Assert.Equal(Where(all, o => Text(o, "status") is null), await LoadedHereAsync("{ status: { eq: null } }"));
    }

    [SkippableFact]
    public async Task Dates_FilterWithComparisons_AndRecordsWithoutADateMatchOnlyNeqAndNin()
    {
        var all = await EveryOrganisationLoadedHereAsync();
        DateOnly? Incorporated(JsonNode o) => Text(o, "incorporatedOn") is { } d ? DateOnly.Parse(d, System.Globalization.CultureInfo.InvariantCulture) : null;

        Assert.Equal(Set(FactsApiServer.Welsh, FactsApiServer.Scottish), await LoadedHereAsync("""{ incorporatedOn: { gte: "2005-03-03" } }"""));
        Assert.Equal(Set(FactsApiServer.Scottish), await LoadedHereAsync("""{ incorporatedOn: { gt: "2005-03-03" } }"""));
        Assert.Equal(Set(FactsApiServer.Dissolved, FactsApiServer.Welsh), await LoadedHereAsync("""{ incorporatedOn: { lte: "2005-03-03" } }"""));
        Assert.Equal(Set(FactsApiServer.Dissolved), await LoadedHereAsync("""{ incorporatedOn: { lt: "2005-03-03" } }"""));
        Assert.Equal(Set(FactsApiServer.Welsh), await LoadedHereAsync("""{ incorporatedOn: { eq: "2005-03-03" } }"""));
        Assert.Equal(Set(FactsApiServer.Dissolved, FactsApiServer.Scottish), await LoadedHereAsync("""{ incorporatedOn: { in: ["1998-04-01", "2010-01-15"] } }"""));
        Assert.Equal(Set(FactsApiServer.Dissolved), await LoadedHereAsync("""{ dissolvedOn: { gt: "2000-01-01", lt: "2020-01-01" } }"""));
        Assert.Equal(Where(all, o => Incorporated(o) != new DateOnly(2005, 3, 3)), await LoadedHereAsync("""{ incorporatedOn: { neq: "2005-03-03" } }"""));
        Assert.Equal(Where(all, o => Incorporated(o) != new DateOnly(2005, 3, 3) && Incorporated(o) != new DateOnly(1998, 4, 1)),
            await LoadedHereAsync("""{ incorporatedOn: { nin: ["2005-03-03", "1998-04-01"] } }"""));
    }

    [SkippableFact]
    public async Task Dates_ThatAreNotDates_AreRefusedWhileTheRequestIsValidated()
    {
        server.SkipIfUnavailable();
        using var response = await server.PostAsync("""{ organisations(where: { incorporatedOn: { gt: "2005-13-45" } }) { totalCount } }""");

        Assert.Equal(400, (int)response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!;
        Assert.Equal("ARGUMENTS_OF_CORRECT_TYPE", error["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains("DateOnly", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task TextFacts_FilterAsOtherTextDoes()
    {
        var all = await EveryOrganisationLoadedHereAsync();

        Assert.Equal(Set(FactsApiServer.Welsh), await LoadedHereAsync("""{ sector: { eq: "Housing" } }"""));
        Assert.Equal(Set(FactsApiServer.Scottish), await LoadedHereAsync("""{ sector: { contains: "SOCIAL CARE" } }"""));
        Assert.Equal(Set(FactsApiServer.Scottish), await LoadedHereAsync("""{ sicCode: { startsWith: "87" } }"""));
        Assert.Equal(Set(FactsApiServer.Dissolved), await LoadedHereAsync("""{ sicCode: { eq: "47110" } }"""));
        Assert.Equal(Set(FactsApiServer.Scottish), await LoadedHereAsync("""{ nation: { eq: "Scotland" } }"""));
        Assert.Equal(Where(all, o => Text(o, "nation") == "England"), await LoadedHereAsync("""{ nation: { eq: "England" } }"""));
        Assert.Equal(Set(FactsApiServer.Dissolved), await LoadedHereAsync("""{ postcode: { startsWith: "ne1 " } }"""));
        Assert.Equal(Set(FactsApiServer.Dissolved), await LoadedHereAsync("""{ region: { eq: "North East" }, nation: { eq: "England" } }"""));
        Assert.Equal(Where(all, o => Text(o, "region") == "Wales"), await LoadedHereAsync("""{ region: { eq: "Wales" } }"""));
    }

    [SkippableTheory]
    [InlineData("""{ formerNames: { eq: "NLWC Ltd" } }""", new[] { FactsApiServer.Dissolved })]
    [InlineData("""{ formerNames: { eq: "nlwc ltd" } }""", new string[0])]
    [InlineData("""{ formerNames: { eq: "NLWC" } }""", new string[0])]
    [InlineData("""{ formerNames: { eq: "Northern Lights Workers Co-op\nNLWC Ltd" } }""", new string[0])]
    [InlineData("""{ formerNames: { in: ["Nobody", "Northern Lights Workers Co-op"] } }""", new[] { FactsApiServer.Dissolved })]
    [InlineData("""{ formerNames: { contains: "workers" } }""", new[] { FactsApiServer.Dissolved })]
    [InlineData("""{ formerNames: { startsWith: "nlwc" } }""", new[] { FactsApiServer.Dissolved })]
    [InlineData("""{ formerNames: { startsWith: "ltd" } }""", new string[0])]
    [InlineData("""{ formerNames: { endsWith: "CO-OP" } }""", new[] { FactsApiServer.Dissolved })]
    [InlineData("""{ formerNames: { endsWith: "workers" } }""", new string[0])]
    [InlineData("""{ alternativeNames: { eq: "HCC" } }""", new[] { FactsApiServer.Scottish })]
    [InlineData("""{ alternativeNames: { eq: "Northern Lights" }, formerNames: { contains: "nlwc" } }""", new[] { FactsApiServer.Dissolved })]
    public async Task OtherNames_EqMatchesOneWholeNameExactly_TextSearchesMatchWithinAnyName(string where, string[] expected)
    {
        Assert.Equal(expected.ToHashSet(), await OrganisationsAsync(where));
    }

    [SkippableFact]
    public async Task OtherNames_NegationsHoldWhenNoNameMatches_AlsoWithoutNames()
    {
        var all = await EveryOrganisationAsync();
        bool HasFormer(JsonNode o, Func<string, bool> name) => o["formerNames"]!.AsArray().Any(n => name(n!.GetValue<string>()));

        Assert.Equal(Where(all, o => !HasFormer(o, n => n == "NLWC Ltd")), await OrganisationsAsync("""{ formerNames: { neq: "NLWC Ltd" } }"""));
        Assert.Equal(Where(all, o => !HasFormer(o, n => n.Contains("workers", StringComparison.OrdinalIgnoreCase))), await OrganisationsAsync("""{ formerNames: { ncontains: "workers" } }"""));
        Assert.Equal(Where(all, o => !HasFormer(o, n => n.StartsWith("nlwc", StringComparison.OrdinalIgnoreCase))), await OrganisationsAsync("""{ formerNames: { nstartsWith: "nlwc" } }"""));
        Assert.Equal(Where(all, o => o["formerNames"]!.AsArray().Count == 0), await OrganisationsAsync("""{ formerNames: { eq: null } }"""));
        Assert.Contains(FactsApiServer.Bare, await OrganisationsAsync("""{ formerNames: { nin: ["NLWC Ltd"] } }"""));
    }

    [SkippableFact]
    public async Task FundersAndModels_OtherNames_FilterAsOrganisationsDo()
    {
        Assert.Equal(["big-society-capital"], await KeysAsync("funders", """where: { formerNames: { eq: "Big Society Capital" } }"""));
        Assert.Equal(["mhclg"], await KeysAsync("funders", """where: { alternativeNames: { eq: "MHCLG" } }"""));
        Assert.Equal(["mhclg"], await KeysAsync("funders", """where: { formerNames: { startsWith: "department for communities" } }"""));
        Assert.Equal([FactsApiServer.Model], await KeysAsync("models", """where: { alternativeNames: { eq: "PfS" } }"""));
        Assert.Equal([FactsApiServer.Model], await KeysAsync("models", """where: { sector: { contains: "homelessness" } }"""));

        var model = (await NodesAsync($$"""{ models(where: { key: { eq: "{{FactsApiServer.Model}}" } }) { nodes { alternativeNames sector } } }"""))[0]!;
        Assert.Equal(["Pay for success", "PfS"], model["alternativeNames"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("Homelessness; Health", Text(model, "sector"));
        var funder = (await NodesAsync("""{ funders(where: { key: { eq: "big-society-capital" } }) { nodes { name formerNames alternativeNames } } }"""))[0]!;
        Assert.Equal("Better Society Capital", Text(funder, "name"));
        Assert.Equal(["Big Society Capital"], funder["formerNames"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Empty(funder["alternativeNames"]!.AsArray());
    }

    [SkippableTheory]
    [InlineData("status")]
    [InlineData("incorporatedOn")]
    [InlineData("dissolvedOn")]
    [InlineData("nation")]
    [InlineData("region")]
    [InlineData("sector")]
    public async Task Sorts_OrderByTheValue_InOrdinalOrder_WithoutOneLast_ThenByKey(string field)
    {
        foreach (var direction in (string[])["ASC", "DESC"])
        {
            var nodes = await NodesAsync($"{{ organisations(first: 200, order: [{{ {field}: {direction} }}]) {{ nodes {{ key {field} }} }} }}");
            var rows = nodes.Select(n => (Key: n!["key"]!.GetValue<string>(), Value: Text(n!, field))).ToList();
            var expected = (direction == "ASC"
                    ? rows.OrderBy(r => r.Value is null).ThenBy(r => r.Value, StringComparer.Ordinal)
                    : rows.OrderBy(r => r.Value is null).ThenByDescending(r => r.Value, StringComparer.Ordinal))
                .ThenBy(r => r.Key, StringComparer.Ordinal);
            Assert.Equal(expected.Select(r => r.Key), rows.Select(r => r.Key));
            Assert.Contains(rows, r => r.Value is not null);
        }
    }

    [SkippableFact]
    public async Task Facets_ByStatusNationSectorAndRegion_CountEveryMatchingOrganisation()
    {
        const string where = """{ or: [{ nation: { neq: null } }, { key: { eq: "test-bare" } }] }""";
        var data = await QueryAsync($$"""
            { organisations(first: 1, where: {{where}}) { totalCount facets { status { value count } nation { value count } sector { value count } region { value count } } }
              all: organisations(first: 200, where: {{where}}) { nodes { status nation sector region } } }
            """);
        var facets = data["organisations"]!["facets"]!;
        var all = data["all"]!["nodes"]!.AsArray();

        Assert.Equal(all.Count, data["organisations"]!["totalCount"]!.GetValue<int>());
        foreach (var field in (string[])["status", "nation", "sector", "region"])
        {
            Assert.Equal(
                all.GroupBy(o => Text(o!, field) ?? "(none)").ToDictionary(g => g.Key, g => g.Count()),
                facets[field]!.AsArray().ToDictionary(f => Text(f!, "value") ?? "(none)", f => f!["count"]!.GetValue<int>()));
        }

        Assert.Contains(facets["status"]!.AsArray(), f => Text(f!, "value") == "DISSOLVED" && f!["count"]!.GetValue<int>() == 1);
    }

    [SkippableFact]
    public async Task FunderAndOrganisation_OfOneBody_SeeEachOther_AndFilterByEachOther()
    {
        var data = await QueryAsync($$"""
            { funders(where: { alternativeNames: { eq: "MHCLG" } }) { nodes { key organisation { key name funder { key } } } }
              organisations(where: { key: { eq: "{{FactsApiServer.MhclgOrganisation}}" } }) { nodes { funder { key alternativeNames organisation { key } } } }
              seeded: funders(where: { key: { eq: "big-society-capital" } }) { nodes { organisation { key formerNames } } }
              others: funders(first: 200, where: { key: { nin: ["mhclg", "big-society-capital"] } }) { nodes { organisation { key } } } }
            """);

        var funder = data["funders"]!["nodes"]![0]!;
        Assert.Equal("mhclg", Text(funder, "key"));
        Assert.Equal(FactsApiServer.MhclgOrganisation, Text(funder["organisation"]!, "key"));
        Assert.Equal("mhclg", Text(funder["organisation"]!["funder"]!, "key"));
        var organisation = data["organisations"]!["nodes"]![0]!;
        Assert.Equal(["MHCLG"], organisation["funder"]!["alternativeNames"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(FactsApiServer.MhclgOrganisation, Text(organisation["funder"]!["organisation"]!, "key"));
        // The seed links its own funder and organisation of one body: Better Society Capital, formerly Big Society Capital.
        var seeded = data["seeded"]!["nodes"]![0]!["organisation"]!;
        Assert.Equal("better-society-capital", Text(seeded, "key"));
        Assert.Equal(["Big Society Capital"], seeded["formerNames"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.All(data["others"]!["nodes"]!.AsArray(), f => Assert.Null(f!["organisation"]));

        Assert.Equal(["mhclg"], await KeysAsync("funders", """where: { organisation: { nation: { eq: "England" } } }"""));
        Assert.Empty(await KeysAsync("funders", """where: { organisation: { nation: { eq: "Wales" } } }"""));
    }

    [SkippableFact]
    public async Task DerivedRelationships_CarryTheirRuleAndReadValue_StatedOnesNone()
    {
        var model = (await NodesAsync($$"""
            { models(where: { key: { eq: "{{FactsApiServer.Model}}" } }) { nodes {
                organisations { key }
                participations { role roleDetail rule readValue organisation { key } }
                fundings { rule readValue funder { key } } } } }
            """))[0]!;

        Assert.Equal([FactsApiServer.Scottish], model["organisations"]!.AsArray().Select(o => Text(o!, "key")));
        var participations = model["participations"]!.AsArray().ToDictionary(p => Text(p!["organisation"]!, "key")!);
        Assert.Equal(("INVESTOR", "Investor (Social investment fund)", FactsApiServer.Rule, "Investor (Social investment fund)"),
            (Text(participations[FactsApiServer.Dissolved]!, "role"), Text(participations[FactsApiServer.Dissolved]!, "roleDetail"),
             Text(participations[FactsApiServer.Dissolved]!, "rule"), Text(participations[FactsApiServer.Dissolved]!, "readValue")));
        Assert.Equal("SERVICE_PROVIDER", Text(participations[FactsApiServer.Scottish]!, "role"));
        Assert.Null(Text(participations[FactsApiServer.Scottish]!, "rule"));
        Assert.Null(Text(participations[FactsApiServer.Scottish]!, "readValue"));
        var funding = Assert.Single(model["fundings"]!.AsArray());
        Assert.Equal(("test-crosswalk/outcome-payers", "Outcome payer"), (Text(funding!, "rule"), Text(funding!, "readValue")));

        Assert.Equal([FactsApiServer.Model], await KeysAsync("models", $$"""where: { participations: { some: { rule: { eq: "{{FactsApiServer.Rule}}" } } } }"""));
        Assert.Equal([FactsApiServer.Dissolved], await KeysAsync("organisations", """where: { participations: { some: { role: { eq: INVESTOR }, readValue: { contains: "social investment" } } } }"""));
        Assert.Equal([FactsApiServer.Model], await KeysAsync("models", """where: { fundings: { some: { rule: { neq: null } } } }"""));
        // Every seed participation is stated by a source, so none has a rule.
        Assert.DoesNotContain("social-impact-bond", await KeysAsync("models", """where: { participations: { some: { rule: { neq: null } } } }"""));
    }

    [SkippableFact]
    public async Task Neighbourhood_FollowsTakesPartIn_AndShowsTheRoleAndRuleOfEachRelationship()
    {
        var id = SocialEconomy.Api.Relay.GlobalId.Encode(NodeKind.Model, FactsApiServer.Model);
        var data = await QueryAsync($$"""
            { all: neighbourhood(id: "{{id}}", depth: 1) { relationships { type roleKind role rule readValue from { ... on Organisation { key } ... on Funder { key } } } }
              runs: neighbourhood(id: "{{id}}", depth: 1, relationships: [RUNS]) { nodes { node { ... on Organisation { key } ... on Model { key } } } }
              takesPartIn: neighbourhood(id: "{{id}}", depth: 1, relationships: [TAKES_PART_IN]) { nodes { node { ... on Organisation { key } ... on Model { key } } } } }
            """);

        var relationships = data["all"]!["relationships"]!.AsArray().ToDictionary(r => Text(r!, "type")!);
        Assert.Equal(["FUNDS", "RUNS", "TAKES_PART_IN"], relationships.Keys.Order(StringComparer.Ordinal));
        var takesPart = relationships["TAKES_PART_IN"]!;
        Assert.Equal((FactsApiServer.Dissolved, "INVESTOR", FactsApiServer.Rule), (Text(takesPart["from"]!, "key"), Text(takesPart, "roleKind"), Text(takesPart, "rule")));
        Assert.Equal("SERVICE_PROVIDER", Text(relationships["RUNS"]!, "roleKind"));
        Assert.Null(Text(relationships["RUNS"]!, "rule"));
        Assert.Equal("Outcome payer", Text(relationships["FUNDS"]!, "readValue"));
        Assert.Null(Text(relationships["FUNDS"]!, "roleKind"));

        static List<string?> Keys(JsonNode neighbourhood) => [.. neighbourhood["nodes"]!.AsArray().Select(n => Text(n!["node"]!, "key")).Order(StringComparer.Ordinal)];
        Assert.Equal([FactsApiServer.Scottish, FactsApiServer.Model], Keys(data["runs"]!));
        Assert.Equal([FactsApiServer.Dissolved, FactsApiServer.Model], Keys(data["takesPartIn"]!));
    }

    [SkippableTheory]
    [InlineData("NLWC", FactsApiServer.Dissolved, "formerNames")]
    [InlineData("Northern Lights Workers", FactsApiServer.Dissolved, "name")]
    [InlineData("HCC", FactsApiServer.Scottish, "alternativeNames")]
    [InlineData("pay for success", FactsApiServer.Model, "alternativeNames")]
    public async Task Search_FindsRecordsLoadedWithOtherNames_ByThoseNames(string query, string key, string firstField)
    {
        var search = (await QueryAsync($$"""
            { search(query: "{{query}}", first: 5) { edges { highlights { field snippet } node { ... on Organisation { key } ... on Model { key } } } } }
            """))["search"]!["edges"]!.AsArray();

        var top = search[0]!;
        Assert.Equal(key, Text(top["node"]!, "key"));
        Assert.Equal(firstField, Text(top["highlights"]![0]!, "field"));
    }
}

public sealed class SqliteOrganisationFactsTests(SqliteFactsApiServer server) : OrganisationFactsTests<SqliteFactsApiServer>(server);

public sealed class PostgresOrganisationFactsTests(PostgresFactsApiServer server) : OrganisationFactsTests<PostgresFactsApiServer>(server);
