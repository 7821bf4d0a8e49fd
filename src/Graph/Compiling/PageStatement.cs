using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Compiling;

/// <summary>
/// A page of a list, its total and everything its <see cref="NestedRead"/>s name, read in one statement: EF Core
/// writes the page's own query (filters, order, offset), and each nested read becomes a correlated sub-select that
/// builds its rows as JSON in the store (PostgreSQL: json_agg and json_build_object; SQLite: jsonb_group_array and
/// jsonb_object, binary JSON that each enclosing select takes as it is, where text JSON would be parsed again at every
/// level, and turned into text once, by json(), for the page's rows). One round trip, where reading level by level
/// takes one per level.
/// </summary>
/// <remarks>
/// Each nested list is counted up to its limit + 1, and given only when it is no longer than the limit (see
/// <c>List</c>), so a statement reads at most the page's rows times, for each read, the product of the limits + 1 of
/// the depths down to it, whatever the data. The limits are chosen in the statement by how many rows the page turned
/// out to hold (<see cref="ListLimits"/>, by rows and depth), so that a short page can read longer lists within the same
/// bound. A list found longer than its limit is returned as not complete (<see cref="ReadList.Complete"/>), and its
/// reader reads it the usual way.
/// </remarks>
public static class PageStatement
{
    /// <summary>
    /// The rows of <paramref name="page"/> with their nested reads, and the number of rows of <paramref name="counted"/>
    /// when it is given.
    /// </summary>
    public static Task<PageRead> ReadAsync<T>(
        GraphDbContext db, IQueryable<T> page, IQueryable<T>? counted, IReadOnlyList<NestedRead> reads, ListLimits listLimits, CancellationToken cancellationToken)
        where T : class =>
        ReadAsync(db, typeof(T), Write(db, page, window: null, counted, reads, listLimits, listed: null), reads, cancellationToken);

    /// <summary>
    /// The statement that reads <paramref name="page"/> with its nested reads, and counts <paramref name="counted"/>
    /// when it is given; run it with <see cref="ReadAsync(GraphDbContext, Type, WrittenStatement, IReadOnlyList{NestedRead}, CancellationToken)"/>.
    /// </summary>
    /// <param name="page">The records in their order (the order by which <paramref name="window"/> counts).</param>
    /// <param name="window">
    /// Which of them to read, by position; all when null. Written into the SQL as numbers, not bound: PostgreSQL plans a
    /// prepared statement for each run's values (a custom plan) when the plan it would make for any values (a generic
    /// plan) is costed higher, and a page's LIMIT as a parameter makes that plan cost more (it cannot know the page is
    /// short). So a page's statement was planned again on every run: at 10^5 nodes, 0.35–0.45 ms of its 1.1 ms in the
    /// server (bind in its log), for the page of 50 models with counts. The statement cache's key names the page's
    /// arguments, so each page size and position is its own statement either way.
    /// </param>
    /// <param name="listLimits">How many records each nested list may give per parent, by the page's rows and the list's depth.</param>
    /// <param name="listed">
    /// The properties each entity's records are read with in nested lists of nodes and sources (their id and those
    /// columns only; see <see cref="RowJson.Pairs"/>); an entity not named, and every record read otherwise, is read
    /// whole. Null reads every record whole.
    /// </param>
    public static WrittenStatement Write<T>(
        GraphDbContext db, IQueryable<T> page, (int Skip, int Take)? window, IQueryable<T>? counted, IReadOnlyList<NestedRead> reads, ListLimits listLimits,
        IReadOnlyDictionary<Type, IReadOnlySet<string>>? listed)
        where T : class =>
        Write(db, page, window, parameters => counted is null
            ? "CAST(NULL AS bigint)"
            : Total($"(SELECT COUNT(*) FROM ({SqlOf(counted, parameters)}) AS counted)", window), reads, listLimits, listed);

