using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Tests.Infrastructure;

/// <summary>A hash of every row of every table of the model, to prove that something left the store exactly as it was.</summary>
public static class StoreFingerprint
{
    /// <param name="store">The store.</param>
    /// <param name="ignoredColumns">
    /// Columns left out, as "Table.Column": for comparing two stores that hold the same graph but were written at
    /// other times (StoreLoads.FinishedAt) or in another order (SearchDocuments.Id).
    /// </param>
    public static async Task<string> ComputeAsync(TestStore store, params string[] ignoredColumns)
    {
        await using var services = store.CreateServices();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
        if ((await db.Database.GetAppliedMigrationsAsync()).Any() is false)
        {
            return "no schema";
        }

        // Every table of the model, so that a table added later is covered without a change here.
        var tables = db.Model.GetEntityTypes()
            .Where(t => t.GetTableName() is not null && t.FindPrimaryKey() is not null && t.FindOwnership() is null)
            .Select(t => t.GetTableName()!)
            .Distinct()
            .ToList();
        Assert.Contains("SearchDocuments", tables);
        Assert.Contains("StoreLoads", tables);
        var content = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            foreach (var table in tables)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT * FROM \"{table}\"";
                await using var reader = await command.ExecuteReaderAsync();
                var rows = new List<string>();
                while (await reader.ReadAsync())
                {
                    var row = new List<string?>();
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        if (!ignoredColumns.Contains($"{table}.{reader.GetName(i)}"))
                        {
                            row.Add(reader.IsDBNull(i) ? null : $"{reader.GetName(i)}={Text(reader.GetValue(i))}");
                        }
                    }

                    rows.Add(JsonSerializer.Serialize(row));
                }

                // Sorted here, not by the store: the same rows give the same hash whatever the store's collation.
                rows.Sort(StringComparer.Ordinal);
                content[table] = rows;
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        // One hash per table, so that a difference names its table.
        return string.Join(' ', content.Select(t =>
            $"{t.Key}:{t.Value.Count}:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(t.Value))))[..16]}"));
    }

    private static string? Text(object value) =>
        value is byte[] bytes ? Convert.ToHexString(bytes) : Convert.ToString(value, CultureInfo.InvariantCulture);

    public static async Task<int> CountNodesAsync(TestStore store)
    {
        await using var services = store.CreateServices();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
        return await db.Models.CountAsync() + await db.Organisations.CountAsync() + await db.Evidence.CountAsync();
    }
}
