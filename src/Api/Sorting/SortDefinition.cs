using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using GraphQL.Types;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Api.Sorting;

/// <summary>
/// The sortable fields of one entity, including computed ones such as counts of related things; each is a key
/// the store computes, so sorting and paging happen in SQL.
/// </summary>
public sealed class SortDefinition<TEntity>
    where TEntity : class
{
    private readonly List<(string Name, string Description, Func<GraphDbContext, LambdaExpression> Key)> _fields = [];

    public IEnumerable<(string Name, string Description)> Fields => _fields.Select(f => (f.Name, f.Description));

    public SortDefinition<TEntity> By<TKey>(string name, Expression<Func<TEntity, TKey>> key, string description)
    {
        _fields.Add((name, description, _ => key));
        return this;
    }

    /// <summary>A key that needs the store, e.g. a count of related rows.</summary>
    public SortDefinition<TEntity> By<TKey>(string name, Func<GraphDbContext, Expression<Func<TEntity, TKey>>> key, string description)
    {
        _fields.Add((name, description, key));
        return this;
    }

    /// <summary>
    /// Applies <c>order: [{field: ASC}, ...]</c> in the order given, then the id, so that pages are stable
    /// whatever the keys.
    /// </summary>
    public IQueryable<TEntity> Apply(IQueryable<TEntity> query, IEnumerable<object?>? order, GraphDbContext db, Expression<Func<TEntity, string>> id)
    {
        var ordered = false;
        foreach (var item in (order ?? []).OfType<IDictionary<string, object?>>())
        {
            foreach (var (name, direction) in item)
            {
                if (direction is not SortDirection sort)
                {
                    continue;
                }

                var key = _fields.Single(f => f.Name == name).Key(db);
                if (key.ReturnType == typeof(string) && db.IsPostgres)
                {
                    // Text in byte order, as SQLite sorts it, whatever the PostgreSQL database's default collation.
                    key = Expression.Lambda(
                        Expression.Call(typeof(RelationalDbFunctionsExtensions), nameof(RelationalDbFunctionsExtensions.Collate), [typeof(string)],
                            Expression.Constant(EF.Functions), key.Body, Expression.Constant("C")),
                        key.Parameters);
                }

                if (!key.ReturnType.IsValueType || Nullable.GetUnderlyingType(key.ReturnType) is not null)
                {
                    // SQLite puts NULLs first and PostgreSQL last: say "last" explicitly so both stores agree.
                    var isNull = Expression.Lambda(Expression.Equal(key.Body, Expression.Constant(null, key.ReturnType)), key.Parameters);
                    query = OrderBy(query, isNull, descending: false, ordered);
                    ordered = true;
                }

                query = OrderBy(query, key, sort == SortDirection.Desc, ordered);
                ordered = true;
            }
        }

        return OrderBy(query, id, descending: false, thenBy: ordered);
    }

    private static IQueryable<TEntity> OrderBy(IQueryable<TEntity> query, LambdaExpression key, bool descending, bool thenBy)
    {
        var method = (thenBy, descending) switch
        {
            (false, false) => nameof(Queryable.OrderBy),
            (false, true) => nameof(Queryable.OrderByDescending),
            (true, false) => nameof(Queryable.ThenBy),
            _ => nameof(Queryable.ThenByDescending),
        };
        var call = Expression.Call(typeof(Queryable), method, [typeof(TEntity), key.ReturnType], query.Expression, Expression.Quote(key));
        return query.Provider.CreateQuery<TEntity>(call);
    }
}

public enum SortDirection
{
    Asc,
    Desc,
}

/// <summary>ASC or DESC, as HotChocolate.Data names it.</summary>
public sealed class SortEnumType : EnumerationGraphType<SortDirection>
{
    public SortEnumType()
    {
        Name = "SortEnumType";
        Description = "Sort direction: ASC (smallest, earliest or A first) or DESC.";
    }
}

/// <summary>The GraphQL input type of a sort definition: one field per sortable key.</summary>
public abstract class SortInputType<TEntity> : InputObjectGraphType
    where TEntity : class
{
    protected SortInputType(string name, string description, SortDefinition<TEntity> definition)
    {
        Name = name;
        Description = description + " Give one field per object; list several objects to sort by several keys in turn.";
        foreach (var (field, fieldDescription) in definition.Fields)
        {
            Field<SortEnumType>(field).Description(fieldDescription);
        }
    }
}
