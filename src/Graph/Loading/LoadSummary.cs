using SocialEconomy.Graph.Nodes;

namespace SocialEconomy.Graph.Loading;

/// <summary>What a load did, per kind of record (added, updated, unchanged), and the conflicts it did not resolve.</summary>
public sealed class LoadSummary
{
    private readonly SortedDictionary<string, Counts> _byKind = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Counts> ByKind => _byKind;

    /// <summary>Values another dataset already set differently; the stored value was kept.</summary>
    public List<Conflict> Conflicts { get; } = [];

    public int Added => _byKind.Values.Sum(c => c.Added);

    public int Updated => _byKind.Values.Sum(c => c.Updated);

    public int Unchanged => _byKind.Values.Sum(c => c.Unchanged);

    public bool ChangedAnything => Added + Updated > 0;

    internal void Count(NodeKind kind, Change change) => Count(kind.ToString(), change);

    internal void Count(string kind, Change change)
    {
        var counts = _byKind.TryGetValue(kind, out var c) ? c : new Counts(0, 0, 0);
        _byKind[kind] = change switch
        {
            Change.Added => counts with { Added = counts.Added + 1 },
            Change.Updated => counts with { Updated = counts.Updated + 1 },
            _ => counts with { Unchanged = counts.Unchanged + 1 },
        };
    }

    /// <summary>A fixed-width table for people reading a terminal.</summary>
    public string ToTable()
    {
        var lines = new List<string> { $"{"kind",-16}{"added",8}{"updated",9}{"unchanged",11}" };
        lines.AddRange(_byKind.Select(k => $"{k.Key,-16}{k.Value.Added,8}{k.Value.Updated,9}{k.Value.Unchanged,11}"));
        lines.Add($"{"total",-16}{Added,8}{Updated,9}{Unchanged,11}");
        return string.Join(Environment.NewLine, lines);
    }

    public sealed record Counts(int Added, int Updated, int Unchanged);

    /// <summary>A value the batch states differently from the dataset that owns the record.</summary>
    public sealed record Conflict(string Record, string Field, string? Stored, string StoredBy, string? Incoming, string IncomingFrom)
    {
        public override string ToString() =>
            $"{Record}.{Field}: kept \"{Stored}\" ({StoredBy}); {IncomingFrom} says \"{Incoming}\"";
    }

    internal enum Change
    {
        Added,
        Updated,
        Unchanged,
    }
}