    /// <summary>
    /// The statement that reads <paramref name="page"/> with its nested reads, and gives as its total the value of
    /// <paramref name="keptTotal"/>, SQL of a count the store keeps (such as <see cref="Nodes.NodeCounts.Sql"/>), where
    /// counting the list would read all of it.
    /// </summary>
    public static WrittenStatement Write<T>(
        GraphDbContext db, IQueryable<T> page, (int Skip, int Take)? window, string keptTotal, IReadOnlyList<NestedRead> reads, ListLimits listLimits,
        IReadOnlyDictionary<Type, IReadOnlySet<string>>? listed)
        where T : class =>
        Write(db, page, window, _ => $"CAST({keptTotal} AS bigint)", reads, listLimits, listed);

    private static WrittenStatement Write<T>(
        GraphDbContext db, IQueryable<T> page, (int Skip, int Take)? window, Func<List<DbParameter>, string> totalOf, IReadOnlyList<NestedRead> reads, ListLimits listLimits,
        IReadOnlyDictionary<Type, IReadOnlySet<string>>? listed)
        where T : class
    {
        var parameters = new List<DbParameter>();
        var statement = new Statement(db, listed);
        var pageSql = SqlOf(page, parameters);
        if (window is var (skip, take))
        {
            // The SQL of an ordered query ends with its ORDER BY, which the LIMIT follows.
            pageSql += string.Create(CultureInfo.InvariantCulture, $"\nLIMIT {take} OFFSET {skip}");
        }

        var total = totalOf(parameters);
        // The page is read once, counted for its lists' limits and its total, then given its nested reads; the total
        // comes in a last row of its own, so that an empty page has it too.
        var limits = listLimits.Depths == 0
            ? ""
            : $",\nlist_limit AS (SELECT {string.Join(", ", Enumerable.Range(1, listLimits.Depths).Select(d => $"{LimitByRows(listLimits, d, "page_rows.n")} AS l{d}"))} FROM page_rows)";
        var sql = $"""
            WITH page AS MATERIALIZED ({pageSql}),
            page_rows AS (SELECT COUNT(*) AS n FROM page){limits}
            SELECT CAST({statement.Row(typeof(T), "page", reads)} AS text) AS "Row", CAST(NULL AS bigint) AS "Total" FROM page
            UNION ALL SELECT NULL, {total}
            """;

        return new WrittenStatement(sql, parameters);
    }

    /// <summary>
    /// The total: when the page found fewer rows than it could hold, they are all the rows from its start, so it is the
    /// start plus the page's rows, and the list is not counted again (both stores evaluate a CASE's branches only when
    /// taken). A filtered question whose answer fits one page, such as the headline question at 10^5 nodes, ran its
    /// filter twice, the second time (1.2 ms of the statement's 9 in EXPLAIN ANALYZE) only to count what the page had
    /// already found. A page past the end (none found after a start beyond 0) says nothing of the total, so the list
    /// is counted.
    /// </summary>
    private static string Total(string count, (int Skip, int Take)? window)
    {
        if (window is not var (skip, take))
        {
            return count;
        }

        var shortPage = skip == 0
            ? string.Create(CultureInfo.InvariantCulture, $"page_rows.n < {take}")
            : string.Create(CultureInfo.InvariantCulture, $"page_rows.n BETWEEN 1 AND {take - 1}");
        return string.Create(CultureInfo.InvariantCulture, $"(SELECT CASE WHEN {shortPage} THEN {skip} + page_rows.n ELSE {count} END FROM page_rows)");
    }

    /// <summary>
    /// The limit of lists at <paramref name="depth"/> for <paramref name="rows"/> rows, as a CASE over the runs of equal
    /// limits (a number when there is one run).
    /// </summary>
    private static string LimitByRows(ListLimits listLimits, int depth, string rows)
    {
        var byRows = listLimits.ByRows.Select(l => l[depth - 1]).ToList();
        var cases = new StringBuilder();
        for (var n = 0; n < byRows.Count - 1; n++)
        {
            if (byRows[n] != byRows[n + 1])
            {
                cases.Append(CultureInfo.InvariantCulture, $" WHEN {rows} <= {n} THEN {byRows[n]}");
            }
        }

        var last = byRows[^1].ToString(CultureInfo.InvariantCulture);
        return cases.Length == 0 ? last : $"CASE{cases} ELSE {last} END";
    }

