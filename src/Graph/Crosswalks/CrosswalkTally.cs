namespace SocialEconomy.Graph.Crosswalks;

/// <summary>
/// What an import's crosswalks did: links made per rule, and the values no rule covered (with how many records held
/// each), for the import report. A value left unmapped is listed, never guessed.
/// </summary>
public sealed class CrosswalkTally
{
    private readonly SortedDictionary<string, int> _links = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, SortedDictionary<string, int>> _unmapped = new(StringComparer.Ordinal);

    /// <summary>Links made, by rule ("crosswalk-id/rule-id").</summary>
    public IReadOnlyDictionary<string, int> LinksByRule => _links;

    /// <summary>Values no rule covered, by crosswalk id, each with the number of records that held it.</summary>
    public IReadOnlyDictionary<string, SortedDictionary<string, int>> Unmapped => _unmapped;

    /// <summary>Records one record's result; <paramref name="shownValue"/> is what the report lists when no rule covered it.</summary>
    public void Record(Crosswalk crosswalk, CrosswalkResult result, string shownValue)
    {
        foreach (var link in result.Links)
        {
            _links[link.Rule] = _links.GetValueOrDefault(link.Rule) + 1;
        }

        // A record no rule of a role crosswalk covers keeps the part its dataset states: nothing is left unmapped.
        if (!result.Covered && crosswalk.To != CrosswalkTarget.ParticipationRole)
        {
            if (!_unmapped.TryGetValue(crosswalk.Id, out var values))
            {
                _unmapped[crosswalk.Id] = values = new SortedDictionary<string, int>(StringComparer.Ordinal);
            }

            values[shownValue] = values.GetValueOrDefault(shownValue) + 1;
        }
    }
}
