using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Snapshooter;
using Snapshooter.Xunit;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Search;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;
using SocialEconomy.Tests.Ingest;

namespace SocialEconomy.Tests.Search;

/// <summary>
/// search(query:) over HTTP on the seeded API, on each store. The representative queries are snapshotted once for
/// both stores, so the stores must agree on results, order, scores and highlights.
/// </summary>
public abstract partial class SearchTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : ApiServer
{
    private const string Results = """
        query($query: String!, $types: [SearchableType!], $first: Int, $after: String) {
          search(query: $query, types: $types, first: $first, after: $after) {
            totalCount
            pageInfo { hasNextPage endCursor }
            edges { cursor score highlights { field snippet } node { __typename ...on Node { id } } }
            nodes { ...on Organisation { key } ...on Model { key } ...on ChallengeArea { key } ...on Funder { key }
                    ...on Outcome { key } ...on Evidence { key } ...on Source { key } }
          }
        }
        """;

    public static TheoryData<string> RepresentativeQueries() =>
    [
        "housing first",
        "homelessness prevention",
        "co-operative care",
        "social impact bond",
        "mental health",
        "shared lives",
        "outcomes fund",
        "Esmée Fairbairn",
    ];

    [SkippableTheory]
    [MemberData(nameof(RepresentativeQueries))]
    public async Task Search_RepresentativeQuery_TopResultsMatchSnapshot_OnEveryStore(string query)
    {
        server.SkipIfUnavailable();
        var response = await server.QueryAsync("""
            query($query: String!) {
              search(query: $query, first: 10) {
                totalCount
                edges { score highlights { field snippet } node { __typename
                  ...on Organisation { key } ...on Model { key } ...on ChallengeArea { key } ...on Funder { key }
                  ...on Outcome { key } ...on Evidence { key } ...on Source { key } } }
              }
            }
            """, new { query });

        Assert.Null(response["errors"]);
        var name = Regex.Replace(AccentFolded(query).ToLowerInvariant(), "[^a-z0-9]+", "-");
        var folder = Path.Combine(Repository.Root, "tests", "SocialEconomy.Tests", "Search");
        Snapshot.Match(response.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), new SnapshotFullName($"search-{name}.snap", folder));
    }

    [SkippableFact]
    public async Task Search_NameMatchesRankAboveDescriptionMatches_BestFirst()
    {
        server.SkipIfUnavailable();
        var search = await SearchAsync("housing first", first: 200);
        var edges = search["edges"]!.AsArray();

        // The model called exactly "Housing First" is the best match.
        Assert.Equal("housing-first", search["nodes"]![0]!["key"]!.GetValue<string>());
        Assert.Equal("Model", edges[0]!["node"]!["__typename"]!.GetValue<string>());
        var scores = edges.Select(e => e!["score"]!.GetValue<double>()).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        Assert.All(scores, s => Assert.InRange(s, 0.0, 1.0));

        // How many of the two words the name or title holds never rises down the list.
        var inTitle = edges.Select(e => TitleWords(e!)).ToList();
        Assert.Equal(inTitle.OrderByDescending(n => n), inTitle);
        Assert.Contains(2, inTitle);
        Assert.Contains(inTitle, n => n < 2);
    }

    [SkippableTheory]
    [InlineData("Big Society Capital", "big-society-capital", "formerNames", "<mark>Big</mark> <mark>Society</mark> <mark>Capital</mark>")]
    [InlineData("MHCLG", "mhclg", "alternativeNames", "<mark>MHCLG</mark>")]
    [InlineData("mhclg", "mhclg", "alternativeNames", "<mark>MHCLG</mark>")]
    [InlineData("Department for Communities and Local Government", "mhclg", "formerNames", "<mark>Department</mark> <mark>for</mark> <mark>Communities</mark> <mark>and</mark> <mark>Local</mark> <mark>Government</mark>")]
    [InlineData("DCMS", "dcms", "alternativeNames", "<mark>DCMS</mark>")]
    public async Task Search_ByAFormerNameOrAnAcronym_FindsTheRecordFirst_AsByItsName(string query, string key, string field, string snippet)
    {
        server.SkipIfUnavailable();
        var search = await SearchAsync(query, first: 5);

        var top = search["edges"]![0]!;
        Assert.Equal(key, search["nodes"]![0]!["key"]!.GetValue<string>());
        Assert.Equal("Funder", top["node"]!["__typename"]!.GetValue<string>());
        var highlight = Assert.Single(top["highlights"]!.AsArray(), h => h!["field"]!.GetValue<string>() == field);
        Assert.Equal(snippet, highlight!["snippet"]!.GetValue<string>());
        // Other names rank as the name does: all the words found there, as a phrase.
        var words = SearchTerms.Parse(query).Words.Count;
        Assert.True(top["score"]!.GetValue<double>() > (2.0 * words) / ((2.0 * words) + 2.0), $"score {top["score"]}");
    }

    [SkippableFact]
    public async Task Search_IndexFollowsAWriteOfOtherNames_OnEveryStore()
    {
        server.SkipIfUnavailable();
        var (store, problem) = await TestStore.CreateAsync(server.Provider);
        Skip.If(store is null, problem);
        await using var services = store!.CreateServices();
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
            await db.MigrateGraphAsync();
            db.Funders.Add(new Funder { Id = "renamed-trust", Name = "Renamed Trust", FormerNames = NameList.Join(["Old Name Trust"]), AlternativeNames = NameList.Join(["RNT"]) });
            await db.SaveChangesAsync();
        }

        Assert.Equal(["renamed-trust"], await FunderKeysAsync("old name trust"));
        Assert.Equal(["renamed-trust"], await FunderKeysAsync("RNT"));

        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
            var funder = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Funders);
            funder.AlternativeNames = NameList.Join(["RT", "The Renamed"]);
            funder.FormerNames = null;
            await db.SaveChangesAsync();
        }

        Assert.Empty(await FunderKeysAsync("old name trust"));
        Assert.Empty(await FunderKeysAsync("RNT"));
        Assert.Equal(["renamed-trust"], await FunderKeysAsync("the renamed"));

        Task<List<string>> FunderKeysAsync(string query) => KeysOfKindAsync(services, NodeKind.Funder, query);
    }

    /// <summary>
    /// A word taken as the start of others finds every record with one of them, whether it starts few words (asked as
    /// those words on PostgreSQL) or more than <see cref="SearchIndex.MostWordsForAPrefix"/> (asked as a prefix), alone
    /// or ending a hyphenated part, and whether or not PostgreSQL's text parser keeps it whole.
    /// </summary>
    [SkippableFact]
    public async Task Search_WordStartingFewOrManyWords_FindsEveryRecordWithOneOfThem()
    {
        server.SkipIfUnavailable();
        var (store, problem) = await TestStore.CreateAsync(server.Provider);
        Skip.If(store is null, problem);
        await using var services = store!.CreateServices();
        var many = SearchIndex.MostWordsForAPrefix + 6;
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
            await db.MigrateGraphAsync();
            // Made-up names, each a different word: this checks the index, and is no fact about the world.
            for (var i = 0; i < many; i++)
            {
                db.Funders.Add(new Funder { Id = $"fund-{i:D3}", Name = $"Qzv{i:D3} Fund", Description = i % 2 == 0 ? "A pay-for-results fund" : null });
            }

            // PostgreSQL's text parser reads this word as two, "12e3" and "x".
            db.Funders.Add(new Funder { Id = "fund-12e3x", Name = "Fund 12e3x" });
            await db.SaveChangesAsync();
        }

        Assert.Equal(many, (await FunderKeysAsync("qzv")).Count);
        Assert.Equal(["fund-12e3x"], await FunderKeysAsync("12e3x"));
        Assert.Equal(["fund-12e3x"], await FunderKeysAsync("12e3"));
        Assert.Equal(["fund-12e3x"], await FunderKeysAsync("fund-12e3x"));
        Assert.Equal(Enumerable.Range(10, 10).Select(i => $"fund-{i:D3}").ToList(), (await FunderKeysAsync("qzv01")).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(["fund-042"], await FunderKeysAsync("qzv042"));
        Assert.Empty(await FunderKeysAsync("qzv0420"));
        Assert.Equal((many + 1) / 2, (await FunderKeysAsync("qzv pay-for-res")).Count);
        Assert.Equal(["fund-010", "fund-012", "fund-014", "fund-016", "fund-018"], (await FunderKeysAsync("pay-for-r qzv01")).Order(StringComparer.Ordinal).ToList());

        Task<List<string>> FunderKeysAsync(string query) => KeysOfKindAsync(services, NodeKind.Funder, query);
    }

    /// <summary>
    /// "co-operative" is one word: every result holds it (as "co-operative", "co operative" or "Co-operatives"), and
    /// it alone is marked, never "Company" or "Community" for its fragment "co", nor "operative" standing apart.
    /// </summary>
    [SkippableFact]
    public async Task Search_ForAHyphenatedWord_MatchesAndMarksItAsAWord_NeverItsFragments()
    {
        server.SkipIfUnavailable();
        var edges = (await SearchAsync("co-operative", first: 200))["edges"]!.AsArray();

        Assert.NotEmpty(edges);
        var fragmentsLeftUnmarked = 0;
        foreach (var edge in edges)
        {
            var highlights = edge!["highlights"]!.AsArray();
            Assert.NotEmpty(highlights);
            foreach (var highlight in highlights)
            {
                var snippet = highlight!["snippet"]!.GetValue<string>();
                var marked = MarkedWord().Matches(snippet).Select(m => m.Groups[1].Value).ToList();
                Assert.NotEmpty(marked);
                Assert.All(marked, word => Assert.Matches("^co[^a-z0-9]+operative[a-z]*$", word.ToLowerInvariant()));
                fragmentsLeftUnmarked += Regex.Matches(MarkedWord().Replace(snippet, ""), @"\bco(?![^a-z0-9]+operative)[a-z]+", RegexOptions.IgnoreCase).Count;
            }
        }

        // The fragment "co" starts other words in these snippets, so the test would see them marked.
        Assert.True(fragmentsLeftUnmarked > 0, "No snippet holds another word starting with 'co'; the test needs one.");
    }

    [SkippableFact]
    public async Task Search_Highlights_MarkTheMatchedWordsInEachFieldTheyOccurIn()
    {
        server.SkipIfUnavailable();
        var edges = (await SearchAsync("homeless", first: 200))["edges"]!.AsArray();

        Assert.NotEmpty(edges);
        foreach (var edge in edges)
        {
            var highlights = edge!["highlights"]!.AsArray();
            Assert.NotEmpty(highlights);
            foreach (var highlight in highlights)
            {
                var snippet = highlight!["snippet"]!.GetValue<string>();
                Assert.Matches("<mark>homeless[a-z]*</mark>", snippet.ToLowerInvariant());
                Assert.DoesNotMatch("<(?!/?mark>)", snippet);
            }
        }

        var hf = (await SearchAsync("Housing First", first: 1))["edges"]![0]!["highlights"]!.AsArray();
        Assert.Equal("name", hf[0]!["field"]!.GetValue<string>());
        Assert.Equal("<mark>Housing</mark> <mark>First</mark>", hf[0]!["snippet"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Search_LongField_IsCutAroundTheMatch_WithEllipses()
    {
        server.SkipIfUnavailable();
        var edges = (await SearchAsync("renovates", first: 10))["edges"]!.AsArray();

        var edge = Assert.Single(edges);
        var highlight = Assert.Single(edge!["highlights"]!.AsArray());
        Assert.Equal("description", highlight!["field"]!.GetValue<string>());
        var snippet = highlight["snippet"]!.GetValue<string>();
        Assert.StartsWith("…", snippet);
        Assert.Contains("<mark>renovates</mark> empty buildings", snippet);
    }

    [SkippableTheory]
    [InlineData("esmee")]
    [InlineData("ESMEE")]
    [InlineData("Esmée")]
    [InlineData("ESMÉE fairBAIRN")]
    [InlineData("fairbairn, esmee!")]
    public async Task Search_IgnoresCaseAndAccents(string query)
    {
        server.SkipIfUnavailable();
        var search = await SearchAsync(query);

        Assert.Equal("esmee-fairbairn-foundation", search["nodes"]![0]!["key"]!.GetValue<string>());
        var name = search["edges"]![0]!["highlights"]![0]!;
        Assert.Equal("name", name["field"]!.GetValue<string>());
        Assert.StartsWith("<mark>Esmée</mark>", name["snippet"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Search_TypeFilter_ReturnsOnlyThoseTypes_AndTheTypesAddUp()
    {
        server.SkipIfUnavailable();
        var all = await SearchAsync("housing", first: 200);
        var total = all["totalCount"]!.GetValue<int>();
        var byType = all["edges"]!.AsArray().GroupBy(e => e!["node"]!["__typename"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(byType.Count >= 3, string.Join(", ", byType.Keys));

        var evidenceAndModels = await SearchAsync("housing", first: 200, types: ["EVIDENCE", "MODEL"]);
        var typenames = evidenceAndModels["edges"]!.AsArray().Select(e => e!["node"]!["__typename"]!.GetValue<string>()).ToList();
        Assert.All(typenames, t => Assert.Contains(t, new[] { "Evidence", "Model" }));
        Assert.Equal(byType.GetValueOrDefault("Evidence") + byType.GetValueOrDefault("Model"), evidenceAndModels["totalCount"]!.GetValue<int>());

        // The filtered list keeps the unfiltered order.
        var ids = all["edges"]!.AsArray().Where(e => e!["node"]!["__typename"]!.GetValue<string>() is "Evidence" or "Model").Select(e => e!["node"]!["id"]!.GetValue<string>());
        Assert.Equal(ids, evidenceAndModels["edges"]!.AsArray().Select(e => e!["node"]!["id"]!.GetValue<string>()));

        var sum = 0;
        foreach (var type in new[] { "ORGANISATION", "MODEL", "CHALLENGE_AREA", "FUNDER", "OUTCOME", "EVIDENCE", "SOURCE" })
        {
            sum += (await SearchAsync("housing", first: 0, types: [type]))["totalCount"]!.GetValue<int>();
        }

        Assert.Equal(total, sum);
        Assert.Equal(0, (await SearchAsync("housing", types: []))["totalCount"]!.GetValue<int>());
    }

    /// <summary>
    /// Conditions on the results of two types, as those types' own where inputs: an organisation or model is kept when
    /// organisations(where:) or models(where:) lists it, the other types are kept as they are, in the same order; and
    /// the total and the pages follow the conditioned list.
    /// </summary>
    [SkippableFact]
    public async Task Search_WithConditionsOnOrganisationsAndModels_KeepsThoseTheirWhereLists_InOrder_OtherTypesUnaffected()
    {
        server.SkipIfUnavailable();
        var organisations = new { region = new { eq = "London" } };
        var models = new { family = new { eq = "CO_OPERATIVE" } };
        var everything = await ConditionedSearchAsync("housing", 200);
        Assert.False(everything["pageInfo"]!["hasNextPage"]!.GetValue<bool>(), "The test compares whole lists: 'housing' must match at most 200 records.");
        var inLondon = await KeysAsync("organisations", "OrganisationFilterInput", organisations);
        var coOperative = await KeysAsync("models", "ModelFilterInput", models);
        var expected = TypesAndKeys(everything)
            .Where(r => r.Type switch { "Organisation" => inLondon.Contains(r.Key), "Model" => coOperative.Contains(r.Key), _ => true })
            .ToList();
        // Each condition keeps some results of its type and drops others, or the test could not tell it works.
        var dropped = TypesAndKeys(everything).Except(expected).ToList();
        Assert.Contains(expected, r => r.Type == "Organisation");
        Assert.Contains(expected, r => r.Type == "Model");
        Assert.Contains(dropped, r => r.Type == "Organisation");
        Assert.Contains(dropped, r => r.Type == "Model");
        Assert.Contains(expected, r => r.Type is not "Organisation" and not "Model");

        var conditioned = await ConditionedSearchAsync("housing", 200, organisations: organisations, models: models);
        Assert.Equal(expected, TypesAndKeys(conditioned));
        Assert.Equal(expected.Count, conditioned["totalCount"]!.GetValue<int>());

        // A few at a time: every result once and in order, with the conditioned total on every page and past the end.
        var paged = new List<(string Type, string Key)>();
        string? after = null;
        do
        {
            var page = await ConditionedSearchAsync("housing", 4, after, organisations: organisations, models: models);
            Assert.Equal(expected.Count, page["totalCount"]!.GetValue<int>());
            paged.AddRange(TypesAndKeys(page));
            after = page["pageInfo"]!["hasNextPage"]!.GetValue<bool>() ? page["pageInfo"]!["endCursor"]!.GetValue<string>() : null;
            if (after is null)
            {
                var pastTheEnd = await ConditionedSearchAsync("housing", 4, page["pageInfo"]!["endCursor"]!.GetValue<string>(), organisations: organisations, models: models);
                Assert.Empty(pastTheEnd["edges"]!.AsArray());
                Assert.Equal(expected.Count, pastTheEnd["totalCount"]!.GetValue<int>());
            }
        }
        while (after is not null);

        Assert.Equal(expected, paged);

        // Limited to organisations, the list is the organisations of the conditioned list; a condition on models,
        // which are not searched, changes nothing.
        var organisationsOnly = await ConditionedSearchAsync("housing", 200, organisations: organisations, models: models, types: ["ORGANISATION"]);
        Assert.Equal(expected.Where(r => r.Type == "Organisation"), TypesAndKeys(organisationsOnly));
        Assert.Equal(expected.Count(r => r.Type == "Organisation"), organisationsOnly["totalCount"]!.GetValue<int>());
        Assert.Equal(TypesAndKeys(await ConditionedSearchAsync("housing", 200, types: ["MODEL"])),
            TypesAndKeys(await ConditionedSearchAsync("housing", 200, organisations: organisations, types: ["MODEL"])));
    }

    [SkippableFact]
    public async Task Search_PagingWithCursors_VisitsEveryResultOnceInOrder()
    {
        server.SkipIfUnavailable();
        var everything = await SearchAsync("social care", first: 200);
        var expected = everything["edges"]!.AsArray().Select(e => e!["node"]!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(expected.Count, everything["totalCount"]!.GetValue<int>());
        Assert.True(expected.Count > 10, $"only {expected.Count} results");

        var paged = new List<string>();
        string? after = null;
        do
        {
            var page = await SearchAsync("social care", first: 4, after: after);
            paged.AddRange(page["edges"]!.AsArray().Select(e => e!["node"]!["id"]!.GetValue<string>()));
            after = page["pageInfo"]!["hasNextPage"]!.GetValue<bool>() ? page["pageInfo"]!["endCursor"]!.GetValue<string>() : null;
        }
        while (after is not null);

        Assert.Equal(expected, paged);
    }

    [SkippableFact]
    public async Task Search_TotalCount_IsTheSameOnEveryPage_AndPastTheEnd()
    {
        server.SkipIfUnavailable();
        var everything = await SearchAsync("social care", first: 200);
        var total = everything["totalCount"]!.GetValue<int>();
        var lastCursor = everything["pageInfo"]!["endCursor"]!.GetValue<string>();

        Assert.Equal(total, (await SearchAsync("social care", first: 1))["totalCount"]!.GetValue<int>());
        Assert.Equal(total, (await SearchAsync("social care", first: 3, after: (await SearchAsync("social care", first: 5))["pageInfo"]!["endCursor"]!.GetValue<string>()))["totalCount"]!.GetValue<int>());
        var pastTheEnd = await SearchAsync("social care", first: 3, after: lastCursor);
        Assert.Empty(pastTheEnd["edges"]!.AsArray());
        Assert.Equal(total, pastTheEnd["totalCount"]!.GetValue<int>());
    }

    [SkippableTheory]
    [InlineData("", "SEARCH_QUERY_EMPTY")]
    [InlineData("   ", "SEARCH_QUERY_EMPTY")]
    [InlineData("\"*()^:-", "SEARCH_QUERY_EMPTY")]
    [InlineData("a b c d e f g h i j k l m n o p q", "SEARCH_QUERY_TOO_MANY_WORDS")]
    public async Task Search_QueryWithNothingToLookForOrTooMuch_IsAnErrorWithACode(string query, string code)
    {
        server.SkipIfUnavailable();
        var response = await server.QueryAsync(Results, new { query });

        Assert.Equal(code, response["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.DoesNotContain("Exception", response["errors"]![0]!["message"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Search_QueryOfTenThousandCharacters_IsAnErrorWithACode()
    {
        server.SkipIfUnavailable();
        var response = await server.QueryAsync(Results, new { query = string.Concat(Enumerable.Repeat("housing ", 1250)) });

        Assert.Equal("SEARCH_QUERY_TOO_LONG", response["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [SkippableTheory]
    [InlineData("\"housing")]
    [InlineData("housing*")]
    [InlineData("housing AND first")]
    [InlineData("NOT housing OR")]
    [InlineData("Title:housing")]
    [InlineData("{Title Body}: housing")]
    [InlineData("NEAR(housing first, 2)")]
    [InlineData("housing -first")]
    [InlineData("housing:*A <-> first")]
    [InlineData("housing | !first & (care")]
    [InlineData("' OR 1=1 --")]
    [InlineData("housing\\")]
    [InlineData("%_ housing")]
    public async Task Search_FullTextSyntaxInTheQuery_IsReadAsPlainWords(string query)
    {
        server.SkipIfUnavailable();
        var response = await server.QueryAsync(Results, new { query });

        // The same answer as the query's words alone, with the syntax's characters as spaces.
        var words = string.Join(' ', Regex.Split(query, "[^A-Za-z0-9]+").Where(w => w.Length > 0));
        var plain = await server.QueryAsync(Results, new { query = words });
        Assert.Null(response["errors"]);
        Assert.Null(plain["errors"]);
        Assert.Equal(Keys(plain), Keys(response));
        Assert.Equal(plain["data"]!["search"]!["totalCount"]!.GetValue<int>(), response["data"]!["search"]!["totalCount"]!.GetValue<int>());

        static List<string> Keys(JsonObject answer) =>
            [.. answer["data"]!["search"]!["nodes"]!.AsArray().Select(n => n!["key"]!.GetValue<string>())];
    }

    [SkippableFact]
    public async Task Search_IndexFollowsALoad_NewRecordsAndChangedTextAreFound()
    {
        server.SkipIfUnavailable();
        var (store, problem) = await TestStore.CreateAsync(server.Provider);
        Skip.If(store is null, problem);

        // The seed data without one organisation's description (a subset of its facts), then the seed data itself.
        var partial = IngestRunner.CopyOfSeedData();
        var path = Path.Combine(partial, "organisations.json");
        var root = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        var phoenix = root["organisations"]!.AsArray().Single(o => o!["id"]!.GetValue<string>() == "phoenix-community-housing-co-operative")!.AsObject();
        phoenix.Remove("description");
        await File.WriteAllTextAsync(path, root.ToJsonString());

        var first = await IngestRunner.RunAsync(store, "load", partial);
        Assert.True(first.Exit == 0, first.Error);
        Assert.Equal(["phoenix-community-housing-co-operative"], await KeysAsync(store!, "Phoenix Community Housing"));
        Assert.Empty(await KeysAsync(store!, "renovates"));

        var second = await IngestRunner.RunAsync(store, "load", Repository.SeedData);
        Assert.True(second.Exit == 0, second.Error);
        Assert.Equal(["phoenix-community-housing-co-operative"], await KeysAsync(store!, "renovates buildings"));
        Assert.Equal(["phoenix-community-housing-co-operative"], await KeysAsync(store!, "Phoenix Community Housing"));
    }

    [SkippableFact]
    public async Task Search_StoreFoldsEveryAccentedLetterAsTheQuerySideDoes()
    {
        server.SkipIfUnavailable();
        var (store, problem) = await TestStore.CreateAsync(server.Provider);
        Skip.If(store is null, problem);
        await using var services = store!.CreateServices();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
        await db.MigrateGraphAsync();

        // A word per letter, written straight into the index table and rolled back: this checks the stores'
        // folding against SearchTerms, and is no fact about the world.
        await using var transaction = await db.Database.BeginTransactionAsync();
        var missed = new List<string>();
        for (var c = '\u00C0'; c <= '\u017F'; c++)
        {
            var text = $"q{c}q";
            var words = SearchTerms.Tokenise(text).ToList();
            if (words.Count != 1)
            {
                continue;
            }

            await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database,
                "INSERT INTO \"SearchDocuments\" (\"Kind\", \"Key\", \"Title\", \"Body\") VALUES ('Source', {0}, {1}, '')", $"fold-{(int)c}", text);
            var hits = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                SearchIndex.Search(db, SearchTerms.Parse(words[0].Word), [NodeKind.Source]));
            if (!hits.Any(h => h.Key == $"fold-{(int)c}"))
            {
                missed.Add($"{c} (as {words[0].Word})");
            }
        }

        await transaction.RollbackAsync();
        Assert.Empty(missed);
    }

    private static async Task<List<string>> KeysAsync(TestStore store, string query)
    {
        await using var services = store.CreateServices();
        return await KeysOfKindAsync(services, NodeKind.Organisation, query);
    }

    /// <summary>The keys of the records of <paramref name="kind"/> the store's search index finds for <paramref name="query"/>, best first.</summary>
    private static async Task<List<string>> KeysOfKindAsync(IServiceProvider services, NodeKind kind, string query)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
        var hits = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            SearchIndex.Search(db, SearchTerms.Parse(query), [kind]));
        return hits.Select(h => h.Key).ToList();
    }

    private async Task<JsonNode> SearchAsync(string query, int? first = null, string? after = null, string[]? types = null)
    {
        var response = await server.QueryAsync(Results, new { query, first, after, types });
        Assert.Null(response["errors"]);
        return response["data"]!["search"]!;
    }

    private async Task<JsonNode> ConditionedSearchAsync(
        string query, int first, string? after = null, object? organisations = null, object? models = null, string[]? types = null)
    {
        var response = await server.QueryAsync("""
            query($query: String!, $types: [SearchableType!], $organisations: OrganisationFilterInput, $models: ModelFilterInput, $first: Int, $after: String) {
              search(query: $query, types: $types, organisations: $organisations, models: $models, first: $first, after: $after) {
                totalCount
                pageInfo { hasNextPage endCursor }
                edges { node { __typename ...on Organisation { key } ...on Model { key } ...on ChallengeArea { key } ...on Funder { key }
                               ...on Outcome { key } ...on Evidence { key } ...on Source { key } } }
              }
            }
            """, new { query, types, organisations, models, first, after });
        Assert.Null(response["errors"]);
        return response["data"]!["search"]!;
    }

    private static List<(string Type, string Key)> TypesAndKeys(JsonNode search) =>
        [.. search["edges"]!.AsArray().Select(e => (e!["node"]!["__typename"]!.GetValue<string>(), e["node"]!["key"]!.GetValue<string>()))];

    /// <summary>The keys of every record a root connection lists with this where.</summary>
    private async Task<HashSet<string>> KeysAsync(string root, string filterType, object where)
    {
        var data = (await server.QueryAsync($$"""
            query($where: {{filterType}}) { {{root}}(where: $where, first: 200) { totalCount nodes { key } } }
            """, new { where }))["data"]![root]!;
        var keys = data["nodes"]!.AsArray().Select(n => n!["key"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(data["totalCount"]!.GetValue<int>(), keys.Count);
        return keys;
    }

    /// <summary>How many of the words "housing" and "first" are marked in the name or title highlight of a result.</summary>
    private static int TitleWords(JsonNode edge)
    {
        var marked = edge["highlights"]!.AsArray()
            .Where(h => h!["field"]!.GetValue<string>() is "name" or "title")
            .SelectMany(h => MarkedWord().Matches(h!["snippet"]!.GetValue<string>()).Select(m => m.Groups[1].Value.ToLowerInvariant()))
            .ToList();
        return new[] { "housing", "first" }.Count(w => marked.Any(m => m.StartsWith(w, StringComparison.Ordinal)));
    }

    private static string AccentFolded(string text) => Graph.Importing.AccentFolding.Fold(text);

    [GeneratedRegex("<mark>([^<]*)</mark>")]
    private static partial Regex MarkedWord();
}

public sealed class SqliteSearchTests(SqliteApiServer server) : SearchTests<SqliteApiServer>(server);

public sealed class PostgresSearchTests(PostgresApiServer server) : SearchTests<PostgresApiServer>(server);

/// <summary>The same on a PostgreSQL database whose default collation follows a natural language.</summary>
public sealed class PostgresNaturalCollationSearchTests(PostgresNaturalCollationApiServer server) : SearchTests<PostgresNaturalCollationApiServer>(server);
