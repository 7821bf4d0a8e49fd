using System.Text;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Api.Compiling;
using SocialEconomy.Bench.Questions;
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
public abstract class CompiledAnswerTests<TServer>(TServer server) : IClassFixture<TServer>
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
    };

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Repository.Examples, "*.graphql").Order(StringComparer.Ordinal))
        {
            data.Add("example " + Path.GetFileNameWithoutExtension(file));
        }

        foreach (var name in Documents.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Names))]
    public async Task Document_AnswersTheSame_CompiledOrReadLevelByLevel(string name)
    {
        server.SkipIfUnavailable();
        var document = name.StartsWith("example ", StringComparison.Ordinal)
            ? await File.ReadAllTextAsync(Path.Combine(Repository.Examples, name["example ".Length..] + ".graphql"))
            : Documents[name];

        var compiled = await AnswerAsync(document, compile: true);
        var levelByLevel = await AnswerAsync(document, compile: false);

        Assert.Equal(levelByLevel, compiled);
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
    private async Task<(string Json, int Statements)> ExecuteAsync(string document, bool compile)
    {
        var options = server.Services.GetRequiredService<CompilerOptions>();
        options.Enabled = compile;
        try
        {
            using var scope = server.Services.CreateScope();
            var result = await scope.ServiceProvider.GetRequiredService<IDocumentExecuter<ISchema>>().ExecuteAsync(o =>
            {
                o.Query = document;
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

public sealed class SqliteCompiledAnswerTests(SqliteOpenDataApiServer server) : CompiledAnswerTests<SqliteOpenDataApiServer>(server);

public sealed class PostgresCompiledAnswerTests(PostgresOpenDataApiServer server) : CompiledAnswerTests<PostgresOpenDataApiServer>(server);
