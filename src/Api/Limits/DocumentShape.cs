using GraphQL;
using GraphQLParser.AST;

namespace SocialEconomy.Api.Limits;

/// <summary>
/// Measures a parsed document before GraphQL validates it: the fields and aliases written, and, for the
/// operation to run, its depth and how many fields it selects once every fragment is spread. Fragments are
/// measured once each, so a "fragment bomb" (each fragment spreading the one before twice) costs linear time
/// here, where validation would spend exponential time; cycles count nothing (validation reports them).
/// </summary>
public sealed class DocumentShape
{
    public const string FieldsExceeded = "MAX_FIELDS_EXCEEDED";
    public const string AliasesExceeded = "MAX_ALIASES_EXCEEDED";
    public const string IntrospectionTooDeep = "INTROSPECTION_TOO_DEEP";

    /// <summary>
    /// Introspection lists that lead back to types. Introspection costs nothing (its size is the schema's), so
    /// instead of a cost these may not nest in one another (as HotChocolate's introspection rule): one level is
    /// all that GraphiQL and code generators ask for, while each further level multiplies the answer by the schema.
    /// </summary>
    private static readonly HashSet<string> RecursiveIntrospectionLists = new(StringComparer.Ordinal)
    {
        "fields", "inputFields", "interfaces", "possibleTypes",
    };

    /// <summary>More than this many expanded fields reads as "too many" whatever the true number.</summary>
    private const long Saturated = long.MaxValue / 4;

    private readonly Dictionary<string, GraphQLFragmentDefinition> _fragments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Extent> _measured = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inProgress = new(StringComparer.Ordinal);

    private DocumentShape()
    {
    }

    public int Fields { get; private set; }

    public int Aliases { get; private set; }

    /// <summary>Fields selected by the operation(s) to run, fragments spread.</summary>
    public long ExpandedFields { get; private set; }

    public int Depth { get; private set; }

    /// <summary>How deeply the recursive introspection lists nest in the operation(s) to run.</summary>
    public int IntrospectionNesting { get; private set; }

    public static DocumentShape Measure(GraphQLDocument document, string? operationName)
    {
        var shape = new DocumentShape();
        foreach (var fragment in document.Definitions.OfType<GraphQLFragmentDefinition>())
        {
            shape._fragments.TryAdd(fragment.FragmentName.Name.StringValue, fragment);
        }

        foreach (var definition in document.Definitions)
        {
            shape.CountWritten(definition);
        }

        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        var chosen = operations.Where(o => operationName is null || o.Name?.StringValue == operationName).ToList();
        foreach (var operation in chosen.Count > 0 ? chosen : operations)
        {
            var measure = shape.MeasureSet(operation.SelectionSet);
            shape.ExpandedFields = Math.Max(shape.ExpandedFields, measure.Fields);
            shape.Depth = Math.Max(shape.Depth, measure.Depth);
            shape.IntrospectionNesting = Math.Max(shape.IntrospectionNesting, measure.Introspection);
        }

        return shape;
    }

    /// <summary>The first limit this document passes, as a GraphQL error; null when it keeps to all of them.</summary>
    public ExecutionError? Check(LimitsOptions limits)
    {
        if (Fields > limits.MaxFields)
        {
            return new ExecutionError($"The document selects {Fields} fields; at most {limits.MaxFields} are allowed. Split it into several requests.") { Code = FieldsExceeded };
        }

        if (Aliases > limits.MaxAliases)
        {
            return new ExecutionError($"The document uses {Aliases} aliases; at most {limits.MaxAliases} are allowed. Ask for lists with 'where' instead of repeating a field under aliases.") { Code = AliasesExceeded };
        }

        if (Depth > limits.MaxDepth)
        {
            return new ExecutionError($"The operation nests fields {Depth} deep; at most {limits.MaxDepth} is allowed. Ask for less at once, or fetch nested things by id with 'node'.") { Code = QueryCost.DepthExceeded };
        }

        if (IntrospectionNesting > 1)
        {
            return new ExecutionError("Introspection lists (fields, inputFields, interfaces, possibleTypes) may not nest inside one another; ask for the types first, then for a type by name with __type.") { Code = IntrospectionTooDeep };
        }

        // Every field costs at least 1, so more fields than the cost allows need not be costed further.
        if (ExpandedFields > limits.MaxCost)
        {
            return new ExecutionError($"The operation selects {(ExpandedFields >= Saturated ? "billions of" : ExpandedFields.ToString(System.Globalization.CultureInfo.InvariantCulture))} fields once its fragments are spread; its cost may be at most {limits.MaxCost}. Spread fewer fragments.") { Code = QueryCost.CostExceeded };
        }

        return null;
    }

    private void CountWritten(ASTNode node)
    {
        switch (node)
        {
            case GraphQLField field:
                Fields++;
                if (field.Alias is not null)
                {
                    Aliases++;
                }

                if (field.SelectionSet is { } selections)
                {
                    CountWritten(selections);
                }

                break;
            case GraphQLSelectionSet set:
                foreach (var selection in set.Selections)
                {
                    CountWritten(selection);
                }

                break;
            case GraphQLInlineFragment inline:
                CountWritten(inline.SelectionSet);
                break;
            case GraphQLOperationDefinition operation:
                CountWritten(operation.SelectionSet);
                break;
            case GraphQLFragmentDefinition fragment:
                CountWritten(fragment.SelectionSet);
                break;
        }
    }

    private Extent MeasureSet(GraphQLSelectionSet set)
    {
        var total = new Extent(0, 0, 0);
        foreach (var selection in set.Selections)
        {
            var measure = selection switch
            {
                GraphQLField field => field.SelectionSet is { } inner
                    ? Deeper(MeasureSet(inner), RecursiveIntrospectionLists.Contains(field.Name.StringValue))
                    : new Extent(1, 1, 0),
                GraphQLInlineFragment inline => MeasureSet(inline.SelectionSet),
                GraphQLFragmentSpread spread => MeasureFragment(spread.FragmentName.Name.StringValue),
                _ => new Extent(0, 0, 0),
            };
            total = new Extent(
                Math.Min(Saturated, total.Fields + measure.Fields), Math.Max(total.Depth, measure.Depth), Math.Max(total.Introspection, measure.Introspection));
        }

        return total;

        static Extent Deeper(Extent inner, bool introspectionList) =>
            new(Math.Min(Saturated, inner.Fields + 1), inner.Depth + 1, inner.Introspection + (introspectionList ? 1 : 0));
    }

    private Extent MeasureFragment(string name)
    {
        if (_measured.TryGetValue(name, out var known))
        {
            return known;
        }

        if (!_fragments.TryGetValue(name, out var fragment) || !_inProgress.Add(name))
        {
            return new Extent(0, 0, 0);
        }

        var measured = MeasureSet(fragment.SelectionSet);
        _inProgress.Remove(name);
        _measured[name] = measured;
        return measured;
    }

    /// <summary>Fields selected (fragments spread), nesting depth, and nesting of recursive introspection lists.</summary>
    private readonly record struct Extent(long Fields, int Depth, int Introspection);
}
