using System.Text.Json;
using Json.Schema;

namespace SocialEconomy.Graph.Loading;

/// <summary>The JSON Schemas of schema/seed-data, embedded in this assembly, compiled once.</summary>
internal static class SeedSchemas
{
    // Relative "$ref"s between the schema files resolve against this base, as they do beside the files on disk.
    private static readonly Uri BaseUri = new("file:///schema/seed-data/");

    private static readonly Lazy<Dictionary<string, JsonSchema>> Schemas = new(Build);

    /// <summary>Validates a whole file; returns (JSON Pointer, message) for every failing value.</summary>
    public static IReadOnlyList<(string Pointer, string Message)> Validate(SeedFileKind kind, JsonElement root) => Validate(kind.SchemaFile, root);

    /// <summary>Validates a whole file against one of the embedded schemas, named by its file name.</summary>
    public static IReadOnlyList<(string Pointer, string Message)> Validate(string schemaFile, JsonElement root)
    {
        var results = Schemas.Value[schemaFile].Evaluate(root, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        var failures = new List<(string Pointer, string Message)>();
        Collect(results, failures);
        return failures
            .GroupBy(f => f.Pointer)
            .Select(g => (g.Key, string.Join("; ", g.Select(f => f.Message).Distinct())))
            .ToList();
    }

    private static void Collect(EvaluationResults node, List<(string Pointer, string Message)> failures)
    {
        if (node.IsValid)
        {
            return;
        }

        var invalidChildren = (node.Details ?? []).Where(d => !d.IsValid).ToList();
        var branches = invalidChildren.Where(IsOneOfBranch).ToList();
        if (branches.Count > 0)
        {
            // Every alternative failed. The one that got furthest into the value (an object with a bad
            // member, rather than "should be a string") is what the author meant: report only that one.
            var deepest = branches.MaxBy(DeepestFailure)!;
            if (DeepestFailure(deepest) > node.InstanceLocation.ToString().Length)
            {
                Collect(deepest, failures);
            }
            else
            {
                failures.Add((node.InstanceLocation.ToString(), "is not any of the accepted forms: " +
                    string.Join(" or ", branches.SelectMany(AllMessages).Distinct())));
            }

            return;
        }

        foreach (var (keyword, message) in node.Errors ?? [])
        {
            var field = LastSegment(node.InstanceLocation.ToString());
            var hint = keyword switch
            {
                "enum" when EnumValues.Value.TryGetValue(field, out var values) => $"; use one of {values}",
                "pattern" => field == "id" || int.TryParse(field, out _) || field == "parent" || field == "recipient" || field == "outcome"
                    ? "; ids are lower-case words joined by hyphens, e.g. \"housing-first\""
                    : field == "scheme" ? "; use an org-id.guide scheme such as GB-COH, GB-CHC or GB-MPR" : "",
                _ => "",
            };
            failures.Add((node.InstanceLocation.ToString(), message + hint));
        }

        foreach (var child in invalidChildren)
        {
            Collect(child, failures);
        }
    }

    private static IEnumerable<string> AllMessages(EvaluationResults node) =>
        (node.Errors?.Values.AsEnumerable() ?? []).Concat((node.Details ?? []).Where(d => !d.IsValid).SelectMany(AllMessages));

    private static bool IsOneOfBranch(EvaluationResults node)
    {
        var path = node.EvaluationPath.ToString();
        var last = path.LastIndexOf('/');
        return last > 0 && int.TryParse(path.AsSpan(last + 1), out _) && path[..last].EndsWith("/oneOf", StringComparison.Ordinal);
    }

    private static string LastSegment(string pointer) => pointer[(pointer.LastIndexOf('/') + 1)..];

    /// <summary>The allowed values of every enum member of the schemas, by member name, to name them in errors.</summary>
    private static readonly Lazy<Dictionary<string, string>> EnumValues = new(() =>
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in SeedFileKind.All.Select(k => k.SchemaFile))
        {
            using var document = JsonDocument.Parse(ReadEmbedded(file));
            Visit(document.RootElement, null);
        }

        return values;

        void Visit(JsonElement element, string? name)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "enum" && name is not null)
                    {
                        values[name] = string.Join(", ", property.Value.EnumerateArray().Select(v => v.GetString()));
                    }
                    else
                    {
                        Visit(property.Value, property.Name);
                    }
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Visit(item, name);
                }
            }
        }
    });

    private static string ReadEmbedded(string file)
    {
        var assembly = typeof(SeedSchemas).Assembly;
        using var stream = assembly.GetManifestResourceStream($"seed-data/{file}")
            ?? throw new InvalidOperationException($"The seed-data schema {file} is not embedded in {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static int DeepestFailure(EvaluationResults node) =>
        Math.Max(node.Errors is { Count: > 0 } ? node.InstanceLocation.ToString().Length : -1,
            (node.Details ?? []).Where(d => !d.IsValid).Select(DeepestFailure).DefaultIfEmpty(-1).Max());

    private static Dictionary<string, JsonSchema> Build()
    {
        var registry = new SchemaRegistry();
        var schemas = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        foreach (var file in SeedFileKind.All.Select(k => k.SchemaFile).Prepend("common.schema.json").Append(Crosswalks.CrosswalkSet.SchemaFile))
        {
            var schema = JsonSchema.FromText(ReadEmbedded(file), new BuildOptions { SchemaRegistry = registry }, new Uri(BaseUri, file));
            schemas[file] = schema;
        }

        return schemas;
    }
}
