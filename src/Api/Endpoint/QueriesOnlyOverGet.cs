using GraphQL.Validation;
using GraphQLParser.AST;

namespace SocialEconomy.Api.Endpoint;

/// <summary>Refuses mutations and subscriptions in a GET request, which must be safe to repeat.</summary>
public sealed class QueriesOnlyOverGet : ValidationRuleBase
{
    public const string Code = "MUTATION_OVER_GET";

    public static readonly QueriesOnlyOverGet Instance = new();

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) =>
        ValueTask.FromResult<INodeVisitor?>(new MatchingNodeVisitor<GraphQLOperationDefinition>((operation, ctx) =>
        {
            if (operation.Operation != OperationType.Query && operation == ctx.Operation)
            {
                ctx.ReportError(new ValidationError(ctx.Document.Source, Code, "Only queries may be sent with GET; send mutations with POST.", operation));
            }
        }));
}
