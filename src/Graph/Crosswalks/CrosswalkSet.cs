using System.Text.Json;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Relationships;

namespace SocialEconomy.Graph.Crosswalks;

/// <summary>
/// The crosswalk files of a seed-data folder (<c>crosswalks/*.json</c>, schema <c>schema/seed-data/crosswalk.schema.json</c>),
/// checked against the folder's own records: every target is a challenge area or outcome it defines (or a participation
/// role of the vocabulary), every source a
/// source it defines, every field a rule reads one its file declares.
/// </summary>
public sealed class CrosswalkSet
{
    public const string Folder = "crosswalks";

    internal const string SchemaFile = "crosswalk.schema.json";

    private readonly Dictionary<string, Crosswalk> _byId;

    private CrosswalkSet(IEnumerable<Crosswalk> crosswalks) =>
        _byId = crosswalks.ToDictionary(c => c.Id, StringComparer.Ordinal);

    /// <summary>No crosswalks: imports make no derived links and count every value as unmapped.</summary>
    public static CrosswalkSet None { get; } = new([]);

    public IReadOnlyCollection<Crosswalk> All => _byId.Values;

    /// <summary>The crosswalk with this id, or null when the set has none (an import then derives nothing from it).</summary>
    public Crosswalk? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Reads and checks every crosswalk file of <paramref name="seedDirectory"/>; throws <see cref="SeedDataException"/> listing every problem.</summary>
    public static CrosswalkSet Load(string seedDirectory)
    {
        var folder = Path.Combine(seedDirectory, Folder);
        if (!Directory.Exists(folder))
        {
            return None;
        }

        var ids = SeedIds.Read(seedDirectory);
        var errors = new List<SeedDataError>();
        var crosswalks = new List<Crosswalk>();
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var shown = Path.Combine(Folder, Path.GetFileName(file));
            var bytes = File.ReadAllBytes(file);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(bytes);
            }
            catch (JsonException ex)
            {
                errors.Add(new SeedDataError(shown, (int?)ex.LineNumber + 1, null, null, $"is not valid JSON: {ex.Message}"));
                continue;
            }

