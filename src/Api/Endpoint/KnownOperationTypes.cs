using GraphQL.Validation;
using GraphQLParser.AST;

namespace SocialEconomy.Api.Endpoint;

/// <summary>
/// The draft spec's "Operation Type Existence" rule, which GraphQL.NET 8 lacks: every operation of the document
/// needs its root type in the schema. Without it a mutation reaches the cost rule, which throws because the
/// schema has no Mutation type, and the client gets an internal error. It runs before every visitor, so its
/// errors come first and the cost rule, which skips documents with errors, never sees such an operation.
/// </summary>
public sealed class KnownOperationTypes : ValidationRuleBase
{
    public const string Code = "OPERATION_TYPE_NOT_SUPPORTED";

    public static KnownOperationTypes Instance { get; } = new();

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var supported = new List<string> { "query" };
        if (context.Schema.Mutation is not null)
        {
            supported.Add("mutation");
        }

        if (context.Schema.Subscription is not null)
        {
            supported.Add("subscription");
        }

        foreach (var operation in context.Document.Definitions.OfType<GraphQLOperationDefinition>())
        {
            var kind = operation.Operation.ToString().ToLowerInvariant();
            if (!supported.Contains(kind))
            {
                var name = operation.Name is { } operationName ? $"The operation '{operationName.StringValue}'" : "The operation";
                context.ReportError(new ValidationError(context.Document.Source, null,
                    $"{name} is a {kind}, but this API has no {kind}s: only {string.Join(" and ", supported)} operations are supported.",
                    operation) { Code = Code });
            }
        }

        return default;
    }
}
