using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SocialEconomy.Graph.Export;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Ingest;

namespace SocialEconomy.Tests.Export;

/// <summary>"ingest export neo4j" on each store: neo4j-admin import CSV files and a LOAD CSV script over the same files.</summary>
public abstract class Neo4jExportTests(StoreProvider provider)
{
    private static readonly string[] NodeLabels = ["Organisation", "Model", "ChallengeArea", "Funder", "Outcome", "Evidence", "Source"];

    private static readonly string[] RelationshipTypes =
        ["RUNS", "TAKES_PART_IN", "WORKS_IN", "PARTNERS_WITH", "FUNDS", "ADDRESSES", "TARGETS", "OUTCOME_IN", "EVALUATES", "EVIDENCE_IN", "REPORTS", "CITES", "PARENT_OF"];

    private static readonly HashSet<string> ColumnTypes = ["string", "int", "double", "boolean", "date", "string[]"];

    [SkippableFact]
    public async Task ExportNeo4j_WritesOneFilePerLabelAndType_ParsingAsCsvWithTypedHeaders_AndEveryEndExists()
    {
        var store = await ExportStores.SeedAndIndigoAsync(provider);
        var directory = ExportStores.TempPath("neo4j");

        var result = await IngestRunner.RunAsync(store, "export", "neo4j", directory);

        Assert.True(result.Exit == 0, result.Error);
        Assert.Equal(
            NodeLabels.Select(l => $"nodes/{l}.csv").Concat(RelationshipTypes.Select(t => $"relationships/{t}.csv")).Order(StringComparer.Ordinal),
            Directory.GetFiles(directory, "*.csv", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/')).Order(StringComparer.Ordinal));

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var label in NodeLabels)
        {
            var (header, rows) = Read(directory, $"nodes/{label}.csv");
            Assert.Equal(["key:ID", ":LABEL"], header[..2]);
            AssertTypedColumns(header[2..], rows, 2);
            Assert.Contains("origin:string", header);
            foreach (var row in rows)
            {
                Assert.Equal($"{label};Node", row[1]);
                Assert.True(keys.Add(row[0]!), $"{row[0]} appears twice among the node files");
            }
        }

        foreach (var type in RelationshipTypes)
        {
            var (header, rows) = Read(directory, $"relationships/{type}.csv");
            Assert.Equal([":START_ID", ":END_ID", ":TYPE"], header[..3]);
            AssertTypedColumns(header[3..], rows, 3);
            foreach (var row in rows)
            {
                Assert.Equal(type, row[2]);
                Assert.True(keys.Contains(row[0]!), $"{type}: start {row[0]} is not among the nodes");
                Assert.True(keys.Contains(row[1]!), $"{type}: end {row[1]} is not among the nodes");
            }
        }
    }

    [SkippableFact]
    public async Task ExportNeo4j_CountsEqualTheStores_AndValuesAreTheStoredOnes()
    {
        var store = await ExportStores.SeedAndIndigoAsync(provider);
        var directory = ExportStores.TempPath("neo4j");
        Assert.Equal(0, (await IngestRunner.RunAsync(store, "export", "neo4j", directory)).Exit);
        var counts = await ExportStores.CountsAsync(store);
        var (byType, parents, funding) = await ExportStores.WithDbAsync(store, async db => (
            await db.Relationships.GroupBy(r => r.Type).Select(g => new { g.Key, Count = g.LongCount() }).ToDictionaryAsync(g => g.Key, g => g.Count),
            await db.ChallengeAreas.LongCountAsync(a => a.ParentId != null),
            await db.Relationships.Where(r => r.Type == RelationshipType.Funds && r.Amount != null).OrderBy(r => r.Key).FirstAsync()));

        foreach (var label in NodeLabels)
        {
            Assert.Equal(counts.ByKind[label], Read(directory, $"nodes/{label}.csv").Rows.Count);
        }

        foreach (var type in Enum.GetValues<RelationshipType>())
        {
            Assert.Equal(byType.GetValueOrDefault(type), Read(directory, $"relationships/{ExportSchema.TypeName(type)}.csv").Rows.Count);
        }

        Assert.Equal(counts.ByKind["NodeSource"], Read(directory, "relationships/CITES.csv").Rows.Count);
        Assert.Equal(parents, Read(directory, "relationships/PARENT_OF.csv").Rows.Count);

        var (header, rows) = Read(directory, "relationships/FUNDS.csv");
        var row = rows.Single(r => r[Array.IndexOf(header, "key:string")] == funding.Key);
        Assert.Equal(funding.Amount, decimal.Parse(row[Array.IndexOf(header, "amount:double")]!, CultureInfo.InvariantCulture));
        Assert.Equal(funding.FromId, row[0]);
        Assert.Equal(funding.ToId, row[1]);
    }

    [SkippableFact]
    public async Task ExportNeo4j_CypherScript_CreatesConstraints_AndLoadsEveryFileWithLoadCsv()
    {
        var store = await ExportStores.SeedAndIndigoAsync(provider);
        var directory = ExportStores.TempPath("neo4j");
        Assert.Equal(0, (await IngestRunner.RunAsync(store, "export", "neo4j", directory)).Exit);

        var script = File.ReadAllText(Path.Combine(directory, "load.cypher"));

        foreach (var label in NodeLabels.Append("Node"))
        {
            Assert.Contains($"FOR (n:{label}) REQUIRE n.key IS UNIQUE;", script);
        }

        foreach (var file in Directory.GetFiles(directory, "*.csv", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(directory, file).Replace('\\', '/');
            Assert.Contains($"LOAD CSV WITH HEADERS FROM 'file:///{relative}' AS row", script);
            foreach (var column in Read(directory, relative).Header.Where(c => !c.StartsWith(':')))
            {
                // Every column the file declares is read by the script, with the conversion its type needs.
                Assert.Contains($"row.`{column}`", script);
            }
        }

        Assert.Contains("toInteger(row.`year:int`)", script);
        Assert.Contains("toFloat(row.`amount:double`)", script);
        Assert.Contains("date(row.`retrieved:date`)", script);
        Assert.Contains("split(row.`identifiers:string[]`, ';')", script);
        foreach (var type in RelationshipTypes)
        {
            Assert.Contains($"MERGE (a)-[r:{type}", script);
        }
    }

    private static (string[] Header, List<string?[]> Rows) Read(string directory, string file)
    {
        var rows = Csv.Parse(File.ReadAllText(Path.Combine(directory, file)));
        var header = rows[0].Select(h => h!).ToArray();
        var data = rows.Skip(1).ToList();
        Assert.All(data, r => Assert.Equal(header.Length, r.Length));
        return (header, data);
    }

    /// <summary>Each property column is name:type with a neo4j-admin type, and every value parses as its type.</summary>
    private static void AssertTypedColumns(string[] columns, List<string?[]> rows, int offset)
    {
        for (var i = 0; i < columns.Length; i++)
        {
            var parts = columns[i].Split(':');
            Assert.True(parts.Length == 2 && parts[0].Length > 0 && ColumnTypes.Contains(parts[1]), $"column '{columns[i]}' is not name:type");
            foreach (var value in rows.Select(r => r[offset + i]).OfType<string>())
            {
                Assert.True(parts[1] switch
                {
                    "int" => int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
                    "double" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
                    "date" => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                    "boolean" => value is "true" or "false",
                    "string[]" => value.Split(';').All(v => v.Length > 0),
                    _ => true,
                }, $"'{value}' in column '{columns[i]}' is not a {parts[1]}");
            }
        }
    }
}

public sealed class SqliteNeo4jExportTests() : Neo4jExportTests(StoreProvider.Sqlite);

public sealed class PostgresNeo4jExportTests() : Neo4jExportTests(StoreProvider.Postgres);
