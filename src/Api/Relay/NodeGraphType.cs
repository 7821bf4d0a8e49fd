using System.Linq.Expressions;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Api.Compiling;
using SocialEconomy.Api.Filtering;
using SocialEconomy.Graph.Compiling;
using SocialEconomy.Api.Loading;
using SocialEconomy.Api.Provenance;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;

namespace SocialEconomy.Api.Relay;

/// <summary>
/// An entity type: implements Node and carries the fields every entity has (id, key, sources). A field defined by an
/// expression of one of the record's properties is said to read that property (see <see cref="RecordProperties"/>).
/// </summary>
public abstract class NodeGraphType<TNode> : ObjectGraphType<TNode>, IEntityGraphType
    where TNode : class, INode
{
    protected NodeGraphType(string name, string description, bool withSources = true)
    {
        Name = name;
        Description = description;
        Interface<NodeInterface>();
        IsTypeOf = value => value is TNode;
        Field<NonNullGraphType<IdGraphType>>("id")
            .Description("Opaque global id, stable across loads.")
            .Resolve(context => GlobalId.Encode(TNode.Kind, context.Source.Id))
            .ReadsProperties(nameof(INode.Id));
        Field<NonNullGraphType<StringGraphType>>("key")
            .Description("The record's readable identifier in the seed data and in exports, e.g. \"housing-first\".")
            .Resolve(context => context.Source.Id)
            .ReadsProperties(nameof(INode.Id));
        Field<NonNullGraphType<StringGraphType>>("origin")
            .Description("The dataset that created the record: seed (curated seed data), indigo or coops-uk. Other datasets may add to it.")
            .Resolve(context => context.Source.Origin)
            .ReadsProperties(nameof(INode.Origin));
        if (withSources)
        {
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<SourceType>>>>("sources")
                .Description("Where the facts of this record come from.")
                .Resolve(context => context.Reader().NodeSources(context.Source.Id))
                .ReadsAhead(new NodeSources());
        }
    }

    public Type Entity => typeof(TNode);

    /// <summary>A field of <paramref name="expression"/>: one of the record's properties (<c>o =&gt; o.Name</c>) reads that property.</summary>
    public override FieldBuilder<TNode, TProperty> Field<TProperty>(Expression<Func<TNode, TProperty>> expression) =>
        Reading(base.Field(expression), expression);

    /// <inheritdoc cref="Field{TProperty}(Expression{Func{TNode, TProperty}})"/>
    public override FieldBuilder<TNode, TProperty> Field<TProperty>(Expression<Func<TNode, TProperty>> expression, bool nullable) =>
        Reading(base.Field(expression, nullable), expression);

    /// <inheritdoc cref="Field{TProperty}(Expression{Func{TNode, TProperty}})"/>
    public override FieldBuilder<TNode, TProperty> Field<TProperty>(Expression<Func<TNode, TProperty>> expression, Type type) =>
        Reading(base.Field(expression, type), expression);

    private static FieldBuilder<TNode, TProperty> Reading<TProperty>(FieldBuilder<TNode, TProperty> field, Expression<Func<TNode, TProperty>> expression)
    {
        var body = expression.Body is UnaryExpression { NodeType: ExpressionType.Convert } conversion ? conversion.Operand : expression.Body;
        return body is MemberExpression { Expression: ParameterExpression } member ? field.ReadsProperties(member.Member.Name) : field;
    }

    /// <summary>
    /// A list of related nodes, twice: as a plain list (<paramref name="name"/>) and as a Relay connection
    /// (<paramref name="name"/>Connection) with totalCount and paging. Both come from one batch load per level; a
    /// connection asked for its total and page info but not its items is counted in the store instead, by a batch
    /// load of its own, rather than reading every related record to count them.
    /// </summary>
    protected void RelatedList<TRelated, TRelatedType, TConnectionType>(string name, string description, RelationshipType type, Direction direction)
        where TRelated : class, INode
        where TRelatedType : IGraphType
        where TConnectionType : ConnectionType<TRelatedType>
    {
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TRelatedType>>>>(name)
            .Description(description)
            .Resolve(context => context.Reader().Related<TRelated>(context.Source.Id, type, direction))
            .ReadsAhead(new RelatedNodes(type, direction, TRelated.Kind));
        var connection = Field<NonNullGraphType<TConnectionType>>(name + "Connection")
            .Description($"{description} In pages, with the total: the same items as '{name}'.")
            .Resolve(context => ConnectionResolver.AsksForItems(context)
                ? context.Reader().Related<TRelated>(context.Source.Id, type, direction)
                    .Then(items => ConnectionResolver.Page(context, items, context.RequestServices!.GetRequiredService<PagingOptions>()))
                : context.Reader().RelatedCount<TRelated>(context.Source.Id, type, direction)
                    .Then(count => ConnectionResolver.Counted(context, count, context.RequestServices!.GetRequiredService<PagingOptions>())))
            .ReadsAheadAsConnection(new RelatedNodes(type, direction, TRelated.Kind));
        connection.FieldType.Arguments = ConnectionResolver.Arguments();
    }
}

public static class ResolveFieldContextExtensions
{
    /// <summary>The key under which the endpoint puts the request's reader in the user context.</summary>
    public const string ReaderKey = "socialEconomy.reader";

    /// <summary>
    /// The request's reader; scoped to the request, never captured by the singleton schema. The endpoint resolves it
    /// once and puts it in the user context, where a field finds it without asking the request's services, which
    /// take a lock for every scoped service asked for (a page of 50 records asks for it at every related list).
    /// </summary>
    public static GraphReader Reader(this IResolveFieldContext context) =>
        context.UserContext.TryGetValue(ReaderKey, out var reader) && reader is GraphReader given
            ? given
            : context.RequestServices!.GetRequiredService<GraphReader>();
}
