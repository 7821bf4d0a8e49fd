using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Crosswalks;

/// <summary>
/// Curated rules that map one dataset's own classifications (INDIGO's policy sectors, outcome metrics and investments,
/// Co-operatives UK's SIC codes and sectors) onto the graph's challenge areas, outcomes or participation roles. Each
/// derived link names the rule that made it and the value it read; a record no rule covers is counted as unmapped,
/// never guessed (except by a crosswalk of roles, where such a record keeps the part its dataset states).
/// </summary>
public sealed class Crosswalk
{
    internal Crosswalk(string id, string title, string dataset, CrosswalkTarget to, IReadOnlyList<string> sources,
        IReadOnlyList<CrosswalkRule> rules, IReadOnlyDictionary<string, string?> areaParents)
    {
        Id = id;
        Title = title;
        Dataset = dataset;
        To = to;
        Sources = sources;
        Rules = rules;
        _areaParents = areaParents;
    }

    private readonly IReadOnlyDictionary<string, string?> _areaParents;

    public string Id { get; }

    public string Title { get; }

    /// <summary>The dataset whose values the rules read: "indigo" or "coops-uk".</summary>
    public string Dataset { get; }

    public CrosswalkTarget To { get; }

    /// <summary>Ids of the Source records the rules rest on; each derived link cites them beside the record's own sources.</summary>
    public IReadOnlyList<string> Sources { get; }

    public IReadOnlyList<CrosswalkRule> Rules { get; }

    /// <summary>
    /// The links the rules derive for one record, given its fields by name. Where one matched area lies beneath another,
    /// only the deeper one is kept: the record supports the sub-area, and the sub-area is within its parent anyway.
    /// </summary>
    public CrosswalkResult Map(IReadOnlyDictionary<string, string?> record)
    {
        var matched = Rules.Where(r => r.Matches(record)).ToList();
        var links = matched
            .Where(r => r.Target is not null)
            .GroupBy(r => r.Target!, StringComparer.Ordinal)
            .Select(g => new CrosswalkMatch($"{Id}/{g.First().Id}", g.Key, g.First().ReadValue(record)))
            .ToList();
        if (To == CrosswalkTarget.ChallengeArea)
        {
            var targets = links.Select(l => l.Target).ToHashSet(StringComparer.Ordinal);
            links.RemoveAll(l => targets.Any(t => t != l.Target && IsBeneath(t, l.Target)));
        }

        return new CrosswalkResult(links, Covered: matched.Count > 0);
    }

    private bool IsBeneath(string area, string ancestor)
    {
        for (var current = _areaParents.GetValueOrDefault(area); current is not null; current = _areaParents.GetValueOrDefault(current))
        {
            if (current == ancestor)
            {
                return true;
            }
        }

        return false;
    }
}

public enum CrosswalkTarget
{
    ChallengeArea,
    Outcome,

    /// <summary>A participation role that replaces the part the dataset states, e.g. an investor's own backer.</summary>
    ParticipationRole,
}

/// <summary>One rule: when every condition holds, link the record to <see cref="Target"/> (or, with no target, to nothing, on purpose).</summary>
public sealed class CrosswalkRule(string id, string? target, IReadOnlyDictionary<string, FieldCondition> when, string note)
{
    public string Id { get; } = id;

    public string? Target { get; } = target;

    public IReadOnlyDictionary<string, FieldCondition> When { get; } = when;

    public string Note { get; } = note;

    public bool Matches(IReadOnlyDictionary<string, string?> record) =>
        When.All(condition => condition.Value.Holds(record.GetValueOrDefault(condition.Key)));

    /// <summary>What the rule read: each field it tests and the record's value, e.g. "policySector: Homelessness".</summary>
    public string ReadValue(IReadOnlyDictionary<string, string?> record) =>
        string.Join("; ", When.Keys.Select(field => $"{field}: {Shortened(record.GetValueOrDefault(field) ?? "")}"));

    private const int ShownLength = 300;

    private static string Shortened(string value)
    {
        var oneLine = string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= ShownLength ? oneLine : oneLine[..(ShownLength - 1)] + "…";
    }
}

/// <summary>Conditions on one field; text is compared ignoring case and accents (<see cref="TextFolding"/>).</summary>
public sealed class FieldCondition(IReadOnlyList<string>? @is, IReadOnlyList<string>? mentions, IReadOnlyList<string>? startsWith, IReadOnlyList<string>? unless)
{
    private readonly string[] _is = Folded(@is);
    private readonly string[] _mentions = Folded(mentions);
    private readonly string[] _startsWith = Folded(startsWith);
    private readonly string[] _unless = Folded(unless);

    public bool Holds(string? value)
    {
        var text = TextFolding.Fold(value ?? "")!.Trim();
        if (text.Length == 0)
        {
            return false;
        }

        // A field may hold several values ("Homelessness; Health"): "is" compares each part.
        var parts = text.Split([';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return (_is.Length == 0 || _is.Any(v => v == text || parts.Contains(v)))
            && (_mentions.Length == 0 || _mentions.Any(m => text.Contains(m, StringComparison.Ordinal)))
            && (_startsWith.Length == 0 || _startsWith.Any(p => text.StartsWith(p, StringComparison.Ordinal)))
            && !_unless.Any(u => text.Contains(u, StringComparison.Ordinal));
    }

    private static string[] Folded(IReadOnlyList<string>? phrases) => [.. (phrases ?? []).Select(p => TextFolding.Fold(p)!.Trim())];
}

/// <summary>A derived link: the rule ("crosswalk-id/rule-id"), the target's id, and the value read.</summary>
public sealed record CrosswalkMatch(string Rule, string Target, string ReadValue);

/// <param name="Links">The links to make.</param>
/// <param name="Covered">Whether any rule matched, including a rule that links to nothing on purpose.</param>
public sealed record CrosswalkResult(IReadOnlyList<CrosswalkMatch> Links, bool Covered);
