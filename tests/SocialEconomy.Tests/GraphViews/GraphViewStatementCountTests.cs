using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SocialEconomy.Tests.GraphViews;

/// <summary>The graph views cost a bounded number of SQL statements, however many rows they return.</summary>
public abstract class GraphViewStatementCountTests<TServer>(TServer server, ITestOutputHelper output) : IClassFixture<TServer>
    where TServer : ApiServer
{
    /// <summary>The deepest example: a three-hop neighbourhood, and for every node and relationship in it what it links to.</summary>
    private const string DeepNeighbourhood = """
        query($id: ID!, $limit: Int) {
          neighbourhood(id: $id, depth: 3, limit: $limit) {
            truncated
            nodes {
              distance
              node {
                id
                ... on Organisation { name sources { url } models { name } fundings { amount funder { name } sources { url } } }
                ... on Model { name evidence { title } outcomes { name } }
                ... on Evidence { title findings { effect outcome { name } } }
                ... on ChallengeArea { name parent { name } }
              }
            }
            relationships { type from { id } to { id } sources { url } }
          }
        }
        """;

    // One statement per hop (3), the relationships among the nodes with their sources and the nodes' records (1); the
    // batch-loaded fields below them: sources, models, fundings, funder, fundings' sources, evidence, outcomes,
    // findings, findings' outcome, parent (10).
    private const int NeighbourhoodBound = 3 + 1 + 10;

    [SkippableFact]
    public async Task DeepNeighbourhood_CostsABoundedNumberOfStatements_ForFewOrManyNodes()
    {
        server.SkipIfUnavailable();
        var id = "T3JnYW5pc2F0aW9uOmdtLWhvbWVzLXBhcnRuZXJzaGlw";
        var (fewRows, fewStatements) = await RunAsync(DeepNeighbourhood, new() { ["id"] = id, ["limit"] = 10 });
        var (manyRows, manyStatements) = await RunAsync(DeepNeighbourhood, new() { ["id"] = id, ["limit"] = 500 });

        Assert.True(manyRows > fewRows * 5, $"the larger neighbourhood should return many more rows ({fewRows} vs {manyRows} characters)");
        Assert.InRange(fewStatements, 1, NeighbourhoodBound);
        Assert.InRange(manyStatements, 1, NeighbourhoodBound);
    }

    /// <summary>The benchmark's neighbourhood: the nodes' own fields and the relationships with their sources.</summary>
    [SkippableFact]
    public async Task Neighbourhood_OfNodesAndRelationshipsWithSources_CostsAStatementPerHopAndOneMore_ForFewOrManyNodes()
    {
        server.SkipIfUnavailable();
        const string query = """
            query($id: ID!, $limit: Int) {
              neighbourhood(id: $id, depth: 2, limit: $limit) {
                truncated
                nodes { distance node { id __typename ... on Organisation { key name } ... on Model { key name } ... on Funder { key name }
                  ... on ChallengeArea { key name } ... on Outcome { key name } ... on Evidence { key title } } }
                relationships { type from { id } to { id } role amount currency year sources { url } }
              }
            }
            """;
        var id = "T3JnYW5pc2F0aW9uOmdtLWhvbWVzLXBhcnRuZXJzaGlw";
        var (fewRows, fewStatements) = await RunAsync(query, new() { ["id"] = id, ["limit"] = 3 });
        var (manyRows, manyStatements) = await RunAsync(query, new() { ["id"] = id, ["limit"] = 200 });

        Assert.True(manyRows > fewRows * 5, $"the larger neighbourhood should return many more rows ({fewRows} vs {manyRows} characters)");
        // One statement per hop, then the relationships among the nodes with their sources and the records of the
        // nodes of every kind, the centre's included (1); the relationships' ends are among the nodes, already loaded.
        // Three nodes fill up at the first hop, so the second is never read.
        Assert.Equal(1 + 1, fewStatements);
        Assert.Equal(2 + 1, manyStatements);
    }

    [SkippableFact]
    public async Task Paths_CostTheSameStatements_ForFewOrManyPaths()
    {
        server.SkipIfUnavailable();
        const string query = """
            query($first: Int) { paths(from: "TW9kZWw6aG91c2luZy1maXJzdA", to: "T3JnYW5pc2F0aW9uOnNoZWx0ZXI", maxHops: 4, first: $first) {
                length nodes { id ... on Organisation { name } ... on Model { name } ... on Evidence { title } } relationships { type from { id } to { id } sources { url } } } }
            """;
        var (fewRows, fewStatements) = await RunAsync(query, new() { ["first"] = 1 });
        var (manyRows, manyStatements) = await RunAsync(query, new() { ["first"] = 100 });

        Assert.True(manyRows > fewRows * 5, $"more paths should return many more rows ({fewRows} vs {manyRows} characters)");
        // One statement per hop for both ends together (2 of 4 hops), then the relationships along the paths whole with
        // the ends and the nodes along the paths, of every kind (1), then the relationships' sources (1).
        Assert.Equal(2 + 1 + 1, manyStatements);
        Assert.Equal(manyStatements, fewStatements);
    }

    [SkippableFact]
    public async Task ComparableModels_CostTheSameStatements_ForFewOrManyModels()
    {
        server.SkipIfUnavailable();
        const string query = """
            query($first: Int) { comparableModels(to: "TW9kZWw6aG91c2luZy1maXJzdA", first: $first) {
                score model { name evidence { title } } reasons { sharedChallengeAreas { name } sharedOutcomes { name } sharedFunders { name } } } }
            """;
        // A few models, among them one sharing a funder with Housing First, so both lists read every kind of reason.
        var (fewRows, fewStatements) = await RunAsync(query, new() { ["first"] = 3 });
        var (manyRows, manyStatements) = await RunAsync(query, new() { ["first"] = 100 });

        Assert.True(manyRows > fewRows * 3, $"more models should return many more rows ({fewRows} vs {manyRows} characters)");
        Assert.Equal(fewStatements, manyStatements);
        // The model (1), the store's version (1: the scores and shared features come from the in-memory index, whose
        // builds read the store in a scope of their own), models (1), evidence (1), areas, outcomes and funders (3).
        Assert.InRange(manyStatements, 1, 7);
    }

    [SkippableFact]
    public async Task EvidenceMap_CostsTheSameStatements_ForOneAreaOrTheWholeGraph()
    {
        server.SkipIfUnavailable();
        const string area = """
            { evidenceMap(within: "Q2hhbGxlbmdlQXJlYTpob21lbGVzc25lc3M") { challengeAreas { name } outcomes { name }
                cells { evidenceCount bestRating { level } effects { positive } evidence { title sources { url } } evidenceWithoutFindingCount evidenceWithoutFinding { title } } } }
            """;
        const string whole = """
            { evidenceMap { challengeAreas { name } outcomes { name }
                cells { evidenceCount bestRating { level } effects { positive } evidence { title sources { url } } evidenceWithoutFindingCount evidenceWithoutFinding { title } } } }
            """;
        var (fewRows, fewStatements) = await RunAsync(area, []);
        var (manyRows, manyStatements) = await RunAsync(whole, []);

        Assert.True(manyRows > fewRows * 3, $"the whole map should return many more rows ({fewRows} vs {manyRows} characters)");
        // 'within' costs one statement more: looking the area up.
        Assert.Equal(fewStatements, manyStatements + 1);
        // The area (1), rows with the number of outcomes in the graph (1; every outcome as a column would fit, so the
        // outcomes reported in the rows are not counted before any finding is read), cells (1, which also reads, from
        // the same findings, each area's evidence that records none), columns (1), the cells' evidence (1) and its
        // sources (1), and the evidence without findings of every row (1).
        Assert.Equal(7, fewStatements);
    }

    private async Task<(int Rows, int Statements)> RunAsync(string query, Dictionary<string, object?> variables)
    {
        using var scope = server.Services.CreateScope();
        var executer = scope.ServiceProvider.GetRequiredService<IDocumentExecuter<ISchema>>();
        var result = await executer.ExecuteAsync(options =>
        {
            options.Query = query;
            options.Variables = new Inputs(variables);
            options.RequestServices = scope.ServiceProvider;
        });
        Assert.True(result.Errors is null, string.Join("; ", result.Errors?.Select(e => $"{e.Code}: {e.Message} {e.InnerException}") ?? []));
        var json = scope.ServiceProvider.GetRequiredService<IGraphQLTextSerializer>().Serialize(result);
        var statements = scope.ServiceProvider.GetRequiredService<SqlStatementCounter>().Count;
        output.WriteLine($"{server.Provider}: {statements} statements for {json.Length} characters ({string.Join(", ", variables.Select(v => $"{v.Key}={v.Value}"))})");
        return (json.Length, statements);
    }
}

public sealed class SqliteGraphViewStatementCountTests(SqliteApiServer server, ITestOutputHelper output)
    : GraphViewStatementCountTests<SqliteApiServer>(server, output);

public sealed class PostgresGraphViewStatementCountTests(PostgresApiServer server, ITestOutputHelper output)
    : GraphViewStatementCountTests<PostgresApiServer>(server, output);
