using GraphQL;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Api.Limits;
using SocialEconomy.Api.Loading;
using SocialEconomy.Api.Relay;
using SocialEconomy.Graph.Compiling;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Api.Compiling;

/// <summary>Whether lists at the root are read with their selection in one statement. Bound from configuration section "Compiler".</summary>
public sealed class CompilerOptions
{
    public const string Section = "Compiler";

    /// <summary>
    /// On (the default), a root list's page, its total and what the document asks of its records through the fields
    /// that say what they read (see <see cref="ReadAhead"/>) are read in one statement; off, level by level, one
    /// statement per level. The answers are the same either way.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How many characters of SQL the statements written for root lists may hold between them (see
    /// <see cref="StatementCache"/>), so that a question asked again with the same arguments and selection is not
    /// written again; 0 turns the cache off. The default, 16 Mi characters, holds some thousands of statements.
    /// </summary>
    public long StatementCacheCharacters { get; set; } = 16 * 1024 * 1024;
}

/// <summary>Reads a root list's page with its document's selection in one statement (<see cref="PageStatement"/>).</summary>
public static class CompiledPages
{
    /// <summary>
    /// The reader of the page of the root list <paramref name="context"/> resolves; null when the compiler is off, or
    /// when the page read the usual way costs no more statements (no nested reads, no total).
    /// </summary>
    /// <param name="everyNode">The kind, when the list is every node of it: its total is then the count the store keeps.</param>
    public static PageReader<T>? ReaderFor<T>(IResolveFieldContext context, NodeKind? everyNode)
        where T : class
    {
        var services = context.RequestServices!;
        if (!services.GetRequiredService<CompilerOptions>().Enabled)
        {
            return null;
        }

        var document = context.Document;
        var type = context.FieldDefinition.ResolvedType;
        var field = FieldReads.For(context.FieldAst, () => ReadAhead.Of(ReadAhead.ItemType(type), ReadAhead.ItemSelections(context.FieldAst.SelectionSet, document), document));
        var reads = field.Reads;
        var limits = services.GetRequiredService<LimitsOptions>();
        return async (ordered, skip, counted, rows, cancellationToken) =>
        {
            if (reads.Count == 0 && counted is null)
            {
                return null;
            }

            var db = services.GetRequiredService<GraphDbContext>();
            var listLimits = field.ListLimitsFor(limits, rows, db.IsPostgres);
            var listed = RecordProperties.Of(context.Schema, document, context.Operation);
            var written = services.GetRequiredService<StatementCache>().GetOrWrite(
                StatementKey.Of(context, reads, counted is not null, listLimits, listed),
                () => counted is not null && everyNode is { } kind
                    ? PageStatement.Write(db, ordered(), (skip, rows), NodeCounts.Sql(db, kind), reads, listLimits, listed)
                    : PageStatement.Write(db, ordered(), (skip, rows), counted?.Invoke(), reads, listLimits, listed));
            var read = await PageStatement.ReadAsync(db, typeof(T), written, reads, cancellationToken);
            services.GetRequiredService<GraphReader>().Prime(reads, read.Rows);
            return ([.. read.Rows.Select(r => (T)r.Record)], read.Total);
        };
    }

    /// <summary>
    /// How many records each nested list may give per parent (<see cref="Graph.Compiling.ListLimits"/>), for every
    /// page of up to <paramref name="rows"/> rows: the longest for which the page's rows, times for every read the
    /// product of the limits + 1 of the depths down to it (<see cref="ReadAhead.RecordDepths"/>), stay within a share of
    /// the cost limit (an answer's values; see <see cref="RecordShare"/>), and none longer than a plain list may hold.
    /// The statement picks the limits for the rows its page holds; a longer list is read by its loader instead, as the
    /// budget allows.
    /// </summary>
    /// <remarks>
    /// The budget goes first to lists at every depth alike, up to the length a list's price assumes
    /// (Limits:AssumedListSize), then to the page rows' own lists as far as it reaches, then deeper, depth by depth. A
    /// list found too long is read by its loader with everything beneath it, a statement per level, so a shallow list
    /// cut short costs more statements than a deep one; and the shallow lists are the long ones (a model's evidence,
    /// against an evidence item's sources). With one limit for every depth, the headline question at 10^5 nodes (4
    /// models) let each list hold 110 records, and the two models with more evidence were read by loaders in two more
    /// statements; on SQLite, the same question read in one statement, every list in it, answered in 6.3 ms against
    /// 9.2 ms (request-log medians, 600 calls each, the builds asked in turn).
    /// </remarks>
    public static ListLimits ListLimitsFor(LimitsOptions limits, int rows, IReadOnlyList<NestedRead> reads, bool postgres)
    {
        var depths = ReadAhead.RecordDepths(reads).ToList();
        var deepest = depths.Count == 0 ? 0 : depths.Max();
        var budget = limits.MaxCost * RecordShare(postgres);
        var longest = Math.Max(1, limits.MaxListSize);
        var assumed = Math.Clamp(limits.AssumedListSize, 1, longest);
        var byRows = new IReadOnlyList<int>[rows + 1];
        for (var n = 0; n <= rows; n++)
        {
            // An empty page reads nothing beneath it; its limits are a single row's.
            var pageRows = Math.Max(1, n);
            var limit = Enumerable.Repeat(1, deepest).ToArray();
            bool Fits() => pageRows * depths.Sum(d => limit.Take(d).Aggregate(1.0, (product, l) => product * (l + 1))) <= budget;

            // As long as it fits, each in turn: every depth together, up to the length a list is priced at; the first;
            // each deeper one.
            void Raise(int from, int to, int most)
            {
                var (low, high) = (limit[from], most);
                while (low < high)
                {
                    var middle = low + ((high - low + 1) / 2);
                    Array.Fill(limit, middle, from, to - from);
                    (low, high) = Fits() ? (middle, high) : (low, middle - 1);
                }

                Array.Fill(limit, low, from, to - from);
            }

            if (deepest > 0)
            {
                Raise(0, deepest, assumed);
                Raise(0, 1, longest);
                for (var d = 1; d < deepest; d++)
                {
                    Raise(d, d + 1, longest);
                }
            }

            byRows[n] = limit;
        }

        return new ListLimits(byRows);
    }

    /// <summary>
    /// What share of the cost limit a statement's nested lists may read: a tenth on SQLite, a hundredth on PostgreSQL.
    /// SQLite runs a correlated sub-select within the process, for about what a loader pays a record. PostgreSQL runs
    /// one as a sub-plan for every record of the list above it, and a sub-plan costs more than a loader's set-based
    /// read of the same record: the headline question at 10^5 nodes (410 evidence items and their 502 sources) in one
    /// statement took 10.8 ms in the server (its log's median of 40 runs), where its three statements, the longer
    /// lists read by loaders, took 6.6 ms together; prepared in psql it took 7.7–11.6 ms (medians of 35 runs), 4.2–6.9
    /// with the sources' sub-plan reading only their ids. Asked over HTTP, 450 calls each, builds in turn, the request-log
    /// medians were 12.7 ms both ways on a busy machine and 8.4 ms in one statement against 6.9 ms in three on a quiet one.
    /// </summary>
    private static double RecordShare(bool postgres) => postgres ? 0.01 : 0.1;
}
