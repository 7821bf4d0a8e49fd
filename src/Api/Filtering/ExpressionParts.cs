using System.Linq.Expressions;
using SocialEconomy.Graph.Relationships;

namespace SocialEconomy.Api.Filtering;

/// <summary>Small helpers for composing predicates from parts built separately.</summary>
internal static class ExpressionParts
{
    public static Expression<Func<T, bool>> True<T>() => _ => true;

    public static Expression<Func<T, bool>> And<T>(Expression<Func<T, bool>> left, Expression<Func<T, bool>> right) =>
        Combine(left, right, Expression.AndAlso);

    public static Expression<Func<T, bool>> Or<T>(Expression<Func<T, bool>> left, Expression<Func<T, bool>> right) =>
        Combine(left, right, Expression.OrElse);

    public static Expression<Func<T, bool>> Not<T>(Expression<Func<T, bool>> predicate) =>
        Expression.Lambda<Func<T, bool>>(Expression.Not(predicate.Body), predicate.Parameters);

    /// <summary>r => r.Type is one of <paramref name="types"/>, each compared as a parameter.</summary>
    public static Expression<Func<Relationship, bool>> OfTypes(IReadOnlyList<RelationshipType> types)
    {
        Expression<Func<Relationship, bool>>? any = null;
        foreach (var type in types)
        {
            Expression<Func<Relationship, bool>> isType = r => r.Type == type;
            any = any is null ? isType : Or(any, isType);
        }

        return any ?? throw new ArgumentException("At least one relationship type is needed.", nameof(types));
    }

    /// <summary>The body of <paramref name="lambda"/> with its single parameter replaced by <paramref name="argument"/>.</summary>
    public static Expression Inline(LambdaExpression lambda, Expression argument) =>
        new Replacer(lambda.Parameters[0], argument).Visit(lambda.Body);

    /// <summary>
    /// A value as a parameter of the query, not a literal in its SQL: the statement text stays the same
    /// whatever the value, so the store can reuse its plan.
    /// </summary>
    public static Expression Parameter(object? value, Type type)
    {
        var holder = Activator.CreateInstance(typeof(Holder<>).MakeGenericType(type), value)!;
        return Expression.Property(Expression.Constant(holder), nameof(Holder<object>.Value));
    }

    /// <summary>
    /// A value written into the query's SQL as a literal (EF Core quotes it), where the plan depends on
    /// the value: a text pattern. Given as a parameter, PostgreSQL plans a prepared statement once for any pattern,
    /// so one plan serves both a fragment most names hold (best read in name order, stopping at the page's end) and
    /// one few hold (best found through the names' trigram index); as a literal, each pattern gets the plan it needs.
    /// </summary>
    public static Expression Literal(object? value, Type type) => Expression.Constant(value, type);

    private static Expression<Func<T, bool>> Combine<T>(
        Expression<Func<T, bool>> left, Expression<Func<T, bool>> right, Func<Expression, Expression, BinaryExpression> join)
    {
        var parameter = left.Parameters[0];
        return Expression.Lambda<Func<T, bool>>(join(left.Body, Inline(right, parameter)), parameter);
    }

    private sealed class Holder<TValue>(TValue value)
    {
        public TValue Value { get; } = value;
    }

    private sealed class Replacer(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
