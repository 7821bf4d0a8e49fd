using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using GraphQLParser.AST;
using SocialEconomy.Graph.Compiling;

namespace SocialEconomy.Api.Compiling;

/// <summary>
/// What a field's resolver reads through its loader, said as field metadata, and the reads a selection of records
/// asks for, worked out from it: a document's selection becomes the <see cref="NestedRead"/>s of one statement. A field
/// that says nothing is resolved as it always is, by its loader, level by level.
/// </summary>
public static class ReadAhead
{
    private const string Metadata = "socialEconomy.readAhead";

    /// <summary>The field's resolver reads, for each record, what <paramref name="read"/> reads.</summary>
    public static FieldBuilder<TSource, TReturn> ReadsAhead<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, NestedRead read)
    {
        field.FieldType.WithMetadata(Metadata, read);
        RecordProperties.Declare(field.FieldType, [read is RecordByProperty byProperty ? byProperty.Property : "Id"]);
        return field;
    }

    /// <summary>
    /// The field is a connection over the list <paramref name="items"/> reads: it reads that list when the document asks
    /// for its items, and only counts it otherwise (see ConnectionResolver.AsksForItems).
    /// </summary>
    public static FieldBuilder<TSource, TReturn> ReadsAheadAsConnection<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, RelatedNodes items)
    {
        field.FieldType.WithMetadata(Metadata, new ConnectionOver(items));
        RecordProperties.Declare(field.FieldType, ["Id"]);
        return field;
    }

    /// <summary>
    /// The reads that the selections <paramref name="selections"/> of records of <paramref name="type"/> ask for, with
    /// those of their own selections beneath them; reads of the same records are merged into one.
    /// </summary>
    public static IReadOnlyList<NestedRead> Of(IGraphType? type, IEnumerable<GraphQLSelectionSet?> selections, GraphQLDocument document)
    {
        if (Unwrap(type) is not IComplexGraphType record)
        {
            return [];
        }

        var reads = new List<NestedRead>();
        foreach (var field in Fields(selections, document, record))
        {
            var definition = record.GetField(field.Name.StringValue);
            switch (definition?.GetMetadata<object?>(Metadata))
            {
                case ConnectionOver connection:
                    var items = ItemSelections(field.SelectionSet, document);
                    reads.Add(items.Count > 0
                        ? connection.Items with { Children = Of(ItemType(definition!.ResolvedType), items, document) }
                        : new RelatedCount(connection.Items.Type, connection.Items.Direction, connection.Items.Kind));
                    break;
                case NestedRead read:
                    reads.Add(read with { Children = Of(definition!.ResolvedType, [field.SelectionSet], document) });
                    break;
            }
        }

        return Merge(reads);
    }

    /// <summary>
    /// For each read that returns records, how many lists deep its records lie (the row a list belongs to being at 0):
    /// with at most L records per list, a read at depth d returns at most L^d records per row of the page.
    /// </summary>
    public static IEnumerable<int> RecordDepths(IReadOnlyList<NestedRead> reads, int depth = 0)
    {
        foreach (var read in reads)
        {
            var own = read switch
            {
                RelatedCount => (int?)null,
                RecordByProperty => depth,
                _ => depth + 1,
            };
            if (own is { } d)
            {
                yield return d;
                foreach (var child in RecordDepths(read.Children, d))
                {
                    yield return child;
                }
            }
        }
    }

    /// <summary>
    /// The fields of the selections, those of their fragments included; given the type of the record selected, only the
    /// fragments on that type or on an interface it implements.
    /// </summary>
    public static IEnumerable<GraphQLField> Fields(IEnumerable<GraphQLSelectionSet?> selections, GraphQLDocument document, IComplexGraphType? on = null)
    {
        foreach (var selection in selections.SelectMany(s => s?.Selections ?? []))
        {
            switch (selection)
            {
                case GraphQLField field:
                    yield return field;
                    break;
                case GraphQLInlineFragment inline when Applies(inline.TypeCondition, on):
                    foreach (var field in Fields([inline.SelectionSet], document, on))
                    {
                        yield return field;
                    }

                    break;
                case GraphQLFragmentSpread spread:
                    var definition = document.Definitions.OfType<GraphQLFragmentDefinition>()
                        .FirstOrDefault(d => d.FragmentName.Name.StringValue == spread.FragmentName.Name.StringValue);
                    if (definition is not null && Applies(definition.TypeCondition, on))
                    {
                        foreach (var field in Fields([definition.SelectionSet], document, on))
                        {
                            yield return field;
                        }
                    }

                    break;
            }
        }
    }

    private static bool Applies(GraphQLTypeCondition? condition, IComplexGraphType? on) =>
        condition is null || on is null || condition.Type.Name.StringValue == on.Name
        || (on is IObjectGraphType record && record.ResolvedInterfaces.Any(i => i.Name == condition.Type.Name.StringValue));

    /// <summary>
    /// What a connection's selection asks of its items: the selections of its 'nodes' and of its edges' 'node'; none
    /// when it asks only for its total or page info.
    /// </summary>
    public static IReadOnlyList<GraphQLSelectionSet?> ItemSelections(GraphQLSelectionSet? connection, GraphQLDocument document)
    {
        var page = Fields([connection], document).ToList();
        var nodes = page.Where(f => f.Name.StringValue == "nodes").Select(f => f.SelectionSet);
        var edgeNodes = Fields(page.Where(f => f.Name.StringValue == "edges").Select(f => f.SelectionSet), document)
            .Where(f => f.Name.StringValue == "node").Select(f => f.SelectionSet);
        return [.. nodes.Concat(edgeNodes)];
    }

    /// <summary>Reads of the same records as one, their children merged in turn.</summary>
    private static IReadOnlyList<NestedRead> Merge(List<NestedRead> reads) =>
        reads.Count < 2
            ? reads
            : [.. reads.GroupBy(r => r.Key).Select(g => g.First() with { Children = Merge([.. g.SelectMany(r => r.Children)]) })];

    /// <summary>The record type of a connection's items.</summary>
    public static IGraphType? ItemType(IGraphType? connection) =>
        (Unwrap(connection) as IComplexGraphType)?.GetField("nodes")?.ResolvedType;

    private static IGraphType? Unwrap(IGraphType? type) => type switch
    {
        NonNullGraphType nonNull => Unwrap(nonNull.ResolvedType),
        ListGraphType list => Unwrap(list.ResolvedType),
        _ => type,
    };

    private sealed record ConnectionOver(RelatedNodes Items);
}
