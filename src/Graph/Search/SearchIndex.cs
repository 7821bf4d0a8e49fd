using System.ComponentModel.DataAnnotations.Schema;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Search;

/// <summary>
/// A node that matches a search, with what its rank is made of. <see cref="Level"/> is twice the number of query
/// words found in the name or title (or one of the node's other names: they are indexed with it), plus one when the
/// whole query stands in it as a phrase; a shorter title breaks ties (the query is more of it), then the kind and key.
/// </summary>
public sealed class SearchHit
{
    public required string Kind { get; init; }

    public required string Key { get; init; }

    public int Level { get; init; }

    public int TitleLength { get; init; }

    /// <summary>
    /// How many nodes the words match in all, whatever the page: counted in the same statement as the page, before any
    /// conditions on the results' records (see <see cref="SearchIndex.Search"/>), which a count of the composed query applies.
    /// </summary>
    public int Total { get; init; }

    /// <summary>The node's record, when it was read with the hit (<see cref="SearchIndex.PageAsync"/>); null otherwise.</summary>
    [NotMapped]
    public object? Record { get; init; }

    public NodeKind NodeKind => Enum.Parse<NodeKind>(Kind);

    /// <summary>
    /// Relevance between 0 and 1, from the same integers on either store and in the same order as the results:
    /// all words in the title as a phrase (near 1) above all words in the title above some above none.
    /// </summary>
    /// <remarks>Not rounded: rounding could make two differently ranked results look equal.</remarks>
    public double Score(SearchTerms terms) =>
        (Level + (1.0 / (1.0 + (TitleLength / 50.0)))) / ((2.0 * terms.Words.Count) + 2.0);
}

/// <summary>
/// Full-text search over the store's search index: FTS5 on SQLite, tsvector on PostgreSQL. Both match the same
/// words (see <see cref="SearchTerms"/>) and rank with the same integers, so they give the same results in the
/// same order; neither store's own ranking function (bm25, ts_rank) is used, since they disagree.
/// </summary>
public static class SearchIndex
{
    /// <summary>The matching nodes of the given kinds, best first; compose paging and counting onto it.</summary>
    /// <param name="conditions">
    /// For some kinds, the keys a result of that kind must be among (e.g. the organisations in a region); results of
    /// the other kinds are not affected. With conditions, <see cref="SearchHit.Total"/> counts the matches before them.
    /// </param>
    public static IQueryable<SearchHit> Search(
        GraphDbContext db, SearchTerms terms, IReadOnlyCollection<NodeKind> kinds, IReadOnlyDictionary<NodeKind, IQueryable<string>>? conditions = null)
    {
        var (sql, parameters) = Matches(db, terms, kinds);
        var hits = db.Database.SqlQueryRaw<SearchHit>(sql, [.. parameters]);
        foreach (var (kind, keys) in conditions ?? new Dictionary<NodeKind, IQueryable<string>>())
        {
            // An uncorrelated sub-query: each store reads the records that meet the condition once, then keeps the hits among them.
            var name = kind.ToString();
            hits = hits.Where(h => h.Kind != name || keys.Contains(h.Key));
        }

        return hits
            .OrderByDescending(h => h.Level)
            .ThenBy(h => h.TitleLength)
            .ThenBy(h => h.Kind)
            .ThenBy(h => h.Key);
    }

