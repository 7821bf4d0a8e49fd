using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;
using SocialEconomy.Graph.Traversal;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Store;

/// <summary>
/// Rows read as JSON built by the store, so that one statement can return several tables' rows, are the rows EF Core
/// reads: nodes of every kind (the evidence ratings split into the evidence table and the other ratings kept as JSON
/// included), and relationships with their sources.
/// </summary>
public abstract class JsonRowsTests<TServer>(TServer server) : IClassFixture<TServer>
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
            var rows = await ((IQueryable<object>)typeof(JsonRowsTests<TServer>).GetMethod(nameof(All), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
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

    [SkippableFact]
    public async Task ANeighbourhoodsRelationships_WithTheirSources_AreTheRowsEfCoreReads()
    {
        server.SkipIfUnavailable();
        using var scope = server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
        // Two neighbourhoods that between them hold relationships with every kind of property: around the first body
        // funded with an amount recorded, and around the first model evaluated by evidence that reports findings.
        var funded = await db.Relationships.Where(f => f.Type == RelationshipType.Funds && f.Amount != null)
            .OrderBy(f => f.ToId).Select(f => new NodeRef(f.ToKind, f.ToId)).FirstAsync();
        var evaluated = await db.Relationships
            .Where(e => e.Type == RelationshipType.Evaluates && e.ToKind == NodeKind.Model
                && db.Relationships.Any(r => r.Type == RelationshipType.Reports && r.FromId == e.FromId))
            .OrderBy(e => e.ToId).Select(e => e.ToId).FirstAsync();
        var read = new List<Relationship>();
        foreach (var centre in (NodeRef[])[funded, new NodeRef(NodeKind.Model, evaluated)])
        {
            var found = await new GraphTraversal(db).NeighbourhoodAsync(centre, 2, null, 500, withSources: true);
            var ids = found.Relationships.Select(r => r.Id).ToList();
            var expected = await db.Relationships.AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id);
            var attributions = await (from rs in db.RelationshipSources
                                      where ids.Contains(rs.RelationshipId)
                                      join s in db.Sources on rs.SourceId equals s.Id
                                      select new { rs.RelationshipId, Source = s }).AsNoTracking().ToListAsync();
            Assert.NotNull(found.RelationshipSources);
            foreach (var relationship in found.Relationships)
            {
                Assert.Equal(JsonSerializer.Serialize(expected[relationship.Id], Written), JsonSerializer.Serialize(relationship, Written));
                var sources = attributions.Where(a => a.RelationshipId == relationship.Id).Select(a => a.Source).OrderBy(s => s.Id, StringComparer.Ordinal);
                Assert.Equal(JsonSerializer.Serialize(sources, Written), JsonSerializer.Serialize(found.RelationshipSources[relationship.Id], Written));
            }

            Assert.Contains(found.RelationshipSources.Values, s => s.Count > 0);
            read.AddRange(found.Relationships);
        }

        Assert.True(read.Count > 20, $"only {read.Count} relationships");
        Assert.Contains(read, r => r.Amount is not null);
        Assert.Contains(read, r => r.Effect is not null);
        Assert.Contains(read, r => r.RoleKind is not null);
    }

    private static IQueryable<object> All<TNode>(GraphDbContext db)
        where TNode : class => db.Set<TNode>().AsNoTracking();
}

public sealed class SqliteJsonRowsTests(SqliteApiServer server) : JsonRowsTests<SqliteApiServer>(server);

public sealed class PostgresJsonRowsTests(PostgresApiServer server) : JsonRowsTests<PostgresApiServer>(server);
