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
            var listLimits = field.ListLimits(limits, rows);
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
    /// How many records each nested list may give per parent, at [n] for a page of n rows, for every n up to
    /// <paramref name="rows"/>: the most for which the page's rows, times the records every read may read (the limit
    /// and one more per list, <see cref="ReadAhead.RecordDepths"/>), stay within a tenth of the cost limit (an answer's
    /// values), and no more than a plain list may hold. The statement picks the one for the rows its page holds; a
    /// longer list is read by its loader instead, as the budget allows.
    /// </summary>
    internal static int[] ListLimits(LimitsOptions limits, int rows, IReadOnlyList<NestedRead> reads)
    {
        var depths = ReadAhead.RecordDepths(reads).ToList();
        var budget = limits.MaxCost / 10.0;
        var byRows = new int[rows + 1];
        var high = Math.Max(1, limits.MaxListSize);
        for (var n = 0; n <= rows; n++)
        {
            // An empty page reads nothing beneath it; its limit is a single row's.
            var pageRows = Math.Max(1, n);
            bool Fits(int limit) => pageRows * depths.Sum(d => Math.Pow(limit + 1, d)) <= budget;
            var low = 1;
            while (low < high)
            {
                var middle = low + ((high - low + 1) / 2);
                (low, high) = Fits(middle) ? (middle, high) : (low, middle - 1);
            }

            // More rows never allow a longer list: the next search goes no higher than this answer.
            byRows[n] = low;
        }

        return byRows;
    }
}