    /// <summary>
    /// One page of the matching nodes of the given kinds, in the order of <see cref="Search"/>: <paramref name="take"/>
    /// hits after the first <paramref name="skip"/>, each with the total and its node's <see cref="SearchHit.Record"/>.
    /// The same statement as <see cref="Search"/> paged, without conditions on the results, written here and run as
    /// written (prepared, on SQLite, on the connections that keep statements): through EF Core's LINQ, the benchmark's
    /// search took about 0.3 ms more of the API's CPU a request at 10^4 nodes on SQLite, where its statement takes 0.15
    /// to 0.27 ms. The records come in the same statement, read by primary key for the page's hits alone, where
    /// looking them up afterwards costs a statement of its own.
    /// </summary>
    public static Task<List<SearchHit>> PageAsync(
        GraphDbContext db, SearchTerms terms, IReadOnlyCollection<NodeKind> kinds, int skip, int take, CancellationToken cancellationToken)
    {
        var (sql, parameters) = Matches(db, terms, kinds);
        const string Order = """ORDER BY h."Level" DESC, h."TitleLength", h."Kind", h."Key" """;
        var page = $$"""
            SELECT h."Kind", h."Key", h."TitleLength", h."Level", h."Total", {{NodeLookup.RecordSql(db, "h.\"Kind\"", "h.\"Key\"")}} AS "Row"
            FROM (SELECT h."Kind", h."Key", h."TitleLength", h."Level", h."Total" FROM ({{sql}}) AS h
                  {{Order}}
                  LIMIT {{take.ToString(CultureInfo.InvariantCulture)}} OFFSET {{skip.ToString(CultureInfo.InvariantCulture)}}) AS h
            {{Order}}
            """;
        return StoreReads.RowsAsync(db, page, parameters, row =>
        {
            var kind = row.GetString(0);
            return new SearchHit
            {
                Kind = kind, Key = row.GetString(1), TitleLength = row.GetInt32(2), Level = row.GetInt32(3), Total = row.GetInt32(4),
                // A hit's node is written in the index's transaction, so it is there; a missing one is left to the
                // reader, which says so.
                Record = row.IsDBNull(5) ? null : NodeLookup.ReadRecord(db, Enum.Parse<NodeKind>(kind), row.GetString(5)),
            };
        }, cancellationToken);
    }

