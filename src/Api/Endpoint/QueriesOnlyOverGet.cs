using GraphQLParser.AST;

namespace SocialEconomy.Api.Endpoint;

/// <summary>
/// GET must be safe to repeat, so it runs queries only. The endpoint looks at the operation a GET would run
/// before GraphQL does: the spec wants 405 for a mutation over GET even where the schema has no mutations.
/// </summary>
public static class QueriesOnlyOverGet
{
    public const string Code = "MUTATION_OVER_GET";

    /// <summary>The document's chosen operation is a mutation or subscription; false when that cannot be told (GraphQL reports why).</summary>
    public static bool ChangesSomething(GraphQLDocument document, string? operationName)
    {
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        var chosen = operationName is null
            ? (operations.Count == 1 ? operations[0] : null)
            : operations.FirstOrDefault(o => o.Name?.StringValue == operationName);
        return chosen is { Operation: not OperationType.Query };
    }
}