    /// <summary>
    /// Runs <paramref name="written"/>, written for records of <paramref name="entity"/> with <paramref name="reads"/>,
    /// binding copies of its parameters, so that requests can share one.
    /// </summary>
    public static Task<PageRead> ReadAsync(
        GraphDbContext db, Type entity, WrittenStatement written, IReadOnlyList<NestedRead> reads, CancellationToken cancellationToken) =>
        StoreReads.ReadAsync(db, written.Sql, written.Parameters.Select(Copy), data => ReadRowsAsync(db, entity, data, reads, cancellationToken), cancellationToken);

    /// <summary>The records of a page statement's rows, and its total from the last row when it was asked for.</summary>
    private static async Task<PageRead> ReadRowsAsync(
        GraphDbContext db, Type entity, DbDataReader data, IReadOnlyList<NestedRead> reads, CancellationToken cancellationToken)
    {
        var records = new List<ReadRecord>();
        long? total = null;
        var reading = new Reading(db);
        while (await data.ReadAsync(cancellationToken))
        {
            if (data.IsDBNull(0))
            {
                // The last row: the total, when it was asked for.
                total = data.IsDBNull(1) ? null : data.GetInt64(1);
                continue;
            }

            using var json = await ParseAsync(data, cancellationToken);
            records.Add(reading.Read(entity, json.RootElement, reads));
        }

        return new PageRead(records, total is { } count ? (int)count : null);
    }

    /// <summary>
    /// The row's JSON. PostgreSQL's is parsed from the bytes it sent (UTF-8), not from a string decoded from them for
    /// the parser to encode again: 3 to 13% less of the API's CPU per request on the benchmark's pages. SQLite's is read
    /// as text: asked for a stream of this computed column, Microsoft.Data.Sqlite brought the test process down.
    /// </summary>
    private static async Task<JsonDocument> ParseAsync(DbDataReader data, CancellationToken cancellationToken)
    {
        if (data is not NpgsqlDataReader)
        {
            return JsonDocument.Parse(data.GetString(0));
        }

        await using var text = data.GetStream(0);
        return await JsonDocument.ParseAsync(text, cancellationToken: cancellationToken);
    }

    /// <summary>A parameter like <paramref name="parameter"/>, free to join a command: a parameter belongs to one command at a time.</summary>
    private static DbParameter Copy(DbParameter parameter) => parameter switch
    {
        ICloneable cloneable => (DbParameter)cloneable.Clone(),
        // Not Size: read, it is the length of the value as text, 0 for a number, and set, it cuts text to that length.
        SqliteParameter sqlite => new SqliteParameter(sqlite.ParameterName, sqlite.Value)
        {
            SqliteType = sqlite.SqliteType,
            Direction = sqlite.Direction,
            IsNullable = sqlite.IsNullable,
            SourceColumn = sqlite.SourceColumn,
            SourceColumnNullMapping = sqlite.SourceColumnNullMapping,
        },
        _ => throw new NotSupportedException($"PageStatement cannot copy a {parameter.GetType().Name}; add how here."),
    };

    /// <summary>
    /// The SQL EF Core writes for <paramref name="query"/>, its parameters added to <paramref name="parameters"/>. A
    /// parameter whose name is already taken (the page's and the count's queries are written alike) is named anew, so
    /// that the two always share one statement, whatever values each binds.
    /// </summary>
    private static string SqlOf<T>(IQueryable<T> query, List<DbParameter> parameters)
    {
        using var command = query.CreateDbCommand();
        var own = command.Parameters.Cast<DbParameter>().ToList();
        // Free the parameters of the command that made them, so that the statement's command can take them.
        command.Parameters.Clear();
        var sql = command.CommandText;
        var taken = parameters.Select(p => Bare(p.ParameterName)).ToHashSet(StringComparer.Ordinal);
        foreach (var parameter in own)
        {
            var name = Bare(parameter.ParameterName);
            if (taken.Contains(name))
            {
                var renamed = name;
                for (var i = 2; taken.Contains(renamed); i++)
                {
                    renamed = $"{name}_{i}";
                }

                sql = Regex.Replace(sql, $@"(?<![\w@])@{Regex.Escape(name)}(?!\w)", "@" + renamed);
                parameter.ParameterName = parameter.ParameterName.StartsWith('@') ? "@" + renamed : renamed;
                name = renamed;
            }

            taken.Add(name);
            parameters.Add(parameter);
        }

        return sql;
    }

