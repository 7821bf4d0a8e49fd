using System.Collections.Concurrent;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Loading.Bulk;

/// <summary>
/// A table as the bulk writers see it: its name and its columns, each with a compiled reader of the value EF Core
/// would store for a record (enums as their names, owned values such as an evidence rating flattened). Read from
/// the EF model, so the bulk path writes exactly the columns and values the model maps, and cannot drift from it.
/// </summary>
internal sealed class BulkTable
{
    private BulkTable(string name, IReadOnlyList<BulkColumn> columns)
    {
        Name = name;
        Columns = columns;
    }

    public string Name { get; }

    public IReadOnlyList<BulkColumn> Columns { get; }

    private static readonly ConcurrentDictionary<(IModel, Type), BulkTable> Tables = new();

    public static BulkTable For<T>(GraphDbContext db) => Tables.GetOrAdd((db.Model, typeof(T)), key => Create(key.Item1, key.Item2));

    /// <summary>Whether two records of the table would store the same values.</summary>
    public bool SameValues(object a, object b) => Columns.All(c => Equals(c.Read(a), c.Read(b)));

    private static BulkTable Create(IModel model, Type type)
    {
        var entityType = model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the graph model.");
        var table = entityType.GetTableMappings().Single().Table;
        var columns = new List<BulkColumn>();
        foreach (var column in table.Columns)
        {
            // A column shared by an owner and what it owns (the key) is read from the owner.
            var mapping = column.PropertyMappings.FirstOrDefault(m => m.Property.DeclaringType == entityType)
                ?? column.PropertyMappings.First(m => m.Property.DeclaringType is IEntityType owned && owned.IsOwned() && owned.FindOwnership()!.PrincipalEntityType == entityType);
            columns.Add(new BulkColumn(column.Name, column.StoreTypeMapping, Reader(entityType, mapping.Property)));
        }

        return new BulkTable(table.Name, columns);
    }

    /// <summary>(record) => the provider value of the property: converted, and reached through the owning navigation for owned types.</summary>
    private static Func<object, object?> Reader(IEntityType entityType, IProperty property)
    {
        var record = Expression.Parameter(typeof(object), "record");
        Expression instance = Expression.Convert(record, entityType.ClrType);
        Expression read;
        if (property.DeclaringType != entityType)
        {
            // An optional owned value (an evidence rating nobody gave) stores NULL in each of its columns.
            var navigation = ((IEntityType)property.DeclaringType).FindOwnership()!.PrincipalToDependent!;
            var owned = Expression.Property(instance, navigation.PropertyInfo!);
            read = Expression.Condition(Expression.Equal(owned, Expression.Constant(null, owned.Type)),
                Expression.Constant(null, typeof(object)),
                Expression.Convert(Expression.Property(owned, property.PropertyInfo!), typeof(object)));
        }
        else
        {
            read = Expression.Convert(Expression.Property(instance, property.PropertyInfo!), typeof(object));
        }

        var value = Expression.Lambda<Func<object, object?>>(read, record).Compile();
        var converter = property.GetTypeMapping().Converter;
        return converter is null ? value : r => value(r) is { } v ? converter.ConvertToProvider(v) : null;
    }
}

/// <summary>A column and how to read its stored value from a record.</summary>
internal sealed record BulkColumn(string Name, RelationalTypeMapping Mapping, Func<object, object?> Read);