            using (document)
            {
                var lines = JsonLineMap.Build(bytes);
                var failures = SeedSchemas.Validate(SchemaFile, document.RootElement);
                if (failures.Count > 0)
                {
                    errors.AddRange(failures.Select(f => new SeedDataError(shown, lines.LineOf(f.Pointer), null, f.Pointer, f.Message)));
                    continue;
                }

                if (Read(document.RootElement, shown, lines, ids, errors) is { } crosswalk)
                {
                    if (crosswalks.Any(c => c.Id == crosswalk.Id))
                    {
                        errors.Add(new SeedDataError(shown, lines.LineOf("/id"), null, "id", $"crosswalk id '{crosswalk.Id}' is used by another crosswalk file."));
                    }

                    crosswalks.Add(crosswalk);
                }
            }
        }

        return errors.Count > 0 ? throw new SeedDataException(errors) : new CrosswalkSet(crosswalks);
    }

    private static Crosswalk? Read(JsonElement root, string file, JsonLineMap lines, SeedIds ids, List<SeedDataError> errors)
    {
        var before = errors.Count;
        var to = root.GetProperty("to").GetString() switch
        {
            "OUTCOME" => CrosswalkTarget.Outcome,
            "PARTICIPATION_ROLE" => CrosswalkTarget.ParticipationRole,
            _ => CrosswalkTarget.ChallengeArea,
        };
        var targets = to switch
        {
            CrosswalkTarget.Outcome => ids.Outcomes,
            CrosswalkTarget.ParticipationRole => ParticipationRoles.ByName.Keys.ToHashSet(StringComparer.Ordinal),
            _ => ids.AreaParents.Keys.ToHashSet(StringComparer.Ordinal),
        };
        var fields = root.GetProperty("fields").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var sources = root.GetProperty("sources").EnumerateArray().Select(s => s.GetString()!).ToList();
        foreach (var (source, i) in sources.Select((s, i) => (s, i)).Where(s => !ids.Sources.Contains(s.s)))
        {
            errors.Add(new SeedDataError(file, lines.LineOf($"/sources/{i}"), null, "sources", $"source '{source}' is not defined in a sources file; add it there or correct the id."));
        }

        var rules = new List<CrosswalkRule>();
        var ruleIds = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var rule in root.GetProperty("rules").EnumerateArray())
        {
            var at = $"/rules/{index++}";
            var id = rule.GetProperty("id").GetString()!;
            var target = rule.GetProperty("target").ValueKind == JsonValueKind.Null ? null : rule.GetProperty("target").GetString();
            if (!ruleIds.Add(id))
            {
                errors.Add(new SeedDataError(file, lines.LineOf($"{at}/id"), $"rule '{id}'", "id", "is used by another rule of this crosswalk."));
            }

            if (target is not null && !targets.Contains(target))
            {
                errors.Add(new SeedDataError(file, lines.LineOf($"{at}/target"), $"rule '{id}'", "target",
                    to == CrosswalkTarget.ParticipationRole
                        ? $"'{target}' is not a participation role; use one of {string.Join(", ", ParticipationRoles.ByName.Keys)}."
                        : $"'{target}' is not a {(to == CrosswalkTarget.Outcome ? "outcome" : "challenge area")} of the seed data; add it there or correct the id."));
            }

            var when = new Dictionary<string, FieldCondition>(StringComparer.Ordinal);
            foreach (var condition in rule.GetProperty("when").EnumerateObject())
            {
                if (!fields.Contains(condition.Name))
                {
                    errors.Add(new SeedDataError(file, lines.LineOf($"{at}/when/{condition.Name}"), $"rule '{id}'", $"when.{condition.Name}",
                        $"reads a field the crosswalk does not declare; declare it under 'fields' ({string.Join(", ", fields)})."));
                }

                when[condition.Name] = new FieldCondition(Phrases(condition.Value, "is"), Phrases(condition.Value, "mentions"),
                    Phrases(condition.Value, "startsWith"), Phrases(condition.Value, "unless"));
            }

            rules.Add(new CrosswalkRule(id, target, when, rule.GetProperty("note").GetString()!));
        }

        return errors.Count > before ? null : new Crosswalk(root.GetProperty("id").GetString()!, root.GetProperty("title").GetString()!,
            root.GetProperty("dataset").GetString()!, to, sources, rules, ids.AreaParents);
    }

    private static List<string>? Phrases(JsonElement condition, string name) =>
        condition.TryGetProperty(name, out var phrases) ? [.. phrases.EnumerateArray().Select(p => p.GetString()!)] : null;

    /// <summary>The ids of the seed data's sources, challenge areas (with their parents) and outcomes, read from its files.</summary>
    private sealed record SeedIds(HashSet<string> Sources, Dictionary<string, string?> AreaParents, HashSet<string> Outcomes)
    {
        public static SeedIds Read(string seedDirectory)
        {
            var ids = new SeedIds(new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal));
            foreach (var file in Directory.GetFiles(seedDirectory, "*.json"))
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(file));
                foreach (var list in document.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array))
                {
                    foreach (var record in list.Value.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object && r.TryGetProperty("id", out _)))
                    {
                        var id = record.GetProperty("id").GetString()!;
                        switch (list.Name)
                        {
                            case SeedFileKind.SourcesKey:
                                ids.Sources.Add(id);
                                break;
                            case SeedFileKind.ChallengeAreasKey:
                                ids.AreaParents[id] = record.TryGetProperty("parent", out var parent) ? parent.GetString() : null;
                                break;
                            case SeedFileKind.OutcomesKey:
                                ids.Outcomes.Add(id);
                                break;
                        }
                    }
                }
            }

            return ids;
        }
    }
}
