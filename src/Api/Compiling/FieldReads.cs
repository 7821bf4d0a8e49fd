using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GraphQLParser.AST;
using SocialEconomy.Api.Limits;
using SocialEconomy.Graph.Compiling;

namespace SocialEconomy.Api.Compiling;

/// <summary>
/// What a root list's field reads ahead (<see cref="ReadAhead"/>) and its nested lists' limits for each page size
/// (<see cref="CompiledPages.ListLimitsFor"/>), worked out once per field of a document rather than on every request: a
/// document from the document cache is the same syntax tree each time it is asked, and these depend on that tree and
/// the schema alone (no directive or variable changes what a selection reads). Held as long as the tree is.
/// </summary>
internal sealed class FieldReads
{
    private static readonly ConditionalWeakTable<GraphQLField, FieldReads> OfField = new();

    private readonly ConcurrentDictionary<(int Rows, int MaxCost, int MaxListSize, int AssumedListSize, bool Postgres), ListLimits> _limits = new();

    private FieldReads(IReadOnlyList<NestedRead> reads) => Reads = reads;

    public IReadOnlyList<NestedRead> Reads { get; }

    /// <summary>The reads of <paramref name="field"/>, worked out by <paramref name="readsOf"/> the first time it is asked.</summary>
    public static FieldReads For(GraphQLField field, Func<IReadOnlyList<NestedRead>> readsOf) =>
        OfField.TryGetValue(field, out var known) ? known : OfField.GetValue(field, _ => new FieldReads(readsOf()));

    /// <summary>The nested lists' limits for a page of up to <paramref name="rows"/> rows under <paramref name="limits"/>, in the store named.</summary>
    public ListLimits ListLimitsFor(LimitsOptions limits, int rows, bool postgres) =>
        _limits.GetOrAdd(
            (rows, limits.MaxCost, limits.MaxListSize, limits.AssumedListSize, postgres),
            static (key, state) => CompiledPages.ListLimitsFor(state.Limits, key.Rows, state.Reads, key.Postgres),
            (Limits: limits, Reads));
}
