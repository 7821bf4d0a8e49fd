using SocialEconomy.Graph.Importing;

namespace SocialEconomy.Graph.Search;

/// <summary>
/// The words of a search query, as both stores index them: accents folded (<see cref="AccentFolding"/>), lower
/// case, split at anything but a-z and 0-9. Every word must occur in a result, as a word or the start of one
/// ("homeless" finds "homelessness"). Nothing of the query's text reaches the store's query syntax except these
/// words, so FTS5 or tsquery operators in a query are only separators.
/// </summary>
public sealed class SearchTerms
{
    /// <summary>Longest query accepted, in characters.</summary>
    public const int MaxLength = 256;

    /// <summary>Most distinct words in a query; each costs the store one more index probe.</summary>
    public const int MaxWords = 16;

    private SearchTerms(IReadOnlyList<string> words) => Words = words;

    /// <summary>The distinct words, in the order the query gives them.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>The words of <paramref name="query"/>; throws <see cref="InvalidSearchQueryException"/> when there is nothing to look for or too much.</summary>
    public static SearchTerms Parse(string? query)
    {
        if (query is null || query.Length > MaxLength)
        {
            throw new InvalidSearchQueryException(
                InvalidSearchQueryException.TooLong,
                $"The search query is {query?.Length ?? 0} characters long; at most {MaxLength} are allowed. Search for a few words.");
        }

        var words = Tokenise(query).Select(t => t.Word).Distinct(StringComparer.Ordinal).ToList();
        if (words.Count == 0)
        {
            throw new InvalidSearchQueryException(
                InvalidSearchQueryException.Empty,
                "The search query has no words to look for: give at least one letter or digit (punctuation and operators are ignored).");
        }

        if (words.Count > MaxWords)
        {
            throw new InvalidSearchQueryException(
                InvalidSearchQueryException.TooManyWords,
                $"The search query has {words.Count} different words; at most {MaxWords} are allowed.");
        }

        return new SearchTerms(words);
    }

    /// <summary>Whether a word of the text (as <see cref="Tokenise"/> gives it) matches one of the query's words.</summary>
    public bool Matches(string word) => Words.Any(w => word.StartsWith(w, StringComparison.Ordinal));

    /// <summary>
    /// The words of a text, each with where it stands in the original: the stores' tokenisation, so that
    /// highlights mark exactly the words that made a node match.
    /// </summary>
    public static IEnumerable<(int Start, int End, string Word)> Tokenise(string text)
    {
        var word = new System.Text.StringBuilder();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var folded = i < text.Length ? Fold(text[i]) : null;
            if (folded is not null)
            {
                if (start < 0)
                {
                    start = i;
                }

                word.Append(folded);
            }
            else if (start >= 0)
            {
                yield return (start, i, word.ToString());
                word.Clear();
                start = -1;
            }
        }
    }

    /// <summary>The character as it is indexed, or null when it separates words.</summary>
    private static string? Fold(char c)
    {
        if (c < 128)
        {
            return char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c).ToString() : null;
        }

        var folded = AccentFolding.Fold(c.ToString()).ToLowerInvariant();
        return folded.All(char.IsAsciiLetterLower) ? folded : null;
    }
}

/// <summary>A search query that cannot be run, with a stable code for clients and a message saying what to change.</summary>
public sealed class InvalidSearchQueryException(string code, string message) : Exception(message)
{
    public const string Empty = "SEARCH_QUERY_EMPTY";
    public const string TooLong = "SEARCH_QUERY_TOO_LONG";
    public const string TooManyWords = "SEARCH_QUERY_TOO_MANY_WORDS";

    public string Code { get; } = code;
}