    /// <summary>The statement of every match, with its parameters as {0}, {1}, ... (the form of EF Core's SqlQueryRaw).</summary>
    private static (string Sql, List<object> Parameters) Matches(GraphDbContext db, SearchTerms terms, IReadOnlyCollection<NodeKind> kinds)
    {
        var parameters = new List<object>();
        string Parameter(object value)
        {
            parameters.Add(value);
            return $"{{{parameters.Count - 1}}}";
        }

        var words = terms.Words;
        // Every kind (the usual search) needs no test of each match's kind.
        var ofKinds = kinds.Distinct().Count() == Enum.GetValues<NodeKind>().Length ? ""
            : $"""AND d."Kind" IN ({(kinds.Count == 0 ? "NULL" : string.Join(", ", kinds.Distinct().Select(k => Parameter(k.ToString()))))})""";
        string sql;
        if (db.IsPostgres)
        {
            // Title words and other names carry weight A, the rest B (see the migrations); 'word:*A' matches such a word starting with 'word'.
            // Each part of the query must occur: a word as the start of a word, a hyphenated one as its words in a row.
            var all = MatchingEveryPart(terms, Parameter);
            // Each tsquery is made once, in a sub-select, not for each match, and each part of the query is a row of
            // its own (MatchingEveryPart), not an element of arrays whose length a plan for any values cannot know: a
            // plan made for any values then costs what one made for the values given, and PostgreSQL keeps it rather
            // than planning the statement on every run (0.22–0.37 ms, against about 0.1 ms to run it, at 10^4 nodes).
            var inTitle = string.Join(" + ", words.Select(w => $"(d.\"Vector\" @@ (SELECT to_tsquery('simple', {Parameter($"{w}:*A")})))::int"));
            var phrase = Parameter(string.Join(" <-> ", words.Select(w => $"{w}:*A")));
            sql = $"""
                SELECT d."Kind" COLLATE "C" AS "Kind", d."Key" COLLATE "C" AS "Key", length(d."Title") AS "TitleLength",
                       2 * ({inTitle}) + (d."Vector" @@ (SELECT to_tsquery('simple', {phrase})))::int AS "Level",
                       CAST(COUNT(*) OVER () AS integer) AS "Total"
                FROM "SearchDocuments" AS d
                WHERE d."Vector" @@ {all} {ofKinds}
                """;
        }
        else
        {
            // Each word quoted, so that nothing in it is FTS5 syntax; the words are [a-z0-9]+ anyway. SearchIndex holds
            // the title with the other names, and the body; SearchTitles the title with the other names alone, so that
            // the ranking's questions about titles read only titles. Both index prefixes of 2 to 6 characters (see the
            // SearchPrefixIndexes migration).
            var all = Parameter(string.Join(" AND ", terms.Phrases.Select(p => $"{string.Join(" + ", p.Select(w => $"\"{w}\""))}*")));
            var inTitle = string.Join(" + ", words.Select(w =>
                $"(d.\"Id\" IN (SELECT rowid FROM \"SearchTitles\" WHERE \"SearchTitles\" MATCH {Parameter($"\"{w}\"*")}))"));
            var phrase = Parameter(string.Join(" + ", words.Select(w => $"\"{w}\"*")));
            sql = $"""
                SELECT d."Kind" AS "Kind", d."Key" AS "Key", length(d."Title") AS "TitleLength",
                       2 * ({inTitle}) + (d."Id" IN (SELECT rowid FROM "SearchTitles" WHERE "SearchTitles" MATCH {phrase})) AS "Level",
                       COUNT(*) OVER () AS "Total"
                FROM "SearchIndex"
                JOIN "SearchDocuments" AS d ON d."Id" = "SearchIndex".rowid
                WHERE "SearchIndex" MATCH {all} {ofKinds}
                """;
        }

        return (sql, parameters);
    }

    /// <summary>PostgreSQL: the most words a prefix may stand for and be asked as those words; one that starts more is asked as a prefix.</summary>
    public const int MostWordsForAPrefix = 64;

    /// <summary>
    /// PostgreSQL: the tsquery every result must match, made by the statement itself. Each part of the query ends
    /// in a word taken as the start of others, asked as the words of "SearchWords" that start with it, (w1 | w2 | ...):
    /// the GIN index finds words as they are, skipping through the entries of frequent ones, where a prefix
    /// ('w:*') is a partial match, which reads every entry of every word it covers (see the SearchWords migration).
    /// A prefix of no word, or of more than <see cref="MostWordsForAPrefix"/>, is asked as a prefix, and so is one the
    /// text parser does not keep whole: it reads "12e3x" as "12e3" and "x", as it did the indexed text, so the words
    /// start with neither. The words of "SearchWords" are [a-z0-9]+ (search_fold), so quoting them needs no escapes.
    /// </summary>
    private static string MatchingEveryPart(SearchTerms terms, Func<object, string> parameter)
    {
        // One row (head, start, beyond) per part: rows, not arrays, so that the statement is planned once (see Matches).
        var parts = string.Join(", ", terms.Phrases.Select(p =>
            $"(CAST({parameter(string.Join(" <-> ", p.Take(p.Count - 1)))} AS text), CAST({parameter(p[^1])} AS text), CAST({parameter(AfterEveryWordStartingWith(p[^1]))} AS text))"));
        return $"""
            (SELECT CAST(string_agg('(' || CAST(CASE WHEN t.head = '' THEN p.last ELSE tsquery_phrase(to_tsquery('simple', t.head), p.last) END AS text) || ')', ' & ') AS tsquery)
             FROM (VALUES {parts}) AS t(head, start, beyond),
             LATERAL (
                SELECT CASE WHEN COUNT(*) BETWEEN 1 AND {MostWordsForAPrefix} AND tsvector_to_array(to_tsvector('simple', t.start)) = ARRAY[t.start]
                            THEN CAST('(' || string_agg('''' || v."Word" || '''', ' | ') || ')' AS tsquery)
                            ELSE to_tsquery('simple', t.start || ':*') END AS last
                FROM (SELECT w."Word" FROM "SearchWords" AS w WHERE w."Word" >= t.start AND w."Word" < t.beyond LIMIT {MostWordsForAPrefix + 1}) AS v) AS p)
            """;
    }

    /// <summary>The first string, in byte order ("SearchWords" is collated "C"), after every word that starts with <paramref name="start"/>, itself [a-z0-9]+.</summary>
    private static string AfterEveryWordStartingWith(string start) => start[..^1] + (char)(start[^1] + 1);
}
