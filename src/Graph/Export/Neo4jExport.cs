using System.Text;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Export;

/// <summary>
/// The graph as CSV files in the neo4j-admin import format, one per label (nodes/Organisation.csv, ...) and per
/// relationship type (relationships/RUNS.csv, ...), and load.cypher, which loads the same files into a running
/// Neo4j with LOAD CSV. Node ids are the store's keys (one id space: keys are unique across kinds).
/// </summary>
public static class Neo4jExport
{
    public const string CypherScript = "load.cypher";

    /// <summary>Writes the files into <paramref name="directory"/> (created if need be); returns the rows written per file.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> WriteAsync(GraphDbContext db, string directory, CancellationToken cancellationToken = default)
    {
        var files = new Files(directory);
        try
        {
            await using var snapshot = await GraphContent.BeginSnapshotAsync(db, cancellationToken);
            await foreach (var node in GraphContent.NodesAsync(db, cancellationToken))
            {
                var label = ExportSchema.Label(node.Kind);
                files.Row(NodeFile(label), [node.Node.Id, $"{label};{ExportSchema.NodeLabel}", .. Values(ExportSchema.NodeProperties(node.Kind), node.Node)]);
                foreach (var source in node.Sources)
                {
                    files.Row(RelationshipFile(ExportSchema.Cites), [node.Node.Id, source.SourceId, ExportSchema.Cites, source.Origin]);
                }

                if (node.Node is ChallengeArea { ParentId: { } parent } area)
                {
                    files.Row(RelationshipFile(ExportSchema.ParentOf), [parent, area.Id, ExportSchema.ParentOf]);
                }
            }

            await foreach (var relationship in GraphContent.RelationshipsAsync(db, cancellationToken))
            {
                var r = relationship.Relationship;
                var type = ExportSchema.TypeName(r.Type);
                files.Row(RelationshipFile(type), [r.FromId, r.ToId, type, .. Values(ExportSchema.RelationshipProperties, relationship)]);
            }
        }
        finally
        {
            files.Dispose();
        }

        await File.WriteAllTextAsync(Path.Combine(directory, CypherScript), Cypher(), new UTF8Encoding(false), cancellationToken);
        return files.Rows;
    }

    /// <summary>Every file the export writes, relative to its directory, with its header columns.</summary>
    public static IReadOnlyList<(string File, IReadOnlyList<string> Header)> Layout()
    {
        var layout = new List<(string, IReadOnlyList<string>)>();
        foreach (var kind in GraphContent.NodeKindOrder)
        {
            layout.Add((NodeFile(ExportSchema.Label(kind)), ["key:ID", ":LABEL", .. ExportSchema.NodeProperties(kind).Select(Column)]));
        }

        foreach (var type in ExportSchema.RelationshipTypes)
        {
            IReadOnlyList<string> header = type switch
            {
                ExportSchema.Cites => [":START_ID", ":END_ID", ":TYPE", "origin:string"],
                ExportSchema.ParentOf => [":START_ID", ":END_ID", ":TYPE"],
                _ => [":START_ID", ":END_ID", ":TYPE", .. ExportSchema.RelationshipProperties.Select(Column)],
            };
            layout.Add((RelationshipFile(type), header));
        }

        return layout;
    }

    public static string NodeFile(string label) => $"nodes/{label}.csv";

    public static string RelationshipFile(string type) => $"relationships/{type}.csv";

