using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace SocialEconomy.Graph.Store;

/// <summary>
/// A table's row as one JSON object built by the store, and the entity read back from it by the model's own mapping
/// (column names, value converters, owned types split into the same table). One statement can then return rows of
/// several tables, where EF Core reads one entity type per query.
/// </summary>
internal static class RowJson
{
    /// <summary>The SQL expression of the row of <paramref name="alias"/> as a JSON object keyed by column name.</summary>
    public static string Object(GraphDbContext db, Type entity, string alias)
    {
        var columns = Columns(EntityType(db, entity)).Select(c => c.Column).Distinct().ToList();
        var pairs = string.Join(", ", columns.Select(c => $"'{c}', {alias}.\"{c}\""));
        return db.Database.IsNpgsql() ? $"json_build_object({pairs})" : $"json_object({pairs})";
    }

    /// <summary>The entity a JSON object of <see cref="Object"/> describes, as EF Core would have read the row.</summary>
    public static object Read(GraphDbContext db, Type entity, JsonElement row)
    {
        var type = EntityType(db, entity);
        var result = Activator.CreateInstance(entity)!;
        Fill(type, result, row);
        foreach (var owned in type.GetNavigations().Where(n => n.TargetEntityType.IsOwned() && !n.IsCollection))
        {
            // An optional owned value split into its owner's table is there when any of its columns is; EF Core reads it so.
            var target = owned.TargetEntityType;
            var mapped = Mapped(target).ToList();
            if (mapped.All(p => !row.TryGetProperty(p.GetColumnName(), out var value) || value.ValueKind == JsonValueKind.Null))
            {
                continue;
            }

            var value = Activator.CreateInstance(target.ClrType)!;
            Fill(target, value, row);
            owned.PropertyInfo!.SetValue(result, value);
        }

        return result;
    }

    private static void Fill(IEntityType type, object entity, JsonElement row)
    {
        foreach (var property in Mapped(type))
        {
            if (row.TryGetProperty(property.GetColumnName(), out var value))
            {
                property.PropertyInfo!.SetValue(entity, Value(property, value));
            }
        }
    }

    /// <summary>A column's JSON value as the property's value: first as the store's type, then through the property's converter.</summary>
    private static object? Value(IProperty property, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var converter = property.GetTypeMapping().Converter;
        var stored = Nullable.GetUnderlyingType(converter?.ProviderClrType ?? property.ClrType) ?? converter?.ProviderClrType ?? property.ClrType;
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
        return converter is null ? read : converter.ConvertFromProvider(read);
    }

    /// <summary>The properties a row's columns set: those of the entity's class, not EF Core's shadow keys of owned types.</summary>
    private static IEnumerable<IProperty> Mapped(IEntityType type) => type.GetProperties().Where(p => p.PropertyInfo is not null);

    private static IEnumerable<(string Column, IProperty Property)> Columns(IEntityType type) =>
        Mapped(type).Select(p => (p.GetColumnName(), p))
            .Concat(type.GetNavigations().Where(n => n.TargetEntityType.IsOwned() && !n.IsCollection)
                .SelectMany(n => Mapped(n.TargetEntityType).Select(p => (p.GetColumnName(), p))));

    private static IEntityType EntityType(GraphDbContext db, Type entity) =>
        db.Model.FindEntityType(entity) ?? throw new ArgumentException($"{entity.Name} is not an entity of the graph's model.", nameof(entity));
}
