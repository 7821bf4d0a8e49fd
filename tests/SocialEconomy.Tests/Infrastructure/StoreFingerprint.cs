using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Tests.Infrastructure;

/// <summary>A hash of every row of every table, to prove that something left the store exactly as it was.</summary>
public static class StoreFingerprint
{
    public static async Task<string> ComputeAsync(TestStore store)
    {
        await using var services = store.CreateServices();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
        if ((await db.Database.GetAppliedMigrationsAsync()).Any() is false)
        {
            return "no schema";
        }

        var content = new
        {
            Sources = await db.Sources.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
            Areas = await db.ChallengeAreas.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
            Models = await db.Models.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
            Organisations = await db.Organisations.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
            Identifiers = await db.OrganisationIdentifiers.AsNoTracking().OrderBy(x => x.OrganisationId).ThenBy(x => x.Scheme).ThenBy(x => x.Value).ToListAsync(),
            Funders = await db.Funders.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
            Outcomes = await db.Outcomes.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
            Evidence = await db.Evidence.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
            Relationships = await db.Relationships.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
            NodeSources = await db.NodeSources.AsNoTracking().OrderBy(x => x.NodeId).ThenBy(x => x.SourceId).ToListAsync(),
            RelationshipSources = await db.RelationshipSources.AsNoTracking().OrderBy(x => x.RelationshipId).ThenBy(x => x.SourceId).ToListAsync(),
        };
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(content))));
    }

    public static async Task<int> CountNodesAsync(TestStore store)
    {
        await using var services = store.CreateServices();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
        return await db.Models.CountAsync() + await db.Organisations.CountAsync() + await db.Evidence.CountAsync();
    }
}
