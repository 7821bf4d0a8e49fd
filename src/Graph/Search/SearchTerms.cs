using SocialEconomy.Graph.Importing;

namespace SocialEconomy.Graph.Search;

/// <summary>
/// The words of a search query, as both stores index them: accents folded (<see cref="AccentFolding"/>), lower
/// case, split at anything but a-z and 0-9. Every word must occur in a result, as a word or the start of one
/// ("homeless" finds "homelessness"). Nothing of the query's text reaches the store's query syntax except these
/// words, so FTS5 or tsquery operators in a query are only separators.
/// </summary>
public sealed partial class SearchTerms
{
    /// <summary>Longest query accepted, in characters.</summary>
    public const int MaxLength = 256;

    /// <summary>Most distinct words in a query; each costs the store one more index probe.</summary>
    public const int MaxWords = 16;

    private SearchTerms(IReadOnlyList<string> words, IReadOnlyList<IReadOnlyList<string>> phrases)
    {
        Words = words;
        Phrases = phrases;
    }

    /// <summary>The distinct words, in the order the query gives them.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>
    /// What must occur in a result: each word of the query, or each hyphenated word as the words it holds. A part of one word
    /// matches a word starting with it; a hyphenated part ("co-operative") matches its words in a row, the last one
    /// as the start of a word ("co operative*"), so that it is found as a word and never as its fragments apart.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> Phrases { get; }

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

        var phrases = PhraseSeparator().Split(query)
            .Select(part => (IReadOnlyList<string>)Tokenise(part).Select(t => t.Word).ToList())
            .Where(phrase => phrase.Count > 0)
            .DistinctBy(phrase => string.Join(' ', phrase), StringComparer.Ordinal)
            .ToList();
        return new SearchTerms(words, phrases);
    }

    /// <summary>
    /// How many words of the text (as <see cref="Tokenise"/> gives them) from <paramref name="at"/> on match one of
    /// the query's <see cref="Phrases"/>, the longest such match; 0 when none starts there.
    /// </summary>
    public int MatchAt(IReadOnlyList<string> words, int at)
    {
        var longest = 0;
        foreach (var phrase in Phrases)
        {
            if (phrase.Count > longest && at + phrase.Count <= words.Count && PhraseAt(phrase, words, at))
            {
                longest = phrase.Count;
            }
        }

        return longest;
    }

    private static bool PhraseAt(IReadOnlyList<string> phrase, IReadOnlyList<string> words, int at)
    {
        for (var i = 0; i < phrase.Count - 1; i++)
        {
            if (!string.Equals(words[at + i], phrase[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return words[at + phrase.Count - 1].StartsWith(phrase[^1], StringComparison.Ordinal);
    }

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

    /// <summary>What separates the query's words: anything but letters, digits and hyphens, which join the words of a compound.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"[^\p{L}\p{M}\p{N}\-\u2010\u2011]+")]
    private static partial System.Text.RegularExpressions.Regex PhraseSeparator();

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
