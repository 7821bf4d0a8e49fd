using System.Text;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;

namespace SocialEconomy.Graph.Search;

/// <summary>A field of a search result with the query's words marked in it.</summary>
public sealed record SearchHighlight(string Field, string Snippet);

/// <summary>
/// Marks the query's words in a node's text fields. Done here rather than with FTS5 snippet() or PostgreSQL
/// ts_headline(), which choose fragments differently, so that both stores give the same highlights.
/// </summary>
public static class SearchHighlighter
{
    public const string MarkStart = "<mark>";
    public const string MarkEnd = "</mark>";

    /// <summary>Longest snippet, in words; a longer field is cut around its first match.</summary>
    private const int SnippetWords = 24;

    /// <summary>Words shown before the first match when a field is cut.</summary>
    private const int WordsBeforeMatch = 6;

    /// <summary>
    /// The searchable fields of a node, by their GraphQL names, title first, then other names. These are the columns
    /// the AddFullTextSearch and SearchOtherNames migrations' triggers copy into <see cref="SearchDocument"/>.
    /// </summary>
    public static IEnumerable<(string Field, string? Text)> Fields(object node) => node switch
    {
        Organisation o => [("name", o.Name), ("formerNames", Names(o.FormerNames)), ("alternativeNames", Names(o.AlternativeNames)),
            ("legalForm", o.LegalForm), ("region", o.Region), ("place", o.Place), ("description", o.Description)],
        Model m => [("name", m.Name), ("alternativeNames", Names(m.AlternativeNames)), ("subtype", m.Subtype), ("description", m.Description)],
        ChallengeArea a => [("name", a.Name), ("description", a.Description)],
        Funder f => [("name", f.Name), ("formerNames", Names(f.FormerNames)), ("alternativeNames", Names(f.AlternativeNames)), ("description", f.Description)],
        Outcome o => [("name", o.Name), ("description", o.Description)],
        EvidenceItem e => [("title", e.Title), ("authors", e.Authors), ("publisher", e.Publisher), ("summary", e.Summary)],
        Source s => [("title", s.Title), ("publisher", s.Publisher), ("note", s.Note)],
        _ => throw new ArgumentException($"{node.GetType().Name} is not searchable.", nameof(node)),
    };

    /// <summary>A list of names as one text to highlight in: the names in their order, separated by "; ".</summary>
    private static string? Names(string? stored) => stored is null ? null : string.Join("; ", NameList.Split(stored));

    /// <summary>Every field of the node in which a query word occurs, with a snippet of it.</summary>
    public static IReadOnlyList<SearchHighlight> Highlight(object node, SearchTerms terms) =>
        Fields(node)
            .Select(f => f.Text is { Length: > 0 } text && Snippet(text, terms) is { } snippet ? new SearchHighlight(f.Field, snippet) : null)
            .OfType<SearchHighlight>()
            .ToList();

    /// <summary>
    /// The text, or a window of it around the first match, as HTML: escaped, with every matching word wrapped
    /// in &lt;mark&gt;; "…" shows where the text was cut. Null when no word matches.
    /// </summary>
    public static string? Snippet(string text, SearchTerms terms)
    {
        var words = SearchTerms.Tokenise(text).ToList();
        var tokens = words.Select(w => w.Word).ToList();
        // Each match is a run of words: one, or a hyphenated query word's words in a row, marked as one.
        var matches = new List<(int From, int To)>();
        for (var i = 0; i < words.Count; i++)
        {
            var length = terms.MatchAt(tokens, i);
            if (length > 0)
            {
                matches.Add((i, i + length));
                i += length - 1;
            }
        }

        if (matches.Count == 0)
        {
            return null;
        }

        var first = matches[0].From;
        int from = 0, to = words.Count;
        if (words.Count > SnippetWords)
        {
            from = Math.Max(0, Math.Min(first - WordsBeforeMatch, words.Count - SnippetWords));
            to = from + SnippetWords;
        }

        var start = from == 0 ? 0 : words[from].Start;
        var end = to == words.Count ? text.Length : words[to - 1].End;
        var html = new StringBuilder();
        if (start > 0)
        {
            html.Append('…');
        }

        var at = start;
        foreach (var (matchFrom, matchTo) in matches)
        {
            if (matchFrom < from || matchFrom >= to)
            {
                continue;
            }

            var matchStart = words[matchFrom].Start;
            var matchEnd = words[Math.Min(matchTo, to) - 1].End;
            Escape(html, text, at, matchStart);
            html.Append(MarkStart);
            Escape(html, text, matchStart, matchEnd);
            html.Append(MarkEnd);
            at = matchEnd;
        }

        Escape(html, text, at, end);
        if (end < text.Length)
        {
            html.Append('…');
        }

        return html.ToString();
    }

    private static void Escape(StringBuilder html, string text, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            _ = text[i] switch
            {
                '&' => html.Append("&amp;"),
                '<' => html.Append("&lt;"),
                '>' => html.Append("&gt;"),
                '"' => html.Append("&quot;"),
                var c => html.Append(c),
            };
        }
    }
}
