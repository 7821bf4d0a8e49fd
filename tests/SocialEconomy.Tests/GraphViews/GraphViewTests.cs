using System.Text;
using System.Text.Json.Nodes;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.GraphViews;

/// <summary>
/// neighbourhood, paths, comparableModels and evidenceMap against facts computed here from the seed-data files,
/// their bounds, and bad ids; on both stores.
/// </summary>
public abstract class GraphViewTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : ApiServer
{
    private const string KeyFragment = """
        fragment K on Node { id ... on Organisation { key } ... on Model { key } ... on ChallengeArea { key } ... on Funder { key } ... on Outcome { key } ... on Evidence { key } }
        """;

    private const string RelationshipFields = "type year instrument from { ...K } to { ...K }";

    private static SeedGraph Seed => SeedGraph.Instance;

    [SkippableFact]
    public async Task Neighbourhood_TwoHops_IsExactlyWhatTheSeedDataLinksWithinTwoHops()
    {
        server.SkipIfUnavailable();
        var data = await DataAsync($$"""
            query($id: ID!) { neighbourhood(id: $id, depth: 2, limit: 500) {
                depth truncated node { ...K } nodes { distance node { ...K } } relationships { id {{RelationshipFields}} sources { url } } } }
            {{KeyFragment}}
            """, new { id = Id("Organisation", "gm-homes-partnership") });

        var expected = Distances("gm-homes-partnership", 2, null);
        var neighbourhood = data["neighbourhood"]!;
        Assert.False(neighbourhood["truncated"]!.GetValue<bool>());
        Assert.Equal("gm-homes-partnership", Key(neighbourhood["node"]));
        var nodes = neighbourhood["nodes"]!.AsArray().Select(n => (Key: Key(n!["node"]), Distance: n["distance"]!.GetValue<int>())).ToList();
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), nodes.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => new KeyValuePair<string, int>(n.Key, n.Distance)));
        Assert.Equal(("gm-homes-partnership", 0), nodes[0]);
        Assert.Equal(nodes.OrderBy(n => n.Distance).ThenBy(n => n.Key, StringComparer.Ordinal), nodes);

        var inside = expected.Keys.ToHashSet();
        var relationships = neighbourhood["relationships"]!.AsArray();
        Assert.Equal(
            Seed.Edges.Where(e => inside.Contains(e.From) && inside.Contains(e.To)).Select(e => e.Identity).Order().ToList(),
            relationships.Select(Identity).Order().ToList());
        Assert.Equal(relationships.Count, relationships.Select(r => r!["id"]!.GetValue<string>()).Distinct().Count());
        Assert.All(relationships, r => Assert.NotEmpty(r!["sources"]!.AsArray()));
    }

    [SkippableFact]
    public async Task Neighbourhood_OfChosenTypes_FollowsOnlyThoseTypes()
    {
        server.SkipIfUnavailable();
        string[] types = ["RUNS", "FUNDS"];
        var data = await DataAsync($$"""
            query($id: ID!) { neighbourhood(id: $id, depth: 3, relationships: [RUNS, FUNDS], limit: 500) {
                truncated nodes { distance node { ...K } } relationships { {{RelationshipFields}} } } }
            {{KeyFragment}}
            """, new { id = Id("Model", "housing-first") });

        var expected = Distances("housing-first", 3, types);
        var nodes = data["neighbourhood"]!["nodes"]!.AsArray().ToDictionary(n => Key(n!["node"]), n => n!["distance"]!.GetValue<int>());
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), nodes.OrderBy(e => e.Key, StringComparer.Ordinal));
        Assert.All(data["neighbourhood"]!["relationships"]!.AsArray(), r => Assert.Contains(r!["type"]!.GetValue<string>(), types));
    }

    /// <summary>Types that never touch the centre leave it alone, its own fields read all the same.</summary>
    [SkippableFact]
    public async Task Neighbourhood_OfTypesTheCentreCannotHave_IsTheCentreAlone()
    {
        server.SkipIfUnavailable();
        var data = await DataAsync($$"""
            query($id: ID!) { neighbourhood(id: $id, depth: 2, relationships: [REPORTS, EVIDENCE_IN]) {
                truncated node { ...K } nodes { distance node { ...K } } relationships { {{RelationshipFields}} sources { url } } } }
            {{KeyFragment}}
            """, new { id = Id("Model", "housing-first") });

        var neighbourhood = data["neighbourhood"]!;
        Assert.False(neighbourhood["truncated"]!.GetValue<bool>());
        Assert.Equal("housing-first", Key(neighbourhood["node"]));
        Assert.Equal([("housing-first", 0)], neighbourhood["nodes"]!.AsArray().Select(n => (Key(n!["node"]), n!["distance"]!.GetValue<int>())));
        Assert.Empty(neighbourhood["relationships"]!.AsArray());
    }

    [SkippableFact]
    public async Task Neighbourhood_Limit_KeepsTheNearestNodesAndSaysItIsTruncated()
    {
        server.SkipIfUnavailable();
        var data = await DataAsync($$"""
            query($id: ID!) { neighbourhood(id: $id, depth: 2, limit: 6) { truncated nodes { distance node { ...K } } relationships { {{RelationshipFields}} } } }
            {{KeyFragment}}
            """, new { id = Id("Organisation", "gm-homes-partnership") });

        var expected = Distances("gm-homes-partnership", 2, null);
        var nearestFive = expected.Where(e => e.Value == 1).Select(e => e.Key).Order(StringComparer.Ordinal).Take(5);
        var neighbourhood = data["neighbourhood"]!;
        Assert.True(neighbourhood["truncated"]!.GetValue<bool>());
        var nodes = neighbourhood["nodes"]!.AsArray().Select(n => Key(n!["node"])).ToList();
        Assert.Equal(["gm-homes-partnership", .. nearestFive], nodes);
        Assert.All(neighbourhood["relationships"]!.AsArray(), r => Assert.True(nodes.Contains(Key(r!["from"])) && nodes.Contains(Key(r["to"]))));
    }

    [SkippableTheory]
    [InlineData("depth: 4", "DEPTH_OUT_OF_RANGE")]
    [InlineData("depth: -1", "DEPTH_OUT_OF_RANGE")]
    [InlineData("limit: 0", "LIMIT_OUT_OF_RANGE")]
    [InlineData("limit: 501", "LIMIT_OUT_OF_RANGE")]
    public async Task Neighbourhood_OutOfBounds_IsAnErrorWithACode(string argument, string code)
    {
        server.SkipIfUnavailable();
        await AssertErrorAsync($"query($id: ID!) {{ neighbourhood(id: $id, {argument}) {{ truncated }} }}", new { id = Id("Model", "housing-first") }, code);
    }

    [SkippableFact]
    public async Task Paths_AreEverySimplePathWithinTheHops_ShortestFirst()
    {
        server.SkipIfUnavailable();
        var paths = await PathsAsync("Model", "housing-first", "Organisation", "shelter", 3, null, 100);

        var expected = SimplePaths("housing-first", "shelter", 3, null);
        Assert.True(expected.Count is > 0 and < 100, $"the seed data should connect them in fewer than 100 ways ({expected.Count})");
        Assert.Equal(expected.Select(Describe).Order(StringComparer.Ordinal), paths.Select(Describe).Order(StringComparer.Ordinal));
        Assert.Equal(paths.Select(p => p.Count).Order(), paths.Select(p => p.Count));
        Assert.Equal(expected.Min(p => p.Count), paths[0].Count);
    }

    [SkippableFact]
    public async Task Paths_First_ReturnsTheShortestOnes()
    {
        server.SkipIfUnavailable();
        var all = await PathsAsync("Model", "housing-first", "Organisation", "shelter", 3, null, 100);
        var firstFive = await PathsAsync("Model", "housing-first", "Organisation", "shelter", 3, null, 5);

        Assert.Equal(all.Take(5).Select(Describe), firstFive.Select(Describe));
        Assert.True(firstFive.Max(p => p.Count) <= all.Skip(5).Min(p => p.Count));
    }

    [SkippableFact]
    public async Task Paths_OfChosenTypes_FollowOnlyThoseTypes()
    {
        server.SkipIfUnavailable();
        var paths = await PathsAsync("Model", "housing-first", "Organisation", "shelter", 4, ["RUNS"], 100);

        Assert.Equal(SimplePaths("housing-first", "shelter", 4, ["RUNS"]).Select(Describe).Order(StringComparer.Ordinal), paths.Select(Describe).Order(StringComparer.Ordinal));
        Assert.All(paths.SelectMany(p => p), step => Assert.Equal("RUNS", step.Type));
    }

    [SkippableFact]
    public async Task Paths_BetweenANodeAndItself_IsOnePathOfLengthZero_AndUnconnectedNodesHaveNone()
    {
        server.SkipIfUnavailable();
        var itself = await DataAsync($"query($id: ID!) {{ paths(from: $id, to: $id) {{ length nodes {{ ...K }} relationships {{ type }} }} }} {KeyFragment}",
            new { id = Id("Model", "housing-first") });
        var path = Assert.Single(itself["paths"]!.AsArray());
        Assert.Equal(0, path!["length"]!.GetValue<int>());
        Assert.Equal("housing-first", Key(Assert.Single(path["nodes"]!.AsArray())));

        // The seed data links nothing about homelessness to the top-level area itself, only to its sub-areas.
        Assert.Empty(SimplePaths("housing-first", "homelessness", 2, null));
        Assert.Empty(await PathsAsync("Model", "housing-first", "ChallengeArea", "homelessness", 2, null, 10));
    }

    [SkippableTheory]
    [InlineData("maxHops: 0", "HOPS_OUT_OF_RANGE")]
    [InlineData("maxHops: 7", "HOPS_OUT_OF_RANGE")]
    [InlineData("first: 101", "PAGE_SIZE_OUT_OF_RANGE")]
    [InlineData("first: -1", "PAGE_SIZE_OUT_OF_RANGE")]
    public async Task Paths_OutOfBounds_IsAnErrorWithACode(string argument, string code)
    {
        server.SkipIfUnavailable();
        await AssertErrorAsync($"query($a: ID!, $b: ID!) {{ paths(from: $a, to: $b, {argument}) {{ length }} }}",
            new { a = Id("Model", "housing-first"), b = Id("Organisation", "shelter") }, code);
    }

    [SkippableFact]
    public async Task ComparableModels_RankAndReasons_FollowTheStatedFormulaOverTheSeedData()
    {
        server.SkipIfUnavailable();
        var data = await DataAsync("""
            query($id: ID!) { comparableModels(to: $id, first: 10) { score model { key }
                reasons { sharedChallengeAreas { key } sharedOutcomes { key } sharedFunders { key } sameFamily bestEvidenceLevel challengeAreaOverlap outcomeOverlap funderOverlap } } }
            """, new { id = Id("Model", "housing-first") });

        var expected = Comparisons("housing-first").Take(10).ToList();
        var actual = data["comparableModels"]!.AsArray();
        Assert.Equal(expected.Select(e => e.Model), actual.Select(a => a!["model"]!["key"]!.GetValue<string>()));
        foreach (var (e, a) in expected.Zip(actual))
        {
            var reasons = a!["reasons"]!;
            Assert.Equal(Math.Round(e.Score, 4), a["score"]!.GetValue<double>());
            Assert.Equal(e.SharedAreas, Keys(reasons["sharedChallengeAreas"]));
            Assert.Equal(e.SharedOutcomes, Keys(reasons["sharedOutcomes"]));
            Assert.Equal(e.SharedFunders, Keys(reasons["sharedFunders"]));
            Assert.Equal(e.SameFamily, reasons["sameFamily"]!.GetValue<bool>());
            Assert.Equal(e.BestLevel, reasons["bestEvidenceLevel"]?.GetValue<int>());
            Assert.Equal(Math.Round(e.AreaOverlap, 4), reasons["challengeAreaOverlap"]!.GetValue<double>());
        }
    }

    [SkippableFact]
    public async Task ComparableModels_Filters_KeepOnlyModelsWithStrongEvidenceRunInTheRegion()
    {
        server.SkipIfUnavailable();
        var data = await DataAsync("""
            query($id: ID!) {
              strong: comparableModels(to: $id, first: 100, where: { minEvidenceLevel: 3 }) { model { key } }
              northWest: comparableModels(to: $id, first: 100, where: { region: "north west" }) { model { key } }
              both: comparableModels(to: $id, first: 100, where: { minEvidenceLevel: 2, region: "North West", families: [OUTCOMES_PARTNERSHIP, SERVICE_MODEL] }) { model { key } }
            }
            """, new { id = Id("Model", "housing-first") });

        var all = Comparisons("housing-first");
        bool RunIn(string model, string region) => Seed.OfType("RUNS").Any(r => r.To == model && string.Equals(Seed.OrganisationRegions[r.From], region, StringComparison.OrdinalIgnoreCase));
        List<string> Keys(string alias) => [.. data[alias]!.AsArray().Select(m => m!["model"]!["key"]!.GetValue<string>())];

        Assert.Equal(all.Where(c => c.BestLevel >= 3).Select(c => c.Model), Keys("strong"));
        Assert.Equal(all.Where(c => RunIn(c.Model, "North West")).Select(c => c.Model), Keys("northWest"));
        Assert.Equal(
            all.Where(c => c.BestLevel >= 2 && RunIn(c.Model, "North West") && Seed.ModelFamilies[c.Model] is "OUTCOMES_PARTNERSHIP" or "SERVICE_MODEL").Select(c => c.Model),
            Keys("both"));
        Assert.NotEmpty(Keys("strong"));
        Assert.NotEmpty(Keys("northWest"));
    }

    [SkippableFact]
    public async Task EvidenceMap_OfAnArea_CountsEachCellFromTheSeedData_AndListsEveryGap()
    {
        server.SkipIfUnavailable();
        var data = await DataAsync("""
            query($id: ID!) { evidenceMap(within: $id) { challengeAreas { key } outcomes { key } gapCount
                cells { challengeArea { key } outcome { key } evidenceCount isGap bestRating { scale level } effects { positive noEffect negative mixed unstated } evidence { key }
                    evidenceWithoutFindingCount evidenceWithoutFinding { key } } } }
            """, new { id = Id("ChallengeArea", "homelessness") });

        var map = data["evidenceMap"]!;
        var rows = Seed.Subtree("homelessness");
        var rowKeys = Keys(map["challengeAreas"]);
        Assert.Equal(["homelessness", .. rows.Where(r => r != "homelessness").Order(StringComparer.Ordinal)], rowKeys);

        var expectedCells = rowKeys.SelectMany(r => Seed.OutcomeNames.Keys.Select(o => Cell(r, o, rollUp: true))).Where(c => c.Evidence.Count > 0).ToList();
        var columns = Seed.OfType("OUTCOME_IN").Where(e => rows.Contains(e.To)).Select(e => e.From)
            .Union(expectedCells.Select(c => c.Outcome))
            .OrderBy(o => Seed.OutcomeNames[o], StringComparer.Ordinal).ThenBy(o => o, StringComparer.Ordinal).ToList();
        Assert.Equal(columns, Keys(map["outcomes"]));

        var cells = map["cells"]!.AsArray();
        Assert.Equal(rowKeys.SelectMany(r => columns.Select(c => (r, c))), cells.Select(c => (Key(c!["challengeArea"]), Key(c["outcome"]))));
        Assert.Equal(cells.Count - expectedCells.Count, map["gapCount"]!.GetValue<int>());
        foreach (var cell in cells)
        {
            var expected = Cell(Key(cell!["challengeArea"]), Key(cell["outcome"]), rollUp: true);
            Assert.Equal(expected.Evidence.Count, cell["evidenceCount"]!.GetValue<int>());
            Assert.Equal(expected.Evidence.Count == 0, cell["isGap"]!.GetValue<bool>());
            Assert.Equal(expected.Evidence.Order(StringComparer.Ordinal), Keys(cell["evidence"]).Order(StringComparer.Ordinal));
            Assert.Equal(expected.Effects, (
                cell["effects"]!["positive"]!.GetValue<int>(), cell["effects"]!["noEffect"]!.GetValue<int>(), cell["effects"]!["negative"]!.GetValue<int>(),
                cell["effects"]!["mixed"]!.GetValue<int>(), cell["effects"]!["unstated"]!.GetValue<int>()));
            Assert.Equal(expected.Best, cell["bestRating"] is { } best ? (best["scale"]!.GetValue<string>(), best["level"]!.GetValue<int>()) : null);
            AssertWithoutFinding(cell, rollUp: true);
        }

        Assert.Contains(cells, c => c!["evidenceCount"]!.GetValue<int>() > 0);
        Assert.Contains(cells, c => c!["isGap"]!.GetValue<bool>());
        // Gaps whose area has evidence with no finding recorded at all, which the map tells apart from a plain gap.
        Assert.Contains(cells, c => c!["isGap"]!.GetValue<bool>() && c["evidenceWithoutFindingCount"]!.GetValue<int>() > 0);
    }

    /// <summary>
    /// A cell's evidence without findings is the evidence about its area (rolled up, beneath it too) that records no
    /// finding on any outcome, ordered by rating level, then key.
    /// </summary>
    private static void AssertWithoutFinding(JsonNode cell, bool rollUp)
    {
        var area = Key(cell["challengeArea"]);
        var areas = rollUp ? Seed.Subtree(area) : [area];
        var reporting = Seed.OfType("REPORTS").Select(f => f.From).ToHashSet(StringComparer.Ordinal);
        var expected = Seed.OfType("EVIDENCE_IN").Where(e => areas.Contains(e.To) && !reporting.Contains(e.From)).Select(e => e.From).Distinct()
            .OrderByDescending(e => Seed.Ratings.TryGetValue(e, out var rating) ? rating.Level : 0).ThenBy(e => e, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Count, cell["evidenceWithoutFindingCount"]!.GetValue<int>());
        Assert.Equal(expected, Keys(cell["evidenceWithoutFinding"]));
    }

    [SkippableFact]
    public async Task EvidenceMap_WithoutRollUp_AndChosenOutcomes_CountsOnlyEvidenceAboutExactlyEachArea()
    {
        server.SkipIfUnavailable();
        string[] outcomes = ["tenancy-sustainment", "settled-accommodation"];
        var data = await DataAsync("""
            query($id: ID!, $outcomes: [ID!]) { evidenceMap(within: $id, outcomes: $outcomes, rollUp: false) { outcomes { key }
                cells(include: EVIDENCED) { challengeArea { key } outcome { key } evidenceCount evidence { key } }
                gaps: cells(include: GAPS) { challengeArea { key } outcome { key } evidenceWithoutFindingCount evidenceWithoutFinding { key } } } }
            """, new { id = Id("ChallengeArea", "homelessness"), outcomes = outcomes.Select(o => Id("Outcome", o)).ToArray() });

        var map = data["evidenceMap"]!;
        Assert.Equal(outcomes, Keys(map["outcomes"]));
        var expected = Seed.Subtree("homelessness").SelectMany(r => outcomes.Select(o => Cell(r, o, rollUp: false))).Where(c => c.Evidence.Count > 0)
            .Select(c => (c.Area, c.Outcome, c.Evidence.Count)).Order().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, map["cells"]!.AsArray().Select(c => (Key(c!["challengeArea"]), Key(c["outcome"]), c["evidenceCount"]!.GetValue<int>())).Order().ToList());

        // Evidence without findings does not depend on the columns: findings on outcomes that are not columns are read too.
        var gaps = map["gaps"]!.AsArray();
        Assert.NotEmpty(gaps);
        foreach (var gap in gaps)
        {
            AssertWithoutFinding(gap!, rollUp: false);
        }
    }

    [SkippableFact]
    public async Task EvidenceMap_EvidenceWithoutFinding_IsTheAreasEvidenceWithNoFindingOnAnyOutcome_WhateverTheColumns()
    {
        server.SkipIfUnavailable();
        // Domestic abuse has, beneath it, an area whose evidence all reports findings and one with evidence that records none.
        var data = await DataAsync("""
            query($id: ID!, $outcome: ID!) {
              evidenceMap(within: $id, rollUp: false) { cells { ...Cell } }
              oneColumn: evidenceMap(within: $id, outcomes: [$outcome], rollUp: false) { cells { ...Cell } }
              area: node(id: $id) { ... on ChallengeArea { ...Evidence descendants { ...Evidence } } }
            }
            fragment Cell on EvidenceMapCell { challengeArea { key } outcome { key } isGap evidenceWithoutFindingCount evidenceWithoutFinding { key } }
            fragment Evidence on ChallengeArea { key evidence { key rating { level } findings { outcome { key } } } }
            """, new { id = Id("ChallengeArea", "domestic-abuse"), outcome = Id("Outcome", "victims-remain-at-home") });

        // The expectation from the API's own lists: each area's evidence and the findings each item records.
        var areaNodes = new[] { data["area"]! }.Concat(data["area"]!["descendants"]!.AsArray().Select(a => a!)).ToList();
        var evidenceOf = areaNodes.ToDictionary(a => a["key"]!.GetValue<string>(), a => a["evidence"]!.AsArray().Select(e => e!).ToList());
        var withoutFindings = evidenceOf.ToDictionary(a => a.Key, a => a.Value.Where(e => e["findings"]!.AsArray().Count == 0)
            .OrderByDescending(e => e["rating"]?["level"]?.GetValue<int>() ?? 0).ThenBy(e => e["key"]!.GetValue<string>(), StringComparer.Ordinal)
            .Select(e => e["key"]!.GetValue<string>()).ToList());

        foreach (var map in new[] { "evidenceMap", "oneColumn" })
        {
            var cells = data[map]!["cells"]!.AsArray().Select(c => c!).ToList();
            Assert.NotEmpty(cells);
            foreach (var cell in cells)
            {
                var expected = withoutFindings[Key(cell["challengeArea"])];
                Assert.Equal(expected.Count, cell["evidenceWithoutFindingCount"]!.GetValue<int>());
                Assert.Equal(expected, Keys(cell["evidenceWithoutFinding"]));
            }
        }

        var all = data["evidenceMap"]!["cells"]!.AsArray().Select(c => c!).ToList();
        // A gap whose area has an item with no finding recorded on any outcome: its findings may cover the outcome.
        Assert.Contains(all, c => c["isGap"]!.GetValue<bool>() && c["evidenceWithoutFindingCount"]!.GetValue<int>() > 0);
        // A gap whose area has evidence, every item of it reporting on other outcomes: a real gap, nothing without findings.
        Assert.Contains(all, c => c["isGap"]!.GetValue<bool>() && c["evidenceWithoutFindingCount"]!.GetValue<int>() == 0
            && evidenceOf[Key(c["challengeArea"])].Count > 0);
    }

    [SkippableTheory]
    [InlineData("{ neighbourhood(id: \"not-a-global-id\") { truncated } }", "INVALID_ID")]
    [InlineData("{ neighbourhood(id: \"$Model:no-such-model\") { truncated } }", "NODE_NOT_FOUND")]
    [InlineData("{ paths(from: \"$Model:housing-first\", to: \"$Organisation:no-such-organisation\") { length } }", "NODE_NOT_FOUND")]
    [InlineData("{ paths(from: \"\", to: \"$Model:housing-first\") { length } }", "INVALID_ID")]
    [InlineData("{ comparableModels(to: \"$Organisation:shelter\") { score } }", "WRONG_NODE_KIND")]
    [InlineData("{ comparableModels(to: \"$Model:no-such-model\") { score } }", "NODE_NOT_FOUND")]
    [InlineData("{ evidenceMap(within: \"$Model:housing-first\") { gapCount } }", "WRONG_NODE_KIND")]
    [InlineData("{ evidenceMap(within: \"$ChallengeArea:no-such-area\") { gapCount } }", "NODE_NOT_FOUND")]
    [InlineData("{ evidenceMap(outcomes: [\"$Outcome:no-such-outcome\"]) { gapCount } }", "NODE_NOT_FOUND")]
    [InlineData("{ evidenceMap(outcomes: [\"$ChallengeArea:homelessness\"]) { gapCount } }", "WRONG_NODE_KIND")]
    public async Task BadIds_AreErrorsWithACode(string query, string code)
    {
        server.SkipIfUnavailable();
        // "$Kind:key" stands for that node's global id.
        var resolved = System.Text.RegularExpressions.Regex.Replace(query, "\\$(\\w+):([\\w-]+)", m => Id(m.Groups[1].Value, m.Groups[2].Value));
        await AssertErrorAsync(resolved, null, code);
    }

    [SkippableFact]
    public async Task RelationshipIds_AreStableAndAreNotNodeIds()
    {
        server.SkipIfUnavailable();
        const string query = "query($id: ID!) { neighbourhood(id: $id) { relationships { id type } } }";
        var first = await DataAsync(query, new { id = Id("Model", "housing-first") });
        var again = await DataAsync(query, new { id = Id("Model", "housing-first") });
        var ids = first["neighbourhood"]!["relationships"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(ids, again["neighbourhood"]!["relationships"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        var node = await DataAsync("query($id: ID!) { node(id: $id) { id } }", new { id = ids[0] });
        Assert.Null(node["node"]);
    }

    private static string Id(string kind, string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{kind}:{key}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Key(JsonNode? node) => node!["key"]!.GetValue<string>();

    private static List<string> Keys(JsonNode? list) => [.. list!.AsArray().Select(Key)];

    private static (string, string, string, int?, string?) Identity(JsonNode? relationship) =>
        (relationship!["type"]!.GetValue<string>(), Key(relationship["from"]), Key(relationship["to"]),
            relationship["year"]?.GetValue<int>(), relationship["instrument"]?.GetValue<string>());

    private async Task<JsonObject> DataAsync(string query, object? variables)
    {
        var response = await server.QueryAsync(query, variables);
        Assert.True(response["errors"] is null, response["errors"]?.ToJsonString());
        return response["data"]!.AsObject();
    }

    private async Task AssertErrorAsync(string query, object? variables, string code)
    {
        var response = await server.QueryAsync(query, variables);
        var error = Assert.Single(response["errors"]!.AsArray());
        Assert.Equal(code, error!["extensions"]!["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(error["message"]!.GetValue<string>()));
    }

    private async Task<List<List<SeedEdge>>> PathsAsync(string fromKind, string from, string toKind, string to, int maxHops, string[]? types, int first)
    {
        var data = await DataAsync($$"""
            query($from: ID!, $to: ID!, $types: [RelationshipType!]) { paths(from: $from, to: $to, maxHops: {{maxHops}}, relationships: $types, first: {{first}}) {
                length nodes { ...K } relationships { {{RelationshipFields}} } } }
            {{KeyFragment}}
            """, new { from = Id(fromKind, from), to = Id(toKind, to), types });
        var paths = new List<List<SeedEdge>>();
        foreach (var path in data["paths"]!.AsArray())
        {
            var nodes = Keys(path!["nodes"]);
            var steps = path["relationships"]!.AsArray().Select(r => Identity(r)).Select(i => new SeedEdge(i.Item1, i.Item2, i.Item3, i.Item4, i.Item5)).ToList();
            Assert.Equal(steps.Count, path["length"]!.GetValue<int>());
            Assert.Equal(steps.Count + 1, nodes.Count);
            Assert.Equal(from, nodes[0]);
            Assert.Equal(to, nodes[^1]);
            Assert.Equal(nodes.Count, nodes.Distinct().Count());
            for (var i = 0; i < steps.Count; i++)
            {
                Assert.True((steps[i].From, steps[i].To) == (nodes[i], nodes[i + 1]) || (steps[i].To, steps[i].From) == (nodes[i], nodes[i + 1]));
            }

            paths.Add(steps);
        }

        return paths;
    }

    private static string Describe(List<SeedEdge> path) => string.Join(" | ", path.Select(e => e.Identity.ToString()));

    /// <summary>Fewest hops from the start to every node within <paramref name="depth"/>, relationships read both ways.</summary>
    private static Dictionary<string, int> Distances(string start, int depth, string[]? types)
    {
        var distances = new Dictionary<string, int> { [start] = 0 };
        for (var level = 1; level <= depth; level++)
        {
            var frontier = distances.Where(d => d.Value == level - 1).Select(d => d.Key).ToHashSet();
            foreach (var e in Seed.Edges.Where(e => types is null || types.Contains(e.Type)))
            {
                if (frontier.Contains(e.From))
                {
                    distances.TryAdd(e.To, level);
                }

                if (frontier.Contains(e.To))
                {
                    distances.TryAdd(e.From, level);
                }
            }
        }

        return distances;
    }

    /// <summary>Every simple path of at most <paramref name="maxHops"/> relationships, by brute force.</summary>
    private static List<List<SeedEdge>> SimplePaths(string from, string to, int maxHops, string[]? types)
    {
        var edges = Seed.Edges.Where(e => (types is null || types.Contains(e.Type)) && e.From != e.To).ToList();
        var paths = new List<List<SeedEdge>>();
        void Walk(string at, List<string> visited, List<SeedEdge> steps)
        {
            if (at == to)
            {
                paths.Add([.. steps]);
                return;
            }

            if (steps.Count == maxHops)
            {
                return;
            }

            foreach (var e in edges)
            {
                var next = e.From == at ? e.To : e.To == at ? e.From : null;
                if (next is not null && !visited.Contains(next))
                {
                    Walk(next, [.. visited, next], [.. steps, e]);
                }
            }
        }

        Walk(from, [from], []);
        return paths;
    }

    private sealed record Comparison(
        string Model, double Score, List<string> SharedAreas, List<string> SharedOutcomes, List<string> SharedFunders, bool SameFamily, int? BestLevel, double AreaOverlap);

    /// <summary>The schema's formula, applied to the seed data: best first, ties by key.</summary>
    private static List<Comparison> Comparisons(string target)
    {
        HashSet<string> Areas(string m) => Seed.OfType("ADDRESSES").Where(e => e.From == m).Select(e => e.To).ToHashSet();
        HashSet<string> Outcomes(string m) => Seed.OfType("TARGETS").Where(e => e.From == m).Select(e => e.To).ToHashSet();
        HashSet<string> Funders(string m)
        {
            var runners = Seed.OfType("RUNS").Where(e => e.To == m).Select(e => e.From).ToHashSet();
            return Seed.OfType("FUNDS").Where(e => e.To == m || runners.Contains(e.To)).Select(e => e.From).ToHashSet();
        }

        static double Jaccard(HashSet<string> a, HashSet<string> b) => a.Count + b.Count == 0 ? 0 : (double)a.Intersect(b).Count() / a.Union(b).Count();
        static List<string> Shared(HashSet<string> a, HashSet<string> b) => [.. a.Intersect(b).Order(StringComparer.Ordinal)];

        var comparisons = new List<Comparison>();
        foreach (var model in Seed.ModelFamilies.Keys.Where(m => m != target))
        {
            var (areas, outcomes, funders) = (Areas(model), Outcomes(model), Funders(model));
            if (!areas.Overlaps(Areas(target)) && !outcomes.Overlaps(Outcomes(target)) && !funders.Overlaps(Funders(target)))
            {
                continue;
            }

            var levels = Seed.OfType("EVALUATES").Where(e => e.To == model).Select(e => Seed.Ratings[e.From].Level).ToList();
            int? best = levels.Count == 0 ? null : levels.Max();
            var sameFamily = Seed.ModelFamilies[model] == Seed.ModelFamilies[target];
            var score = 0.35 * Jaccard(areas, Areas(target)) + 0.25 * Jaccard(outcomes, Outcomes(target)) + 0.15 * Jaccard(funders, Funders(target))
                + 0.10 * (sameFamily ? 1 : 0) + 0.15 * Math.Min(best ?? 0, 5) / 5;
            comparisons.Add(new Comparison(model, score, Shared(areas, Areas(target)), Shared(outcomes, Outcomes(target)), Shared(funders, Funders(target)),
                sameFamily, best, Jaccard(areas, Areas(target))));
        }

        return [.. comparisons.OrderByDescending(c => c.Score).ThenBy(c => c.Model, StringComparer.Ordinal)];
    }

    private sealed record ExpectedCell(string Area, string Outcome, List<string> Evidence, (int, int, int, int, int) Effects, (string, int)? Best);

    /// <summary>The evidence about the area (and, rolled up, the areas beneath it) that reports on the outcome.</summary>
    private static ExpectedCell Cell(string area, string outcome, bool rollUp)
    {
        var areas = rollUp ? Seed.Subtree(area) : [area];
        var findings = Seed.OfType("REPORTS")
            .Where(f => f.To == outcome && Seed.OfType("EVIDENCE_IN").Any(e => e.From == f.From && areas.Contains(e.To)))
            .ToList();
        int Count(string? effect) => findings.Count(f => f.Effect == effect);
        (string, int)? best = null;
        if (findings.Count > 0)
        {
            var level = findings.Max(f => Seed.Ratings[f.From].Level);
            string[] preference = ["NESTA", "MARYLAND_SMS", "FOUNDATIONS"];
            var scale = preference.First(s => findings.Any(f => Seed.Ratings[f.From] == (s, level)));
            best = (scale, level);
        }

        return new ExpectedCell(area, outcome, [.. findings.Select(f => f.From)], (Count("POSITIVE"), Count("NO_EFFECT"), Count("NEGATIVE"), Count("MIXED"), Count(null)), best);
    }
}

public sealed class SqliteGraphViewTests(SqliteApiServer server) : GraphViewTests<SqliteApiServer>(server);

public sealed class PostgresGraphViewTests(PostgresApiServer server) : GraphViewTests<PostgresApiServer>(server);

/// <summary>The same on a PostgreSQL database whose default collation follows a natural language.</summary>
public sealed class PostgresNaturalCollationGraphViewTests(PostgresNaturalCollationApiServer server) : GraphViewTests<PostgresNaturalCollationApiServer>(server);
