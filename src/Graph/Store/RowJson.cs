using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SocialEconomy.Graph.Store;

/// <summary>
/// A table's row as one JSON object built by the store, and the entity read back from it by the model's own mapping
/// (column names, value converters, owned types split into the same table). One statement can then return rows of
/// several tables, where EF Core reads one entity type per query.
/// </summary>
internal static class RowJson
{
    /// <summary>Each entity type's columns, worked out from the model once rather than for every row read.</summary>
    private static readonly ConcurrentDictionary<IEntityType, Shape> Shapes = new();

    /// <summary>The SQL expression of the row of <paramref name="alias"/> as a JSON object keyed by column name.</summary>
    public static string Object(GraphDbContext db, Type entity, string alias) =>
        db.IsPostgres ? $"json_build_object({Pairs(db, entity, alias)})" : $"json_object({Pairs(db, entity, alias)})";

    /// <summary>The arguments of <see cref="Object"/>'s function: each column's name and value, for a statement that builds the object its own way.</summary>
    public static string Pairs(GraphDbContext db, Type entity, string alias)
    {
        var shape = ShapeOf(EntityType(db, entity));
        var columns = shape.Columns.Concat(shape.Owned.SelectMany(o => o.Shape.Columns)).Select(c => c.Name).Distinct();
        return string.Join(", ", columns.Select(c => $"'{c}', {alias}.\"{c}\""));
    }

    /// <summary>The entity a JSON object of <see cref="Object"/> describes, as EF Core would have read the row.</summary>
    public static object Read(GraphDbContext db, Type entity, JsonElement row) => Build(ShapeOf(EntityType(db, entity)), row);

    private static object Build(Shape shape, JsonElement row)
    {
        var result = Activator.CreateInstance(shape.Type)!;
        foreach (var column in shape.Columns)
        {
            if (row.TryGetProperty(column.Name, out var value))
            {
                column.Property.SetValue(result, column.Read(value));
            }
        }

        foreach (var (property, owned) in shape.Owned)
        {
            // An optional owned value split into its owner's table is there when any of its columns is; EF Core reads it so.
            if (owned.Columns.Any(c => row.TryGetProperty(c.Name, out var value) && value.ValueKind != JsonValueKind.Null))
            {
                property.SetValue(result, Build(owned, row));
            }
        }

        return result;
    }

    private static Shape ShapeOf(IEntityType type) => Shapes.GetOrAdd(type, t => new Shape(
        t.ClrType,
        // The properties of the entity's class, not EF Core's shadow keys of owned types.
        [.. t.GetProperties().Where(p => p.PropertyInfo is not null).Select(p => new Column(p))],
        [.. t.GetNavigations().Where(n => n.TargetEntityType.IsOwned() && !n.IsCollection).Select(n => (n.PropertyInfo!, ShapeOf(n.TargetEntityType)))]));

    private static IEntityType EntityType(GraphDbContext db, Type entity) =>
        db.Model.FindEntityType(entity) ?? throw new ArgumentException($"{entity.Name} is not an entity of the graph's model.", nameof(entity));

    private sealed record Shape(Type Type, IReadOnlyList<Column> Columns, IReadOnlyList<(PropertyInfo Property, Shape Shape)> Owned);

    /// <summary>One column: its name, the property it sets, and how its JSON value becomes the property's value.</summary>
    private sealed class Column(IProperty property)
    {
        private readonly ValueConverter? _converter = property.GetTypeMapping().Converter;

        public string Name { get; } = property.GetColumnName();

        public PropertyInfo Property { get; } = property.PropertyInfo!;

        /// <summary>The type the store keeps the value as, before the property's converter.</summary>
        private readonly Type _stored = StoredType(property);

        /// <summary>The JSON value as the property's value: first as the store's type, then through the property's converter.</summary>
        public object? Read(JsonElement value)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            var stored = _stored;
            object read = stored switch
            {
                _ when stored == typeof(string) => value.GetString()!,
                _ when stored == typeof(int) => value.GetInt32(),
                _ when stored == typeof(long) => value.GetInt64(),
                _ when stored == typeof(double) => value.GetDouble(),
                // SQLite keeps decimals as text, PostgreSQL as numbers.
                _ when stored == typeof(decimal) => value.ValueKind == JsonValueKind.String
                    ? decimal.Parse(value.GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture)
                    : value.GetDecimal(),
                // SQLite keeps booleans as 0 and 1.
                _ when stored == typeof(bool) => value.ValueKind == JsonValueKind.Number ? value.GetInt32() != 0 : value.GetBoolean(),
                _ when stored == typeof(DateOnly) => DateOnly.ParseExact(value.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                _ => throw new NotSupportedException($"RowJson cannot read {property.DeclaringType.DisplayName()}.{property.Name}, stored as {stored.Name}; add the type here."),
            };
            return _converter is null ? read : _converter.ConvertFromProvider(read);
        }

        private static Type StoredType(IProperty property)
        {
            var stored = property.GetTypeMapping().Converter?.ProviderClrType ?? property.ClrType;
            return Nullable.GetUnderlyingType(stored) ?? stored;
        }
    }
}
