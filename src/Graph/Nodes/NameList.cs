namespace SocialEconomy.Graph.Nodes;

/// <summary>
/// A short list of names (a record's other names) kept in one text column, one name per line: names never hold a
/// line break, the list is read whole with its record, and "any of them contains" is one condition on the column.
/// </summary>
public static class NameList
{
    private const char Separator = '\n';

    /// <summary>The names as stored: trimmed, blanks and repeats left out, in the order given; null when none is left.</summary>
    public static string? Join(IEnumerable<string>? names)
    {
        var kept = (names ?? []).Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (kept.Any(n => n.Contains(Separator, StringComparison.Ordinal) || n.Contains('\r', StringComparison.Ordinal)))
        {
            throw new ArgumentException("A name may not hold a line break.", nameof(names));
        }

        return kept.Count == 0 ? null : string.Join(Separator, kept);
    }

    public static IReadOnlyList<string> Split(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : stored.Split(Separator);
}
