using Microsoft.EntityFrameworkCore;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.EvidenceMaps;

/// <summary>
/// The distinct models of each cell of one map: those that address the row's area (or, rolled up, an area beneath it)
/// and aim to change the column's outcome. Read only when a cell's model count is asked for, then once for the whole map
/// in one statement of (area, model, outcome) triples, rolled up here from the areas' paths as the findings are.
/// </summary>
public sealed class MapModels(List<ChallengeArea> rows, bool everyArea, string[] outcomeIds, bool rollUp)
{
    private Task<Dictionary<(string Area, string Outcome), HashSet<string>>>? _counts;

    internal async Task<int> CountAsync(GraphDbContext db, string area, string outcome, CancellationToken cancellationToken) =>
        (await (_counts ??= ReadAsync(db, cancellationToken))).TryGetValue((area, outcome), out var models) ? models.Count : 0;

    private async Task<Dictionary<(string Area, string Outcome), HashSet<string>>> ReadAsync(GraphDbContext db, CancellationToken cancellationToken)
    {
        var triples = from addresses in db.Relationships
                      where addresses.Type == RelationshipType.Addresses
                      join targets in db.Relationships on addresses.FromId equals targets.FromId
                      where targets.Type == RelationshipType.Targets && outcomeIds.Contains(targets.ToId)
                      select new { Area = addresses.ToId, Model = addresses.FromId, Outcome = targets.ToId };
        if (!everyArea)
        {
            var areaIds = rows.Select(a => a.Id).ToArray();
            triples = triples.Where(t => areaIds.Contains(t.Area));
        }

        var pathOf = rows.ToDictionary(a => a.Id, a => a.Path, StringComparer.Ordinal);
        var cells = new Dictionary<(string Area, string Outcome), HashSet<string>>();
        foreach (var triple in await triples.AsNoTracking().ToListAsync(cancellationToken))
        {
            if (!pathOf.TryGetValue(triple.Area, out var areaPath))
            {
                continue;
            }

            foreach (var row in rollUp ? areaPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(pathOf.ContainsKey) : [triple.Area])
            {
                if (!cells.TryGetValue((row, triple.Outcome), out var models))
                {
                    cells[(row, triple.Outcome)] = models = new HashSet<string>(StringComparer.Ordinal);
                }

                models.Add(triple.Model);
            }
        }

        return cells;
    }
}
