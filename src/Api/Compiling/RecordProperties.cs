using System.Runtime.CompilerServices;
using GraphQL.Builders;
using GraphQL.Types;
using GraphQLParser.AST;

namespace SocialEconomy.Api.Compiling;

/// <summary>A GraphQL object type whose values are records of one entity of the store.</summary>
public interface IEntityGraphType
{
    Type Entity { get; }
}

/// <summary>
/// Which properties of its record a field's resolver reads, said as field metadata, and which an operation's fields
/// read of each entity between them: a statement that reads records ahead for the operation then reads only those
/// columns (see PageStatement's listed properties). A field that says nothing may read anything: an operation that
/// asks for it anywhere has that entity's records read whole.
/// </summary>
/// <remarks>
/// The headline question at 10^4 nodes on SQLite read 15 columns of each evidence item and 8 of each source, to show
/// a title, a rating and a URL: its statement took 0.43 ms, and 0.23 ms with those columns (the captured statement,
/// 30 runs each), building 5 KB of JSON instead of 19 KB.
/// </remarks>
public static class RecordProperties
{
    private const string Metadata = "socialEconomy.readsProperties";

    private static readonly ConditionalWeakTable<GraphQLOperationDefinition, IReadOnlyDictionary<Type, IReadOnlySet<string>>> OfOperation = new();

    /// <summary>
    /// The field's resolver reads <paramref name="properties"/> of its record and nothing else, what it hands on to
    /// the fields beneath it included (an owned value's name stands for all its properties).
    /// </summary>
    public static FieldBuilder<TSource, TReturn> ReadsProperties<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, params string[] properties)
    {
        Declare(field.FieldType, properties);
        return field;
    }

    /// <summary>Adds <paramref name="properties"/> to what <paramref name="field"/> is said to read.</summary>
    internal static void Declare(FieldType field, IEnumerable<string> properties) =>
        field.Metadata[Metadata] = (field.GetMetadata<string[]?>(Metadata) ?? []).Union(properties, StringComparer.Ordinal).ToArray();

    /// <summary>
    /// For each entity whose records <paramref name="operation"/> selects, the properties its fields read between
    /// them, wherever in the operation they are asked (fragments and fields of interfaces included); an entity one of
    /// whose fields says nothing is left out, and read whole. Worked out once per operation of a cached document.
    /// </summary>
    public static IReadOnlyDictionary<Type, IReadOnlySet<string>> Of(ISchema schema, GraphQLDocument document, GraphQLOperationDefinition operation) =>
        OfOperation.TryGetValue(operation, out var known) ? known : OfOperation.GetValue(operation, _ => Find(schema, document, operation));

    private static IReadOnlyDictionary<Type, IReadOnlySet<string>> Find(ISchema schema, GraphQLDocument document, GraphQLOperationDefinition operation)
    {
        var read = new Dictionary<Type, HashSet<string>?>();
        var root = operation.Operation switch
        {
            OperationType.Query => schema.Query,
            OperationType.Mutation => schema.Mutation,
            _ => schema.Subscription,
        };
        if (root is not null)
        {
            Walk(root, operation.SelectionSet);
        }

        return read.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => (IReadOnlySet<string>)e.Value!);

        void Walk(IGraphType parent, GraphQLSelectionSet? selections)
        {
            foreach (var selection in selections?.Selections ?? [])
            {
                switch (selection)
                {
                    case GraphQLField field:
                        var beneath = new HashSet<IGraphType>();
                        foreach (var type in Possible(parent))
                        {
                            var definition = type.GetField(field.Name.StringValue);
                            if (type is IEntityGraphType entity && field.Name.StringValue != "__typename")
                            {
                                Add(entity.Entity, definition?.GetMetadata<string[]?>(Metadata));
                            }

                            if (definition?.ResolvedType is { } resolved)
                            {
                                beneath.Add(Unwrap(resolved));
                            }
                        }

                        // Each type beneath once, however many members of an interface share it.
                        foreach (var type in field.SelectionSet is null ? [] : beneath)
                        {
                            Walk(type, field.SelectionSet);
                        }

                        break;
                    case GraphQLInlineFragment inline:
                        Walk(inline.TypeCondition is { } condition ? schema.AllTypes[condition.Type.Name.StringValue] ?? parent : parent, inline.SelectionSet);
                        break;
                    case GraphQLFragmentSpread spread:
                        var fragment = document.Definitions.OfType<GraphQLFragmentDefinition>()
                            .FirstOrDefault(d => d.FragmentName.Name.StringValue == spread.FragmentName.Name.StringValue);
                        if (fragment is not null)
                        {
                            Walk(schema.AllTypes[fragment.TypeCondition.Type.Name.StringValue] ?? parent, fragment.SelectionSet);
                        }

                        break;
                }
            }
        }

        // The object types a selection on the type may meet: an interface's or a union's every member.
        IEnumerable<IComplexGraphType> Possible(IGraphType type) => type switch
        {
            IObjectGraphType record => [record],
            IInterfaceGraphType face => schema.AllTypes.OfType<IObjectGraphType>().Where(o => o.ResolvedInterfaces.Contains(face)),
            UnionGraphType union => union.PossibleTypes,
            _ => [],
        };

        void Add(Type entity, string[]? properties)
        {
            if (properties is null)
            {
                read[entity] = null;
            }
            else if (!read.TryGetValue(entity, out var known))
            {
                read[entity] = new HashSet<string>(properties, StringComparer.Ordinal);
            }
            else
            {
                known?.UnionWith(properties);
            }
        }
    }

    private static IGraphType Unwrap(IGraphType type) => type switch
    {
        NonNullGraphType nonNull => Unwrap(nonNull.ResolvedType!),
        ListGraphType list => Unwrap(list.ResolvedType!),
        _ => type,
    };
}