    private static string Column(ExportProperty property) => $"{property.Name}:{property.Type switch
    {
        ExportType.Int => "int",
        // double, not float: neo4j-admin's float is 32-bit, which would round amounts of money.
        ExportType.Double => "double",
        ExportType.Boolean => "boolean",
        ExportType.Date => "date",
        ExportType.StringList => "string[]",
        _ => "string",
    }}";

    private static IEnumerable<Field> Values(IReadOnlyList<ExportProperty> properties, object item) =>
        properties.Select(p => p.Read(item) switch
        {
            null => Field.Null,
            IReadOnlyList<string> list when list.Count == 0 => Field.Null,
            IReadOnlyList<string> list => Field.Text(ArrayValue(list, p.Name)),
            var value => p.Type == ExportType.String ? Field.Text(ExportSchema.Format(value)!) : Field.Bare(ExportSchema.Format(value)!),
        });

    private static string ArrayValue(IReadOnlyList<string> values, string property)
    {
        if (values.FirstOrDefault(v => v.Contains(';', StringComparison.Ordinal)) is { } bad)
        {
            throw new InvalidOperationException($"'{bad}' in '{property}' contains ';', the array delimiter of neo4j-admin import; it cannot be exported as an array.");
        }

        return string.Join(';', values);
    }

    private static string Cypher()
    {
        var text = new StringBuilder();
        text.AppendLine("""
            // Loads the CSV files beside this script into a running Neo4j 5 with LOAD CSV; running it again changes nothing.
            // Copy the folder's contents into the database's import directory (the files are read as file:///nodes/...,
            // file:///relationships/...), then: cypher-shell -u neo4j -p <password> -f load.cypher
            // For a new database, neo4j-admin reads the same files faster (see docs/exports.md in the repository):
            //   neo4j-admin database import full neo4j --nodes=import/nodes/Organisation.csv ... --relationships=import/relationships/RUNS.csv ... --multiline-fields=true
            // Every node has its kind's label and the label Node (the API's interface); "key" is its id in the knowledge graph.
            """);
        text.AppendLine($"CREATE CONSTRAINT node_key IF NOT EXISTS FOR (n:{ExportSchema.NodeLabel}) REQUIRE n.key IS UNIQUE;");
        foreach (var kind in GraphContent.NodeKindOrder)
        {
            var label = ExportSchema.Label(kind);
            text.AppendLine($"CREATE CONSTRAINT {Snake(label)}_key IF NOT EXISTS FOR (n:{label}) REQUIRE n.key IS UNIQUE;");
        }

        foreach (var (file, header) in Layout())
        {
            text.AppendLine();
            text.AppendLine($"LOAD CSV WITH HEADERS FROM 'file:///{file}' AS row");
            text.AppendLine("CALL { WITH row");
            var properties = header.Where(c => !c.StartsWith(':') && !c.EndsWith(":ID", StringComparison.Ordinal)).ToList();
            if (header[0] == "key:ID")
            {
                var label = Path.GetFileNameWithoutExtension(file);
                text.AppendLine($"  MERGE (n:{ExportSchema.NodeLabel} {{key: row.`key:ID`}})");
                text.AppendLine($"  SET n:{label}");
                Set(text, "n", properties);
            }
            else
            {
                var type = Path.GetFileNameWithoutExtension(file);
                text.AppendLine($"  MATCH (a:{ExportSchema.NodeLabel} {{key: row.`:START_ID`}})");
                text.AppendLine($"  MATCH (b:{ExportSchema.NodeLabel} {{key: row.`:END_ID`}})");
                var identity = type switch
                {
                    ExportSchema.ParentOf => "",
                    ExportSchema.Cites => " {origin: row.`origin:string`}",
                    _ => " {key: row.`key:string`}",
                };
                text.AppendLine($"  MERGE (a)-[r:{type}{identity}]->(b)");
                Set(text, "r", properties.Where(c => identity.Length == 0 || !identity.Contains($"`{c}`", StringComparison.Ordinal)).ToList());
            }

            text.AppendLine("} IN TRANSACTIONS OF 1000 ROWS;");
        }

        return text.ToString();
    }

    private static void Set(StringBuilder text, string variable, IReadOnlyList<string> columns)
    {
        if (columns.Count == 0)
        {
            return;
        }

        var assignments = columns.Select(column =>
        {
            var (name, type) = (column[..column.IndexOf(':')], column[(column.IndexOf(':') + 1)..]);
            var value = $"row.`{column}`";
            // LOAD CSV gives text; an empty field is no value.
            var typed = type switch
            {
                "int" => $"CASE {value} WHEN '' THEN null ELSE toInteger({value}) END",
                "double" => $"CASE {value} WHEN '' THEN null ELSE toFloat({value}) END",
                "date" => $"CASE {value} WHEN '' THEN null ELSE date({value}) END",
                "string[]" => $"CASE {value} WHEN '' THEN null ELSE split({value}, ';') END",
                _ => value,
            };
            return $"{variable}.{name} = {typed}";
        });
        text.AppendLine($"  SET {string.Join(",\n      ", assignments)}");
    }

    private static string Snake(string label) => ExportSchema.ConstantCase(Enum.Parse<NodeKind>(label)).ToLowerInvariant();

    /// <summary>A CSV field: text is always quoted (so "" is an empty string), a missing value is an empty field.</summary>
    private readonly record struct Field(string? Value, bool Quoted)
    {
        public static Field Null => new(null, false);

        public static Field Text(string value) => new(value, true);

        public static Field Bare(string value) => new(value, false);

        public static implicit operator Field(string value) => Text(value);

        public override string ToString() => Value is null ? "" : Quoted ? $"\"{Value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : Value;
    }

    /// <summary>The open CSV files, each created with its header on first use; files of empty labels and types get their header too.</summary>
    private sealed class Files : IDisposable
    {
        private readonly Dictionary<string, StreamWriter> _writers = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _rows = new(StringComparer.Ordinal);

        public Files(string directory)
        {
            foreach (var (file, header) in Layout())
            {
                var path = Path.Combine(directory, file);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var writer = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
                writer.WriteLine(string.Join(',', header));
                _writers[file] = writer;
                _rows[file] = 0;
            }
        }

        public IReadOnlyDictionary<string, long> Rows => _rows;

        public void Row(string file, IEnumerable<Field> fields)
        {
            _writers[file].WriteLine(string.Join(',', fields));
            _rows[file]++;
        }

        public void Dispose()
        {
            foreach (var writer in _writers.Values)
            {
                writer.Dispose();
            }
        }
    }
}
