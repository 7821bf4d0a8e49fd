using GraphQL.Types;
using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
using SocialEconomy.Api.Relay;

namespace SocialEconomy.Api.Limits;

/// <summary>
/// The cost of an operation and the depth of its deepest field, computed before it runs. Every field costs 1,
/// multiplied by the sizes of the lists above it: a connection's page counts as its 'first' or 'last' (the
/// default page size when neither is given, never more than the largest page), any other list as
/// Limits:AssumedListSize items. So '{ models(first: 100) { nodes { evidence { title } } } }' costs
/// 1 + 100 + 100 * 10 + 100 * 10 = 2101 with the default list size of 10.
/// </summary>
public static class QueryCost
{
    public const string CostExceeded = "COST_EXCEEDED";
    public const string DepthExceeded = "MAX_DEPTH_EXCEEDED";

    /// <summary>Key under which the computed cost is left in the request's user context.</summary>
    public const string UserContextKey = "socialEconomy.cost";

    public static ComplexityValidationRule CreateRule(LimitsOptions limits, PagingOptions paging) => new(new ComplexityOptions
    {
        // The limits are checked below, so that each has its own code and message.
        MaxComplexity = null,
        MaxDepth = null,
        DefaultScalarImpact = 1,
        DefaultObjectImpact = 1,
        DefaultListImpactMultiplier = limits.AssumedListSize,
        DefaultComplexityImpactDelegate = context => Impact(context, limits, paging),
        ValidateComplexityDelegate = context =>
        {
            var cost = (long)Math.Ceiling(context.TotalImpact);
            context.ValidationContext.UserContext[UserContextKey] = cost;
            var operation = context.ValidationContext.Operation;
            if (context.MaxDepth > limits.MaxDepth)
            {
                context.Error = new ValidationError(context.ValidationContext.Document.Source, null,
                    $"The operation nests fields {context.MaxDepth} deep; at most {limits.MaxDepth} is allowed. Ask for less at once, or fetch nested things by id with 'node'.",
                    operation) { Code = DepthExceeded };
            }
            else if (cost > limits.MaxCost)
            {
                context.Error = new ValidationError(context.ValidationContext.Document.Source, null,
                    $"The operation would cost {cost}; at most {limits.MaxCost} is allowed. Ask for smaller pages ('first'), fewer nested lists or fewer fields.",
                    operation) { Code = CostExceeded };
            }

            return Task.CompletedTask;
        },
    });

    private static FieldComplexityResult Impact(FieldImpactContext context, LimitsOptions limits, PagingOptions paging)
    {
        // Introspection reads the schema, not the store: its size is fixed by the schema, so it costs nothing here
        // (depth, field and alias limits still apply), and tools such as GraphiQL can always load the schema.
        if (context.FieldDefinition.Name.StartsWith("__", StringComparison.Ordinal)
            || context.Parent?.FieldDefinition.Name.StartsWith("__", StringComparison.Ordinal) == true
            || Unwrap(context.FieldDefinition.ResolvedType) is { } resolved && UnwrapAll(resolved).Name.StartsWith("__", StringComparison.Ordinal))
        {
            return new FieldComplexityResult(0, 1);
        }

        var type = Unwrap(context.FieldDefinition.ResolvedType);
        if (type is not ListGraphType list)
        {
            return new FieldComplexityResult(1, 1);
        }

        var multiplier = (double)limits.AssumedListSize;
        if (PageSize(context.Arguments) is { } size)
        {
            multiplier = size;
        }
        else if (context.Parent is { } parent && Unwrap(parent.FieldDefinition.ResolvedType) is IComplexGraphType parentType
            && parentType.Name.EndsWith("Connection", StringComparison.Ordinal))
        {
            // nodes and edges of a connection: the page the connection field asked for.
            multiplier = PageSize(parent.Arguments) ?? paging.DefaultPageSize;
        }

        // Lists of lists multiply again.
        for (var inner = Unwrap(list.ResolvedType); inner is ListGraphType nested; inner = Unwrap(nested.ResolvedType))
        {
            multiplier *= limits.AssumedListSize;
        }

        return new FieldComplexityResult(1, Math.Min(multiplier, paging.MaxPageSize));

        int? PageSize(IDictionary<string, GraphQL.Execution.ArgumentValue>? arguments)
        {
            foreach (var name in (string[])["first", "last"])
            {
                if (arguments?.TryGetValue(name, out var value) == true && value.Value is int n)
                {
                    // Out-of-range sizes are refused when the field runs (PAGE_SIZE_OUT_OF_RANGE).
                    return Math.Clamp(n, 0, paging.MaxPageSize);
                }
            }

            return null;
        }
    }

    private static IGraphType? Unwrap(IGraphType? type) => type is NonNullGraphType nonNull ? nonNull.ResolvedType : type;

    private static IGraphType UnwrapAll(IGraphType type) => type switch
    {
        NonNullGraphType { ResolvedType: { } inner } => UnwrapAll(inner),
        ListGraphType { ResolvedType: { } inner } => UnwrapAll(inner),
        _ => type,
    };
}
