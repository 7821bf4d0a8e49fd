using System.Text.Json;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.GraphViews;

/// <summary>
/// The graph as the seed-data files state it, read here straight from the JSON, so that the graph views are checked
/// against facts computed independently of the store and of the API.
/// </summary>
public sealed class SeedGraph
{
    private static readonly Lazy<SeedGraph> Shared = new(Read);

    private SeedGraph()
    {
    }

    public static SeedGraph Instance => Shared.Value;

    /// <summary>Every record id and its node kind, as the API names the types ("Organisation", "Model", ...).</summary>
    public Dictionary<string, string> Kinds { get; } = new(StringComparer.Ordinal);

    /// <summary>Every relationship the files state; the type as the API's RelationshipType enum names it.</summary>
    public List<SeedEdge> Edges { get; } = [];

    public Dictionary<string, string?> AreaParents { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> ModelFamilies { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string?> OrganisationRegions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> OutcomeNames { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, (string Scale, int Level)> Ratings { get; } = new(StringComparer.Ordinal);

    public IEnumerable<SeedEdge> OfType(string type) => Edges.Where(e => e.Type == type);

    /// <summary>The area and every area beneath it.</summary>
    public HashSet<string> Subtree(string area) =>
        AreaParents.Keys.Where(a => Ancestry(a).Contains(area)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The area and the areas above it.</summary>
    public List<string> Ancestry(string area)
    {
        var chain = new List<string>();
        for (string? at = area; at is not null; at = AreaParents[at])
        {
            chain.Add(at);
        }

        return chain;
    }

    private static SeedGraph Read()
    {
        var graph = new SeedGraph();
        JsonElement File(string name, string key) =>
            JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(Repository.SeedData, name + ".json"))).RootElement.GetProperty(key);
        static IEnumerable<JsonElement> List(JsonElement record, string name) =>
            record.TryGetProperty(name, out var list) ? list.EnumerateArray() : [];
        static string Id(JsonElement link) => link.ValueKind == JsonValueKind.String ? link.GetString()! : link.GetProperty("id").GetString()!;
        static string? Text(JsonElement record, string name) =>
            record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        foreach (var area in File("challenge-areas", "challengeAreas").EnumerateArray())
        {
            graph.Kinds[Id(area)] = "ChallengeArea";
            graph.AreaParents[Id(area)] = Text(area, "parent");
        }

        foreach (var model in File("models", "models").EnumerateArray())
        {
            graph.Kinds[Id(model)] = "Model";
            graph.ModelFamilies[Id(model)] = model.GetProperty("family").GetString()!;
            graph.Edges.AddRange(List(model, "challengeAreas").Select(a => new SeedEdge("ADDRESSES", Id(model), Id(a))));
            graph.Edges.AddRange(List(model, "outcomes").Select(o => new SeedEdge("TARGETS", Id(model), Id(o))));
        }

        foreach (var organisation in File("organisations", "organisations").EnumerateArray())
        {
            graph.Kinds[Id(organisation)] = "Organisation";
            graph.OrganisationRegions[Id(organisation)] = Text(organisation, "region");
            // Operators and service providers run a model; every other role takes part in it.
            graph.Edges.AddRange(List(organisation, "models").Select(m => new SeedEdge(
                Text(m, "roleKind") is "OPERATOR" or "SERVICE_PROVIDER" ? "RUNS" : "TAKES_PART_IN", Id(organisation), Id(m))));
            graph.Edges.AddRange(List(organisation, "challengeAreas").Select(a => new SeedEdge("WORKS_IN", Id(organisation), Id(a))));
            graph.Edges.AddRange(List(organisation, "partners").Select(p => new SeedEdge("PARTNERS_WITH", Id(organisation), Id(p))));
        }

        foreach (var funder in File("funders", "funders").EnumerateArray())
        {
            graph.Kinds[Id(funder)] = "Funder";
            graph.Edges.AddRange(List(funder, "fundings").Select(f => new SeedEdge("FUNDS", Id(funder), f.GetProperty("recipient").GetString()!,
                f.TryGetProperty("year", out var year) ? year.GetInt32() : null, Text(f, "instrument"))));
        }

        foreach (var outcome in File("outcomes", "outcomes").EnumerateArray())
        {
            graph.Kinds[Id(outcome)] = "Outcome";
            graph.OutcomeNames[Id(outcome)] = outcome.GetProperty("name").GetString()!;
            graph.Edges.AddRange(List(outcome, "challengeAreas").Select(a => new SeedEdge("OUTCOME_IN", Id(outcome), Id(a))));
        }

        foreach (var evidence in File("evidence", "evidence").EnumerateArray())
        {
            graph.Kinds[Id(evidence)] = "Evidence";
            var rating = evidence.GetProperty("rating");
            graph.Ratings[Id(evidence)] = (rating.GetProperty("scale").GetString()!, rating.GetProperty("level").GetInt32());
            graph.Edges.AddRange(List(evidence, "evaluates").Select(m => new SeedEdge("EVALUATES", Id(evidence), Id(m))));
            graph.Edges.AddRange(List(evidence, "challengeAreas").Select(a => new SeedEdge("EVIDENCE_IN", Id(evidence), Id(a))));
            graph.Edges.AddRange(List(evidence, "findings").Select(f => new SeedEdge("REPORTS", Id(evidence), f.GetProperty("outcome").GetString()!,
                Effect: Text(f, "effect"))));
        }

        // The store keeps one relationship per natural key; the files state each once.
        var distinct = graph.Edges.Distinct().ToList();
        graph.Edges.Clear();
        graph.Edges.AddRange(distinct);
        return graph;
    }
}

/// <summary>A relationship as the seed data states it; year and instrument tell fundings of the same recipient apart.</summary>
public sealed record SeedEdge(string Type, string From, string To, int? Year = null, string? Instrument = null, string? Effect = null)
{
    /// <summary>The same relationship as the API shows it, without the effect (not part of what identifies it).</summary>
    public (string, string, string, int?, string?) Identity => (Type, From, To, Year, Instrument);
}
