using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Store;
using SocialEconomy.Graph.Traversal;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Store;

/// <summary>
/// Nodes of every kind read in one statement as JSON rows are the nodes EF Core reads from each table: every property,
/// the evidence ratings split into the evidence table and the other ratings kept as JSON included.
/// </summary>
public abstract class NodeLookupTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : ApiServer
{
    private static readonly JsonSerializerOptions Written = new() { Converters = { new JsonStringEnumConverter() } };

    [SkippableFact]
    public async Task EveryNodeOfEveryKind_InOneStatement_IsTheNodeEfCoreReads_AndAMissingOneIsLeftOut()
    {
        server.SkipIfUnavailable();
        using var scope = server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
        var expected = new Dictionary<NodeRef, object>();
        foreach (var kind in Enum.GetValues<NodeKind>())
        {
            var entity = NodeLookup.EntityOf(kind);
            var rows = await ((IQueryable<object>)typeof(NodeLookupTests<TServer>).GetMethod(nameof(All), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(entity).Invoke(null, [db])!).ToListAsync();
            Assert.NotEmpty(rows);
            foreach (var row in rows)
            {
                expected[new NodeRef(kind, (string)entity.GetProperty("Id")!.GetValue(row)!)] = row;
            }
        }

        var counter = scope.ServiceProvider.GetRequiredService<SqlStatementCounter>();
        var before = counter.Count;
        var missing = new NodeRef(NodeKind.Model, "no-such-model");
        var found = await NodeLookup.ReadAsync(db, [.. expected.Keys, missing], CancellationToken.None);

        Assert.Equal(1, counter.Count - before);
        Assert.False(found.ContainsKey(missing));
        Assert.Equal(expected.Count, found.Count);
        Assert.Contains(expected.Values, n => n is EvidenceItem { Rating: not null, OtherRatings.Count: > 0 });
        Assert.Contains(expected.Values, n => n is Organisation { IncorporatedOn: not null, Status: not null });
        foreach (var (node, entity) in expected)
        {
            Assert.True(found.TryGetValue(node, out var read), $"{node} was not read");
            Assert.Equal(entity.GetType(), read.GetType());
            Assert.Equal(JsonSerializer.Serialize(entity, Written), JsonSerializer.Serialize(read, Written));
        }
    }

    private static IQueryable<object> All<TNode>(GraphDbContext db)
        where TNode : class => db.Set<TNode>().AsNoTracking();
}

public sealed class SqliteNodeLookupTests(SqliteApiServer server) : NodeLookupTests<SqliteApiServer>(server);

public sealed class PostgresNodeLookupTests(PostgresApiServer server) : NodeLookupTests<PostgresApiServer>(server);
