using System.Net;
using SocialEconomy.Tests.Infrastructure;
using static SocialEconomy.Tests.Http.Http;

namespace SocialEconomy.Tests.Http;

/// <summary>Many clients at once, good requests and bad: no 5xx, every good request answered, the server alive after.</summary>
public abstract class LoadTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : ApiServer
{
    private const int Clients = 32;
    private const int RequestsPerClient = 15;

    private static readonly Func<int, HttpRequestMessage>[] Mix =
    [
        i => PostJson(new { query = "query($n: Int) { models(first: $n, order: [{ name: ASC }]) { totalCount nodes { name evidence { title rating { level } } } } }", variables = new { n = 1 + (i % 50) } }),
        _ => PostJson(new { query = "{ organisations(first: 20) { nodes { name fundings { amount funder { name } } } } }" }),
        _ => Get(Q("query", "{ challengeAreas(where: { depth: { eq: 0 } }) { totalCount nodes { name children { name } } } }")),
        _ => PostJson(new { query = "{ models { nodes { noSuchField } } }" }),
        _ => Post("{\"query\": "),
        _ => PostJson(new { query = "query($n: Int!) { models(first: $n) { totalCount } }", variables = new { n = "x" } }),
    ];

    [SkippableFact]
    public async Task ConcurrentClients_GetNo5xx_AndTheServerStillAnswers()
    {
        server.SkipIfUnavailable();
        var statuses = await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            var seen = new List<(int Kind, HttpStatusCode Status)>();
            for (var i = 0; i < RequestsPerClient; i++)
            {
                var kind = (client + i) % Mix.Length;
                seen.Add((kind, (await server.SendAsync(Mix[kind](client * RequestsPerClient + i))).Status));
            }

            return seen;
        })));

        var all = statuses.SelectMany(s => s).ToList();
        Assert.Equal(Clients * RequestsPerClient, all.Count);
        Assert.DoesNotContain(all, s => (int)s.Status >= 500);
        Assert.All(all.Where(s => s.Kind < 3), s => Assert.Equal(HttpStatusCode.OK, s.Status));

        using var alive = await server.Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }
}

public sealed class SqliteLoadTests(SqliteUnlimitedApiServer server) : LoadTests<SqliteUnlimitedApiServer>(server);

public sealed class PostgresLoadTests(PostgresUnlimitedApiServer server) : LoadTests<PostgresUnlimitedApiServer>(server);
