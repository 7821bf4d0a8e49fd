using System.Text;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Api.Compiling;
using SocialEconomy.Bench.Questions;
using SocialEconomy.Graph.Compiling;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Queries;

/// <summary>
/// A root list read with its selection in one statement (Compiler:Enabled) answers byte for byte as one read level by
/// level: every example document, the benchmark's questions, and documents that page, use fragments and aliases,
/// find nothing, or meet lists longer than a statement reads ahead (the open datasets' models run thousands of
/// organisations), over HTTP on the seed and both open datasets.
/// </summary>
public abstract class CompiledAnswerTests<TServer>(TServer server)
    where TServer : OpenDataApiServer
{
    private static readonly Dictionary<string, string> Documents = new(StringComparer.Ordinal)
    {
        ["models page with counts"] = """
            { models(first: 50, order: [{ name: ASC }]) {
                totalCount nodes { key name family organisationsConnection { totalCount } evidenceConnection { totalCount } } } }
            """,
        ["organisations by name"] = """{ organisations(first: 50, order: [{ name: ASC }]) { totalCount nodes { key name region } } }""",
        ["organisations whose name contains"] = """
            { organisations(where: { name: { contains: "housing" } }, first: 20, order: [{ name: ASC }]) { totalCount nodes { key name } } }
            """,
        ["organisations of a region, edges and cursors"] = """
            { organisations(where: { region: { eq: "London" } }, first: 50, after: "b2Zmc2V0OjQ", order: [{ name: ASC }]) {
                totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
                edges { cursor node { key identifiers { scheme value } partners { key } funder { key } participations { role model { key } } } } } }
            """,
        ["fragments and aliases"] = """
            query {
              byName: models(first: 5, order: [{ name: DESC }]) { ...modelPage }
              byKey: models(first: 5) { nodes { key cited: evidence { title } evidence { year findings { effect outcome { name } } } } }
            }
            fragment modelPage on ModelConnection { totalCount nodes { key ... on Model { challengeAreas { name parent { key parent { key } } } } } }
            """,
        ["lists longer than a statement reads ahead"] = """
            { models(first: 30, order: [{ name: ASC }]) { nodes { key
                organisationsConnection(first: 3) { totalCount pageInfo { hasNextPage } edges { cursor node { key models { key } } } } } } }
            """,
        ["a plain list too long to return"] = """{ models(first: 50) { nodes { key organisations { key } } } }""",
        ["nothing found, with its total"] = """{ organisations(where: { name: { eq: "no organisation has this name" } }) { totalCount pageInfo { hasNextPage } nodes { key } } }""",
        ["a filtered list that fits one page, with its total"] = """{ models(where: { family: { eq: CO_OPERATIVE } }, first: 200) { totalCount nodes { key } } }""",
        ["a short last page after a cursor, with its total"] = """
            { models(where: { family: { eq: CO_OPERATIVE } }, first: 200, after: "b2Zmc2V0OjE") { totalCount nodes { key } } }
            """,
        ["a page past the end"] = """{ models(after: "b2Zmc2V0OjEwMDAwMA") { totalCount pageInfo { hasPreviousPage } nodes { key } } }""",
        ["funders, their fundings and recipients"] = """
            { funders(first: 40) { totalCount nodes { key organisation { key } organisationsConnection { totalCount }
                fundings { amount currency year recipient { __typename } sources { url } } } } }
            """,
        ["evidence and its findings"] = """
            { evidence(first: 100) { nodes { key sources { url }
                findings { effect primary evidence { key } outcome { key challengeAreas { key } } sources { url } } outcomes { key } } } }
            """,
        ["outcomes, models and findings"] = """{ outcomes(first: 60) { nodes { key models { key } findings { effect note } evidenceConnection { totalCount } } } }""",
        ["areas with parents and counts"] = """
            { challengeAreas(first: 200) { totalCount nodes { key parent { key } organisationsConnection { totalCount } models { key } outcomes { key } } } }
            """,
        ["model participations and fundings"] = """
            { models(where: { family: { eq: OUTCOMES_PARTNERSHIP } }, first: 100) { totalCount nodes { key
                participations { role rule organisation { key identifiers { value } } sources { url } }
                fundings { amount funder { key organisation { key } } } } } }
            """,
        ["sources"] = """{ sources(first: 100) { totalCount nodes { key title url } } }""",
        // The statement's SQL goes through EF Core's formatting of raw SQL, where braces are placeholders.
        ["a filter value with braces and quotes"] = """
            { a: organisations(where: { name: { contains: "{0} it's {{x}}" } }) { totalCount nodes { key sources { url } } }
              b: organisations(where: { or: [{ name: { eq: "}{" } }, { region: { eq: "Wales" } }] }, first: 3) { totalCount nodes { key sources { url } } } }
            """,
    };

    public static TheoryData<string> Names() => ExampleDocuments.AndOwn(Documents.Keys);

    [SkippableTheory]
    [MemberData(nameof(Names))]
    public async Task Document_AnswersTheSame_CompiledOrReadLevelByLevel(string name)
    {
        server.SkipIfUnavailable();
        var document = await ExampleDocuments.TextAsync(name, Documents);

        var compiled = await AnswerAsync(document, compile: true);
        var levelByLevel = await AnswerAsync(document, compile: false);

        Assert.Equal(levelByLevel, compiled);
        // Run, not refused as invalid (which answers the same both ways and proves nothing): an invalid document has no data.
        Assert.Contains("\"data\":", compiled, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task OrganisationProfile_OfAFundedOrganisation_CostsOneStatement_AndAnswersAsLevelByLevel()
    {
        server.SkipIfUnavailable();
        string key;
        using (var scope = server.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
            key = await db.Relationships.Where(r => r.Type == RelationshipType.Funds && r.ToKind == NodeKind.Organisation)
                .OrderBy(r => r.ToId).Select(r => r.ToId).FirstAsync();
        }

        var document = QuestionSet.OrganisationProfile(key);
        var (compiled, compiledStatements) = await ExecuteAsync(document, compile: true);
        var (levelByLevel, levelStatements) = await ExecuteAsync(document, compile: false);

        Assert.Equal(levelByLevel, compiled);
        Assert.Contains("\"fundings\":[{", compiled, StringComparison.Ordinal);
        Assert.Equal(1, compiledStatements);
        Assert.True(levelStatements > 5, $"level by level, the profile should cost a statement per level and field, not {levelStatements}");
    }

    /// <summary>
    /// Argument sets of one document, each asked twice: once writing its statement, once reusing it. Among them are
    /// sets that differ only in one argument, in an enum, in a page's size or cursor, or whose texts run together into
    /// the same characters ("hou" + "sing" and "hous" + "ing"; "London" + "sWales" and "Londons" + "Wales", where "s"
    /// could be taken for what marks a text); a key that missed any of it would answer one from another's statement.
    /// </summary>
    private static readonly (string Either, string Or, string[] Regions, string Direction, int First, string? After)[] ArgumentSets =
    [
        ("hou", "sing", [], "ASC", 20, null),
        ("hous", "ing", [], "ASC", 20, null),
        ("hous", "ing", [], "DESC", 20, null),
        ("hous", "ing", [], "DESC", 7, null),
        ("hous", "ing", [], "DESC", 7, "b2Zmc2V0OjY"),
        ("co-op", "trust", [], "ASC", 20, null),
        ("no such name", "no such name", ["London", "sWales"], "ASC", 20, null),
        ("no such name", "no such name", ["Londons", "Wales"], "ASC", 20, null),
    ];

    [SkippableFact]
    public async Task RepeatedQuestions_ReuseTheirWrittenStatements_AndAnswerAsLevelByLevel_WhateverTheirArguments()
    {
        server.SkipIfUnavailable();
        const string document = """
            query($either: String!, $or: String!, $regions: [String!]!, $direction: SortEnumType!, $first: Int, $after: String) {
              organisations(where: { or: [{ name: { contains: $either } }, { name: { contains: $or } }, { region: { in: $regions } }] },
                            order: [{ name: $direction }], first: $first, after: $after) {
                totalCount pageInfo { hasNextPage } nodes { key name sources { url } } } }
            """;
        var statements = server.Services.GetRequiredService<StatementCache>();
        var answers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pass in new[] { "writing", "reusing" })
        {
            var hits = statements.Hits;
            foreach (var (either, or, regions, direction, first, after) in ArgumentSets)
            {
                var variables = new Dictionary<string, object?>
                {
                    ["either"] = either, ["or"] = or, ["regions"] = regions.Cast<object?>().ToList(), ["direction"] = direction, ["first"] = first, ["after"] = after,
                };
                var (compiled, _) = await ExecuteAsync(document, compile: true, variables);
                var (levelByLevel, _) = await ExecuteAsync(document, compile: false, variables);
                Assert.Equal(levelByLevel, compiled);
                answers.Add(compiled);
            }

            // The first pass may find statements of an earlier run of this test; the second finds every one.
            Assert.True(pass == "writing" || statements.Hits - hits == ArgumentSets.Length, $"{pass}: {statements.Hits - hits} statements reused of {ArgumentSets.Length}");
        }

        // Every set has an answer of its own, so a statement reused for the wrong set could not go unseen.
        Assert.Equal(ArgumentSets.Length, answers.Count);
    }

    [SkippableFact]
    public async Task APageStatement_WritesItsWindowAsNumbers_SoThatWithoutConditionsItBindsNothing_AndPostgresPlansItOnce()
    {
        server.SkipIfUnavailable();
        using var scope = server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
        var written = PageStatement.Write(db, db.Models.OrderBy(m => m.Name).ThenBy(m => m.Id), (10, 6), db.Models,
            [new RelatedCount(RelationshipType.Runs, Direction.Incoming, NodeKind.Organisation)], new ListLimits([[]]), listed: null);

        Assert.Empty(written.Parameters);
        Assert.Contains("LIMIT 6 OFFSET 10", written.Sql, StringComparison.Ordinal);
        var read = await PageStatement.ReadAsync(db, typeof(Model), written, [new RelatedCount(RelationshipType.Runs, Direction.Incoming, NodeKind.Organisation)], CancellationToken.None);
        Assert.Equal(
            await db.Models.OrderBy(m => m.Name).ThenBy(m => m.Id).Skip(10).Take(6).Select(m => m.Id).ToListAsync(),
            read.Rows.Select(r => ((Model)r.Record).Id));
        if (server.Provider != StoreProvider.Postgres)
        {
            return;
        }

        // A statement with no parameters has one plan for every run; with the window bound as parameters, PostgreSQL
        // planned each run afresh (a custom plan), costing the plan for any window higher.
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = written.Sql;
        await command.PrepareAsync();
        for (var run = 0; run < 6; run++)
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
            }
        }

        await using var plans = connection.CreateCommand();
        plans.CommandText = "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE from_sql = false AND statement LIKE '%LIMIT 6 OFFSET 10%'";
        await using var counted = await plans.ExecuteReaderAsync();
        Assert.True(await counted.ReadAsync(), "the statement was not prepared");
        Assert.Equal((6L, 0L), (counted.GetInt64(0), counted.GetInt64(1)));
    }

    [SkippableFact]
    public async Task APageStatement_CountsItsTotalRightly_WhereverItsWindowFalls()
    {
        server.SkipIfUnavailable();
        using var scope = server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
        var family = ModelFamily.CoOperative;
        IQueryable<Model> Filtered() => db.Models.Where(m => m.Family == family);
        var all = await Filtered().CountAsync();
        Assert.True(all > 2, "the seed should hold more than two co-operative models");

        // Short pages (the total from the page), full pages, a page ending exactly at the end, and pages past it.
        foreach (var (skip, take) in new[] { (0, all + 1), (0, all), (0, 1), (1, all), (all - 1, 3), (all - 2, 2), (all, 3), (all + 4, 3) })
        {
            var written = PageStatement.Write(db, Filtered().OrderBy(m => m.Id), (skip, take), Filtered(), [], new ListLimits([[]]), listed: null);
            var read = await PageStatement.ReadAsync(db, typeof(Model), written, [], CancellationToken.None);
            Assert.Equal(((int?)all, Math.Clamp(all - skip, 0, take)), (read.Total, read.Rows.Count));
        }
    }

    /// <summary>A record of each kind, asked for by id as the explorer's pages ask, with much of what can be asked of it.</summary>
    private static readonly Dictionary<NodeKind, string> NodePages = new()
    {
        [NodeKind.Organisation] = """
            ... on Organisation { key name identifiers { scheme value } sources { url }
              participations { role rule model { key family } sources { url } } challengeAreas { key parent { key } }
              fundings { amount currency funder { key kind } sources { url } }
              evidence { title rating { level } sources { url } findings { effect outcome { key } } } partners { key region } }
            """,
        [NodeKind.Model] = """
            ... on Model { key sources { url } challengeAreas { key } outcomes { key } fundings { funder { key } amount }
              evidence { title findings { outcome { key } effect } } organisationsConnection(first: 5) { totalCount edges { cursor node { key } } } }
            """,
        [NodeKind.Funder] = """
            ... on Funder { key organisation { key } sources { url } fundings { amount year sources { url } } organisations { key } models { key } }
            """,
        [NodeKind.Outcome] = """... on Outcome { key challengeAreas { key } findings { effect evidence { key title } sources { url } } models { key } }""",
        [NodeKind.Evidence] = """... on Evidence { key sources { url } findings { outcome { key } effect sources { url } } models { key } challengeAreas { key } }""",
        [NodeKind.ChallengeArea] = """... on ChallengeArea { key parent { key parent { key } } sources { url } outcomes { key } models { key } evidenceConnection { totalCount } }""",
        [NodeKind.Source] = """... on Source { key title url }""",
    };

    public static TheoryData<NodeKind> Kinds() => [.. NodePages.Keys];

    [SkippableTheory]
    [MemberData(nameof(Kinds))]
    public async Task NodeById_AnswersTheSame_CompiledOrReadLevelByLevel_InOneStatement(NodeKind kind)
    {
        server.SkipIfUnavailable();
        string key;
        using (var scope = server.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
            // A record with something beneath it: funded, evaluated, funding, reported on, reporting, with a parent.
            key = kind switch
            {
                NodeKind.Organisation => await db.Relationships.Where(r => r.Type == RelationshipType.Funds && r.ToKind == NodeKind.Organisation).MinAsync(r => r.ToId),
                NodeKind.Model => await db.Relationships.Where(r => r.Type == RelationshipType.Evaluates && r.ToKind == NodeKind.Model).MinAsync(r => r.ToId),
                NodeKind.Funder => await db.Relationships.Where(r => r.Type == RelationshipType.Funds).MinAsync(r => r.FromId),
                NodeKind.Outcome => await db.Relationships.Where(r => r.Type == RelationshipType.Reports).MinAsync(r => r.ToId),
                NodeKind.Evidence => await db.Relationships.Where(r => r.Type == RelationshipType.Reports).MinAsync(r => r.FromId),
                NodeKind.ChallengeArea => await db.ChallengeAreas.Where(a => a.ParentId != null).MinAsync(a => a.Id),
                _ => await db.Sources.MinAsync(s => s.Id),
            };
        }

        var document = $$"""query($id: ID!) { node(id: $id) { __typename id {{NodePages[kind]}} } }""";
        var variables = new Dictionary<string, object?> { ["id"] = Api.Relay.GlobalId.Encode(kind, key) };
        var (compiled, compiledStatements) = await ExecuteAsync(document, compile: true, variables);
        var (levelByLevel, levelStatements) = await ExecuteAsync(document, compile: false, variables);

        Assert.Equal(levelByLevel, compiled);
        Assert.Contains($"\"key\":\"{key}\"", compiled, StringComparison.Ordinal);
        // A source's page asks nothing beneath it: its loader reads it, one statement either way.
        Assert.Equal(1, compiledStatements);
        Assert.True(kind == NodeKind.Source || levelStatements > 2, $"level by level, the page of a {kind} should cost a statement per level and field, not {levelStatements}");
    }

    /// <summary>
    /// Records in nested lists are read with only the properties the operation's fields say they read
    /// (<see cref="RecordProperties"/>). Every field of every entity, asked alone of the records of every nested list
    /// of them under every root list (one document per field, each list under its own alias), answers as read level by
    /// level, where records are read whole: a field that read more than it says would find it missing.
    /// </summary>
    [SkippableFact]
    public async Task EveryField_OfRecordsInNestedLists_AnswersTheSame_ReadWithTheColumnsItSays()
    {
        server.SkipIfUnavailable();
        var schema = server.Services.GetRequiredService<ISchema>();
        schema.Initialize();
        var lists = new List<(string Root, string List, IComplexGraphType Item)>();
        foreach (var root in schema.Query!.Fields.Where(f => !f.Arguments?.Any(a => a.ResolvedType is NonNullGraphType && a.DefaultValue is null) ?? true))
        {
            if (Unwrap(root.ResolvedType!) is IComplexGraphType connection && connection.GetField("nodes") is { } nodes && Unwrap(nodes.ResolvedType!) is IComplexGraphType record)
            {
                foreach (var list in record.Fields.Where(f => f.ResolvedType!.GetNamedType() is IEntityGraphType && Unwrap(f.ResolvedType!) is IComplexGraphType && IsList(f.ResolvedType!)))
                {
                    lists.Add((root.Name, list.Name, (IComplexGraphType)Unwrap(list.ResolvedType!)));
                }
            }
        }

        var differences = new List<string>();
        var asked = 0;
        foreach (var item in lists.Select(l => l.Item).Distinct())
        {
            // Lists of other records and connections say they read the id alone by how they are defined (ReadAhead).
            foreach (var field in item.Fields.Where(f => (!f.Arguments?.Any(a => a.ResolvedType is NonNullGraphType && a.DefaultValue is null) ?? true)
                && !(IsList(f.ResolvedType!) && f.ResolvedType!.GetNamedType() is IEntityGraphType) && !f.Name.EndsWith("Connection", StringComparison.Ordinal)))
            {
                var selection = field.Name + Beneath(field.ResolvedType!, depth: 1);
                var aliases = lists.Where(l => l.Item == item).Select((l, i) => $"a{i}: {l.Root}(first: 40) {{ nodes {{ {l.List} {{ {selection} }} }} }}");
                var document = $"{{ {string.Join(" ", aliases)} }}";
                string compiled, levelByLevel;
                try
                {
                    (compiled, _) = await ExecuteAsync(document, compile: true);
                    (levelByLevel, _) = await ExecuteAsync(document, compile: false);
                }
                catch (Exception e)
                {
                    throw new InvalidOperationException($"{document}: {e.Message}", e);
                }

                asked++;
                if (compiled != levelByLevel)
                {
                    differences.Add($"{item.Name}.{field.Name}");
                }
            }
        }

        Assert.True(asked > 80, $"only {asked} fields were asked");
        Assert.True(differences.Count == 0, $"answered otherwise than level by level: {string.Join(", ", differences)}");

        static string Beneath(IGraphType type, int depth)
        {
            var named = Unwrap(type);
            if (named is ScalarGraphType)
            {
                return "";
            }

            // An interface's or a union's members are not followed: their type is enough to tell them apart.
            if (named is not IObjectGraphType record || depth == 0)
            {
                return " { __typename }";
            }

            var fields = record.Fields
                .Where(f => !f.Arguments?.Any(a => a.ResolvedType is NonNullGraphType && a.DefaultValue is null) ?? true)
                .Select(f => f.Name + Beneath(f.ResolvedType!, depth - 1));
            return $" {{ {string.Join(" ", fields)} }}";
        }

        static bool IsList(IGraphType type) => type is ListGraphType || (type is NonNullGraphType nonNull && IsList(nonNull.ResolvedType!));
    }

    [SkippableFact]
    public void RecordsInNestedLists_AreReadWithTheColumnsTheOperationAsks_AndWholeWhereAFieldDoesNotSay()
    {
        server.SkipIfUnavailable();
        var schema = server.Services.GetRequiredService<ISchema>();
        schema.Initialize();

        var titles = Listed("""{ models(first: 5) { nodes { name evidence { title rating { level } sources { url } } } } }""");
        // An item's id is read for its sources.
        Assert.Equal(["Id", "Rating", "Title"], titles[typeof(EvidenceItem)].Order());
        Assert.Equal(["Url"], titles[typeof(Graph.Provenance.Source)].Order());
        Assert.Equal(["Id", "Name"], titles[typeof(Model)].Order());

        // Through a fragment on the Node interface, every entity's id; a model's 'verdict' says what it reads, an
        // area's 'evidenceStatus' does not.
        var mixed = Listed("""
            query { organisations { nodes { ...N challengeAreas { evidenceStatus { __typename } } models { verdict { reason } } } } }
            fragment N on Node { id }
            """);
        Assert.False(mixed.ContainsKey(typeof(ChallengeArea)));
        Assert.Equal(["Id"], mixed[typeof(Model)].Order());
        Assert.Equal(["Id"], mixed[typeof(Funder)].Order());

        IReadOnlyDictionary<Type, IReadOnlySet<string>> Listed(string text)
        {
            var document = GraphQLParser.Parser.Parse(text);
            return RecordProperties.Of(schema, document, document.Definitions.OfType<GraphQLParser.AST.GraphQLOperationDefinition>().Single());
        }
    }

    private static IGraphType Unwrap(IGraphType type) => type switch
    {
        NonNullGraphType nonNull => Unwrap(nonNull.ResolvedType!),
        ListGraphType list => Unwrap(list.ResolvedType!),
        _ => type,
    };

    /// <summary>The whole answer over HTTP, errors and all, with the compiler on or off for the request.</summary>
    private async Task<string> AnswerAsync(string document, bool compile)
    {
        var options = server.Services.GetRequiredService<CompilerOptions>();
        options.Enabled = compile;
        try
        {
            using var response = await server.PostAsync(document);
            return $"{(int)response.StatusCode} {Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync())}";
        }
        finally
        {
            options.Enabled = true;
        }
    }

    /// <summary>The answer and the statements it cost, run in a scope of its own with the compiler on or off.</summary>
    private async Task<(string Json, int Statements)> ExecuteAsync(string document, bool compile, Dictionary<string, object?>? variables = null)
    {
        var options = server.Services.GetRequiredService<CompilerOptions>();
        options.Enabled = compile;
        try
        {
            using var scope = server.Services.CreateScope();
            var result = await scope.ServiceProvider.GetRequiredService<IDocumentExecuter<ISchema>>().ExecuteAsync(o =>
            {
                o.Query = document;
                o.Variables = variables is null ? null : new Inputs(variables);
                o.RequestServices = scope.ServiceProvider;
            });
            Assert.Null(result.Errors);
            var json = scope.ServiceProvider.GetRequiredService<IGraphQLTextSerializer>().Serialize(result);
            return (json, scope.ServiceProvider.GetRequiredService<SqlStatementCounter>().Count);
        }
        finally
        {
            options.Enabled = true;
        }
    }
}

[Collection(SqliteOpenDataCollection.Name)]
public sealed class SqliteCompiledAnswerTests(SqliteOpenDataApiServer server) : CompiledAnswerTests<SqliteOpenDataApiServer>(server);

[Collection(PostgresOpenDataCollection.Name)]
public sealed class PostgresCompiledAnswerTests(PostgresOpenDataApiServer server) : CompiledAnswerTests<PostgresOpenDataApiServer>(server);