    private static string Bare(string parameterName) => parameterName.TrimStart('@');

    private static Type EntityOf(NestedRead read) => read switch
    {
        RelatedNodes related => NodeLookup.EntityOf(related.Kind),
        RelatedCount count => NodeLookup.EntityOf(count.Kind),
        RecordByProperty byProperty => NodeLookup.EntityOf(byProperty.Kind),
        RelationshipsOf => typeof(Relationship),
        NodeSources or RelationshipSources => typeof(Source),
        OrganisationIdentifiers => typeof(OrganisationIdentifier),
        _ => throw new ArgumentOutOfRangeException(nameof(read), read, $"PageStatement reads no records for {read.GetType().Name}; add its entity here."),
    };

    /// <summary>The reading of a statement's rows.</summary>
    private sealed class Reading(GraphDbContext db)
    {
        public ReadRecord Read(Type entity, JsonElement row, IReadOnlyList<NestedRead> reads)
        {
            var nested = new object?[reads.Count];
            for (var i = 0; i < reads.Count; i++)
            {
                var value = row.GetProperty(i.ToString(CultureInfo.InvariantCulture));
                nested[i] = reads[i] switch
                {
                    RelatedCount => value.ValueKind == JsonValueKind.Null ? 0 : value.GetInt32(),
                    RecordByProperty byProperty => value.ValueKind == JsonValueKind.Null ? null : Read(EntityOf(byProperty), value, byProperty.Children),
                    var list => ReadList(EntityOf(list), value, list.Children),
                };
            }

            return new ReadRecord(RowJson.Read(db, entity, row.GetProperty("r")), nested);
        }

        private ReadList ReadList(Type entity, JsonElement rows, IReadOnlyList<NestedRead> reads)
        {
            // PostgreSQL's json_agg of no rows is null.
            if (rows.ValueKind == JsonValueKind.Null)
            {
                return new ReadList([], Complete: true);
            }

            // False where the list was longer than the limit, and not read.
            return rows.ValueKind == JsonValueKind.False
                ? new ReadList([], Complete: false)
                : new ReadList([.. rows.EnumerateArray().Select(r => Read(entity, r, reads))], Complete: true);
        }
    }

    /// <summary>The SQL of nested reads, for one statement.</summary>
    private sealed class Statement(GraphDbContext db, IReadOnlyDictionary<Type, IReadOnlySet<string>>? listed)
    {
        private readonly bool _postgres = db.IsPostgres;
        private int _aliases;

        /// <summary>A row of the page, with its nested reads, as JSON text.</summary>
        public string Row(Type entity, string alias, IReadOnlyList<NestedRead> reads) =>
            _postgres ? Record(entity, alias, reads, depth: 0) : $"json({Record(entity, alias, reads, depth: 0)})";

        /// <summary>The row of <paramref name="alias"/> as <c>{"r": its record, "0": the first read's value, ...}</c>.</summary>
        /// <param name="depth">How deep the record lies: 0 for a page row, d for a record of a list at depth d.</param>
        /// <param name="properties">The record's properties to read (see <see cref="RowJson.Pairs"/>); all when null.</param>
        private string Record(Type entity, string alias, IReadOnlyList<NestedRead> reads, int depth, IReadOnlySet<string>? properties = null)
        {
            var parts = new List<string> { $"'r', {Object(RowJson.Pairs(db, entity, alias, properties))}" };
            for (var i = 0; i < reads.Count; i++)
            {
                parts.Add($"'{i}', {Nested(reads[i], entity, alias, depth)}");
            }

            return Object(string.Join(", ", parts));
        }

        private string Object(string pairs) => _postgres ? $"json_build_object({pairs})" : $"jsonb_object({pairs})";

