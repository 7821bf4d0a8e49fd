using System.Text.RegularExpressions;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Queries;

/// <summary>
/// Children are read ahead with their root list's page, or load through batch loaders: the SQL a request costs is
/// bounded by the fields it asks for, not by the rows it returns.
/// </summary>
public abstract class StatementCountTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : ApiServer
{
    private const string DeepQuery = """
        query($first: Int) {
          models(first: $first, order: [{ name: ASC }]) {
            totalCount
            nodes {
              name
              sources { url }
              challengeAreas { name parent { name } ancestors { name } }
              organisations { name identifiers { scheme value } fundings { amount funder { name } sources { url } } funder { name } }
              participations { role rule organisation { name } }
              evidence { title sources { url } findings { effect outcome { name } sources { url } } }
              outcomes { name }
            }
          }
        }
        """;

    private const int BatchLoadedFields = 18;

    [SkippableFact]
    public async Task NestedQuery_CostsAtMostAStatementPerField_ForFewOrManyRows()
    {
        server.SkipIfUnavailable();
        var (fewRows, fewStatements) = await RunAsync(20);
        var (manyRows, manyStatements) = await RunAsync(200);

        Assert.True(manyRows > fewRows * 3 / 2, $"the larger page should return many more rows ({fewRows} vs {manyRows} characters)");
        // The page and its count, then at most one statement per batch-loaded field (18 in the query). A larger page
        // reads ahead fewer records per list (CompiledPages.ListLimit), so more lists may fall to their loaders.
        Assert.InRange(fewStatements, 1, BatchLoadedFields + 2);
        Assert.InRange(manyStatements, fewStatements, BatchLoadedFields + 2);
    }

    [SkippableFact]
    public async Task ConnectionAskedOnlyForItsCount_CostsOneStatement_WithItsPageToo()
    {
        server.SkipIfUnavailable();
        var (countOnly, countStatements) = await RunAsync("{ models(first: 5) { totalCount } }");
        var (withPage, pageStatements) = await RunAsync("{ models(first: 5) { totalCount pageInfo { hasNextPage } } }");

        Assert.Contains("\"totalCount\":", countOnly, StringComparison.Ordinal);
        Assert.Equal(1, countStatements);
        // The page and its total read in one statement (CompiledPages).
        Assert.Equal(1, pageStatements);
        Assert.Contains("\"hasNextPage\":true", withPage, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task EvidenceStatus_OfEveryArea_CostsTheSameStatements_AsThatOfOne()
    {
        server.SkipIfUnavailable();
        const string Status = "evidenceStatus { evidenceCount byDesign { design count } byRating { level count } modelsByVerdict { verdict count } }";
        var (one, oneStatements) = await RunAsync($$"""{ challengeAreas(first: 1, order: [{ name: ASC }]) { nodes { key {{Status}} } } }""");
        var (all, allStatements) = await RunAsync($$"""{ challengeAreas(first: 200) { nodes { key {{Status}} } } }""");

        Assert.True(all.Split("\"key\"").Length > 20, "the seed should have more than 20 areas");
        Assert.Contains("\"modelsByVerdict\"", one, StringComparison.Ordinal);
        // The page of areas, then the areas asked for, their evidence by design and by rating, and their models by verdict.
        Assert.Equal(oneStatements, allStatements);
        Assert.Equal(5, allStatements);
    }

    [SkippableFact]
    public async Task SearchPage_ReadsItsRecordsInItsOwnStatement_OfEveryKindOnIt()
    {
        server.SkipIfUnavailable();
        const string Edges = """
            totalCount
            edges { score node { __typename ...on Node { id } ...on Organisation { name status } ...on Model { name family }
                                 ...on Evidence { title year } ...on Source { title url } ...on ChallengeArea { name depth } } }
            """;
        var (page, statements) = await RunAsync($$"""{ search(query: "housing", first: 30) { {{Edges}} } }""");
        var (kept, keptStatements) = await RunAsync($$"""{ search(query: "housing", first: 30, organisations: { status: { eq: ACTIVE } }) { {{Edges}} } }""");

        // The seed's housing matches are of several kinds, so that one statement is seen to read each kind's table.
        var kinds = Regex.Matches(page, "\"__typename\":\"(\\w+)\"").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.True(kinds.Count >= 3, $"the search should find several kinds, found {string.Join(", ", kinds)}");
        Assert.Equal(1, statements);
        // Conditions on the results are composed by EF Core, with the page's records looked up after it.
        Assert.Contains("\"status\":\"ACTIVE\"", kept, StringComparison.Ordinal);
        Assert.Equal(3, keptStatements);
    }

    private async Task<(int Rows, int Statements)> RunAsync(int first)
    {
        var (json, statements) = await RunAsync(DeepQuery, new Dictionary<string, object?> { ["first"] = first });
        return (json.Length, statements);
    }

    private async Task<(string Json, int Statements)> RunAsync(string query, Dictionary<string, object?>? variables = null)
    {
        using var scope = server.Services.CreateScope();
        var executer = scope.ServiceProvider.GetRequiredService<IDocumentExecuter<ISchema>>();
        var result = await executer.ExecuteAsync(options =>
        {
            options.Query = query;
            options.Variables = variables is null ? null : new Inputs(variables);
            options.RequestServices = scope.ServiceProvider;
        });
        Assert.Null(result.Errors);
        var serializer = scope.ServiceProvider.GetRequiredService<IGraphQLTextSerializer>();
        var json = serializer.Serialize(result);
        return (json, scope.ServiceProvider.GetRequiredService<SqlStatementCounter>().Count);
    }
}

public sealed class SqliteStatementCountTests(SqliteApiServer server) : StatementCountTests<SqliteApiServer>(server);

public sealed class PostgresStatementCountTests(PostgresApiServer server) : StatementCountTests<PostgresApiServer>(server);
