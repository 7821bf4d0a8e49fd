using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Queries;

/// <summary>Children load through batch loaders: the SQL a request costs does not grow with the rows it returns.</summary>
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
              organisations { name identifiers { scheme value } fundings { amount funder { name } sources { url } } }
              evidence { title sources { url } findings { effect outcome { name } sources { url } } }
              outcomes { name }
            }
          }
        }
        """;

    private const int BatchLoadedFields = 15;

    [SkippableFact]
    public async Task NestedQuery_CostsTheSameStatements_ForFewOrManyRows()
    {
        server.SkipIfUnavailable();
        var (fewRows, fewStatements) = await RunAsync(20);
        var (manyRows, manyStatements) = await RunAsync(200);

        Assert.True(manyRows > fewRows * 3 / 2, $"the larger page should return many more rows ({fewRows} vs {manyRows} characters)");
        Assert.Equal(fewStatements, manyStatements);
        // At most one statement per batch-loaded field (15 in the query), plus the page and its count.
        Assert.InRange(manyStatements, 1, BatchLoadedFields + 2);
    }

    private async Task<(int Rows, int Statements)> RunAsync(int first)
    {
        using var scope = server.Services.CreateScope();
        var executer = scope.ServiceProvider.GetRequiredService<IDocumentExecuter<ISchema>>();
        var result = await executer.ExecuteAsync(options =>
        {
            options.Query = DeepQuery;
            options.Variables = new Inputs(new Dictionary<string, object?> { ["first"] = first });
            options.RequestServices = scope.ServiceProvider;
        });
        Assert.Null(result.Errors);
        var serializer = scope.ServiceProvider.GetRequiredService<IGraphQLTextSerializer>();
        var json = serializer.Serialize(result);
        return (json.Length, scope.ServiceProvider.GetRequiredService<SqlStatementCounter>().Count);
    }
}

public sealed class SqliteStatementCountTests(SqliteApiServer server) : StatementCountTests<SqliteApiServer>(server);

public sealed class PostgresStatementCountTests(PostgresApiServer server) : StatementCountTests<PostgresApiServer>(server);