        /// <param name="depth">How deep <paramref name="parent"/> lies; a list read beneath it lies one deeper.</param>
        private string Nested(NestedRead read, Type parentEntity, string parent, int depth)
        {
            var alias = Alias();
            switch (read)
            {
                case RelatedNodes related:
                {
                    var ends = Alias();
                    var counted = Alias();
                    return List(
                        $"""FROM ({Ends(related.Type, related.Direction, related.Kind, parent)}) AS {ends} JOIN "{Table(EntityOf(read))}" AS {alias} ON {alias}."Id" = {ends}."Far" """,
                        read, alias, depth + 1, order: [],
                        // Every end is a stored record (RelationshipEndsCheck): the ends alone say how long the list is.
                        probe: $"""FROM ({Ends(related.Type, related.Direction, related.Kind, parent)}) AS {counted} """);
                }

                case RelatedCount count:
                    // Kept by every load (RelationshipCounts); a node with no such list has no row.
                    return $"""COALESCE((SELECT {alias}."Count" FROM "{Table(typeof(RelationshipCount))}" AS {alias} WHERE {alias}."NodeId" = {parent}."Id" AND {alias}."Type" = '{count.Type}' AND {alias}."Direction" = '{count.Direction}' AND {alias}."FarKind" = '{count.Kind}'), 0)""";

                case RelationshipsOf relationships:
                {
                    var near = relationships.Direction == Direction.Outgoing ? "FromId" : "ToId";
                    var types = string.Join(", ", relationships.Types.Select(t => $"'{t}'"));
                    return List(
                        $"""FROM "{Table(typeof(Relationship))}" AS {alias} WHERE {alias}."Type" IN ({types}) AND {alias}."{near}" = {parent}."Id" """,
                        read, alias, depth + 1, order: [$"""{alias}."Id" """]);
                }

                case RecordByProperty byProperty:
                {
                    var column = db.Model.FindEntityType(parentEntity)!.FindProperty(byProperty.Property)!.GetColumnName();
                    return $"""(SELECT {Record(EntityOf(read), alias, read.Children, depth)} FROM "{Table(EntityOf(read))}" AS {alias} WHERE {alias}."Id" = {parent}."{column}")""";
                }

                case NodeSources or RelationshipSources:
                {
                    var (link, key) = read is NodeSources ? (typeof(NodeSource), "NodeId") : (typeof(RelationshipSource), "RelationshipId");
                    var linkAlias = Alias();
                    return List(
                        $"""FROM "{Table(link)}" AS {linkAlias} JOIN "{Table(typeof(Source))}" AS {alias} ON {alias}."Id" = {linkAlias}."SourceId" WHERE {linkAlias}."{key}" = {parent}."Id" """,
                        read, alias, depth + 1, order: []);
                }

                case OrganisationIdentifiers:
                    return List(
                        $"""FROM "{Table(typeof(OrganisationIdentifier))}" AS {alias} WHERE {alias}."OrganisationId" = {parent}."Id" """,
                        read, alias, depth + 1, order: [$"""{alias}."Scheme" """, $"""{alias}."Value" """]);

                default:
                    throw new ArgumentOutOfRangeException(nameof(read), read, $"PageStatement cannot read {read.GetType().Name}; add its SQL here.");
            }
        }

        /// <summary>
        /// A list as a JSON array of its records, in <paramref name="order"/> where it has one (the rest are ordered by
        /// their reader), or false when it is longer than the limit (see Reading.ReadList). At most the limit and one
        /// more are counted, so that a longer list is seen to be one.
        /// </summary>
        /// <remarks>
        /// A list with reads beneath its records is counted first, and its records read only when it is short enough:
        /// a list too long costs its count, not its records' own lists. A list without is counted as its records are
        /// built, in one pass: a list counted and read in two sub-selects costs two sub-plans for every parent, and the
        /// innermost lists are the most numerous. On PostgreSQL at 10^5 nodes, the headline question read in one
        /// statement (4 models, their 410 evidence items and those items' 502 sources; the fastest 4 of 8 prepared
        /// runs, twice) took 8.9–10.5 ms with every list counted first, 7.3–7.6 ms with every list read in one pass,
        /// and 6.4–7.3 ms as here.
        /// </remarks>
        /// <param name="depth">How deep the list lies, which names its limit (<see cref="ListLimits"/>).</param>
        /// <param name="probe">What to count to know the list's length, when cheaper than <paramref name="from"/>.</param>
        private string List(string from, NestedRead read, string alias, int depth, IReadOnlyList<string> order, string? probe = null)
        {
            var rows = Alias();
            var orderColumns = string.Concat(order.Select((o, i) => $", {o} AS o{i}"));
            // Only lists of nodes and of sources are read with fewer properties: their records go to their own lists'
            // loaders alone, for the fields the document asks of them. A record by property goes to the loader of
            // records by id, which other fields' resolvers also read from (see GraphReader.Prime).
            var properties = read is RelatedNodes or NodeSources or RelationshipSources ? listed?.GetValueOrDefault(EntityOf(read)) : null;
            var inner = $"SELECT {Record(EntityOf(read), alias, read.Children, depth, properties)} AS x{orderColumns} {from}";
            var orderBy = order.Count == 0 ? "" : " ORDER BY " + string.Join(", ", order.Select((_, i) => $"{rows}.o{i}"));
            var (records, tooLong) = _postgres
                ? ($"json_agg({rows}.x{orderBy})", "'false'::json")
                : ($"jsonb_group_array({rows}.x{orderBy})", "jsonb('false')");
            var longerThanLimit = $"COUNT(*) > (SELECT l{depth} FROM list_limit)";
            var limitAndOneMore = $"LIMIT (SELECT l{depth} + 1 FROM list_limit)";
            if (read.Children.Count == 0)
            {
                return $"""(SELECT CASE WHEN {longerThanLimit} THEN {tooLong} ELSE {records} END FROM ({inner}{limitAndOneMore}) AS {rows})""";
            }

            var length = Alias();
            return $"""(SELECT CASE WHEN {longerThanLimit} THEN {tooLong} ELSE (SELECT {records} FROM ({inner}) AS {rows}) END FROM (SELECT 1 AS one {probe ?? from}{limitAndOneMore}) AS {length})""";
        }

        /// <summary>
        /// The ids at the far end of <paramref name="parent"/>'s relationships of <paramref name="type"/>, as "Far". The far
        /// end's kind is asked only where the type allows more than one, as the batch loaders do.
        /// </summary>
        private string Ends(RelationshipType type, Direction direction, NodeKind kind, string parent)
        {
            var table = Table(typeof(Relationship));
            var parts = new List<string>();
            if (direction is Direction.Outgoing or Direction.Either)
            {
                var r = Alias();
                var kindFilter = RelationshipEnds.MayEndAtOtherThan(type, kind) ? $""" AND {r}."ToKind" = '{kind}'""" : "";
                parts.Add($"""SELECT {r}."ToId" AS "Far" FROM "{table}" AS {r} WHERE {r}."FromId" = {parent}."Id" AND {r}."Type" = '{type}'{kindFilter}""");
            }

            if (direction is Direction.Incoming or Direction.Either)
            {
                var r = Alias();
                var kindFilter = RelationshipEnds.MayStartFromOtherThan(type, kind) ? $""" AND {r}."FromKind" = '{kind}'""" : "";
                parts.Add($"""SELECT {r}."FromId" AS "Far" FROM "{table}" AS {r} WHERE {r}."ToId" = {parent}."Id" AND {r}."Type" = '{type}'{kindFilter}""");
            }

            return string.Join(" UNION ALL ", parts);
        }

        private string Alias() => $"n{_aliases++}";

        private string Table(Type entity) => db.TableOf(entity);
    }
}

/// <summary>
/// A page's statement as <see cref="PageStatement.Write"/> wrote it: its SQL and the parameters it binds, which are
/// copied for each run and never bound themselves.
/// </summary>
public sealed record WrittenStatement(string Sql, IReadOnlyList<DbParameter> Parameters);

/// <summary>A page read by <see cref="PageStatement"/>: its rows in order, and the whole list's length when it was asked.</summary>
public sealed record PageRead(IReadOnlyList<ReadRecord> Rows, int? Total);

/// <summary>
/// A record with what its nested reads found, in the reads' order: a <see cref="ReadList"/> for a list, an int for a
/// count, a <see cref="ReadRecord"/> (or null, when there is none) for a record by property.
/// </summary>
public sealed record ReadRecord(object Record, IReadOnlyList<object?> Nested);

/// <summary>A nested list; not <see cref="Complete"/> when it held more records than the statement's limit, which are then not given.</summary>
public sealed record ReadList(IReadOnlyList<ReadRecord> Records, bool Complete);
