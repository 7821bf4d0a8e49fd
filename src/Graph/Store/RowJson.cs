using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Linq.Expressions;
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

    /// <summary>The SQL expression of the whole row of <paramref name="alias"/>, a table's, as a JSON object keyed by column name.</summary>
    /// <remarks>
    /// PostgreSQL's row_to_json writes the row as its table holds it, in the table's column order, and costs less than
    /// json_build_object given every column's name and value: the statement that reads the relationships among the
    /// benchmark's depth-2 neighbourhood at 10^5 nodes, with their sources and the nodes' records, took 2.27 against
    /// 2.71 ms (medians in psql of 55 prepared runs of each in turn). Its members then come in the table's order, not
    /// the entity's (see <see cref="Build"/>).
    /// </remarks>
    public static string Object(GraphDbContext db, Type entity, string alias) =>
        db.IsPostgres ? $"row_to_json({alias})" : $"json_object({Pairs(db, entity, alias)})";

    /// <summary>The arguments of <see cref="Object"/>'s function: each column's name and value, for a statement that builds the object its own way.</summary>
    /// <param name="properties">
    /// Only the columns of these properties of the entity (an owned value's name stands for all its columns) and its
    /// id; every column when null. The entity read back has the rest of its properties unset.
    /// </param>
    public static string Pairs(GraphDbContext db, Type entity, string alias, IReadOnlySet<string>? properties = null) =>
        string.Join(", ", ColumnsOf(ShapeOf(EntityType(db, entity)), properties).Select(c => $"'{c}', {alias}.\"{c}\""));

    private static IEnumerable<string> ColumnsOf(Shape shape, IReadOnlySet<string>? properties)
    {
        if (properties is null)
        {
            return shape.Selected;
        }

        var wanted = new HashSet<string>(StringComparer.Ordinal) { nameof(Nodes.INode.Id) };
        foreach (var property in properties)
        {
            var columns = shape.Columns.Where(c => c.Property == property).Select(c => c.Name)
                .Concat(shape.Owned.Where(o => o.Property.Name == property).SelectMany(o => o.Shape.Columns.Select(c => c.Name)))
                .ToList();
            if (columns.Count == 0)
            {
                throw new ArgumentException($"{shape.Type.Name} has no property {property} stored in its table.", nameof(properties));
            }

            wanted.UnionWith(columns);
        }

        // In the order of every column, which Build matches members in.
        return shape.Selected.Where(wanted.Contains);
    }

    /// <summary>The entity a JSON object of <see cref="Object"/> describes, as EF Core would have read the row.</summary>
    public static object Read(GraphDbContext db, Type entity, JsonElement row) => Build(ShapeOf(EntityType(db, entity)), row);

    /// <remarks>
    /// The object's members come in the order <see cref="Pairs"/> wrote them, or in the table's order (a whole row on
    /// PostgreSQL, see <see cref="Object"/>), so each is matched by comparing its name's bytes to the next column's, then
    /// to the column last found at its position, and looked up by name only where neither is it. A lookup by name
    /// takes the member's name as a new string; with such lookups and reflection's SetValue, reading the 40
    /// relationships of the benchmark's path (21 columns each) took about a tenth of that request's CPU in the API at
    /// 10^4 nodes on SQLite (perf), more than the statement that finds them (0.09 ms).
    /// </remarks>
    private static object Build(Shape shape, JsonElement row)
    {
        var result = shape.Create();
        var next = 0;
        var position = 0;
        foreach (var member in row.EnumerateObject())
        {
            var column = next < shape.Columns.Count && member.NameEquals(shape.Columns[next].Utf8Name)
                ? shape.Columns[next]
                : shape.AtPosition(position, member);
            if (column is not null)
            {
                column.Set(result, member.Value);
                next = column.Position + 1;
            }

            position++;
        }

        SetOwned(shape, result, row);
        return result;
    }

    /// <summary>
    /// An owned value from its owner's row: its few columns looked up by name, where matching every member of the
    /// owner's row in order would find none of them where it looks and take each member's name as a string.
    /// </summary>
    private static object BuildOwned(Shape owned, JsonElement row)
    {
        var result = owned.Create();
        foreach (var column in owned.Columns)
        {
            if (row.TryGetProperty(column.Utf8Name, out var value))
            {
                column.Set(result, value);
            }
        }

        SetOwned(owned, result, row);
        return result;
    }

    /// <summary>The owned values of <paramref name="shape"/>, split into its table's row: each is there when any of its columns is, as EF Core reads it.</summary>
    private static void SetOwned(Shape shape, object result, JsonElement row)
    {
        foreach (var (property, owned) in shape.Owned)
        {
            if (owned.Columns.Any(c => row.TryGetProperty(c.Utf8Name, out var value) && value.ValueKind != JsonValueKind.Null))
            {
                property.SetValue(result, BuildOwned(owned, row));
            }
        }
    }

    private static Shape ShapeOf(IEntityType type) => Shapes.GetOrAdd(type, t => new Shape(
        t.ClrType,
        // The properties of the entity's class, not EF Core's shadow keys of owned types.
        [.. t.GetProperties().Where(p => p.PropertyInfo is not null).Select((p, i) => new Column(p, i))],
        [.. t.GetNavigations().Where(n => n.TargetEntityType.IsOwned() && !n.IsCollection).Select(n => (n.PropertyInfo!, ShapeOf(n.TargetEntityType)))]));

    private static IEntityType EntityType(GraphDbContext db, Type entity) =>
        db.Model.FindEntityType(entity) ?? throw new ArgumentException($"{entity.Name} is not an entity of the graph's model.", nameof(entity));

    private sealed class Shape(Type type, IReadOnlyList<Column> columns, IReadOnlyList<(PropertyInfo Property, Shape Shape)> owned)
    {
        public Type Type { get; } = type;

        public Func<object> Create { get; } = Expression.Lambda<Func<object>>(Expression.Convert(Expression.New(type), typeof(object))).Compile();

        /// <summary>In the order of the entity's properties, which is the order <see cref="Pairs"/> writes them in.</summary>
        public IReadOnlyList<Column> Columns { get; } = columns;

        public FrozenDictionary<string, Column> ByName { get; } = columns.DistinctBy(c => c.Name).ToFrozenDictionary(c => c.Name, StringComparer.Ordinal);

        /// <summary>
        /// The column last found at each position of a row's members by name; rows of one table in its own order find
        /// theirs here after the first. Shared by every thread: a slot is one reference, written whole, and a stale one
        /// costs a lookup, never a wrong column, since its name is compared first.
        /// </summary>
        private readonly Column?[] _atPosition = new Column?[columns.Count + owned.Sum(o => o.Shape.Columns.Count)];

        /// <summary>The column of <paramref name="member"/>, the row's member at <paramref name="position"/>; null for one of an owned value or none of the entity's.</summary>
        public Column? AtPosition(int position, JsonProperty member)
        {
            if (position >= _atPosition.Length)
            {
                return ByName.GetValueOrDefault(member.Name);
            }

            if (_atPosition[position] is { } seen && member.NameEquals(seen.Utf8Name))
            {
                return seen;
            }

            var column = ByName.GetValueOrDefault(member.Name);
            if (column is not null)
            {
                _atPosition[position] = column;
            }

            return column;
        }

        public IReadOnlyList<(PropertyInfo Property, Shape Shape)> Owned { get; } = owned;

        /// <summary>The names of the columns a statement selects for the entity: its own, then its owned values', each once.</summary>
        public IReadOnlyList<string> Selected { get; } = [.. columns.Concat(owned.SelectMany(o => o.Shape.Columns)).Select(c => c.Name).Distinct()];
    }

    /// <summary>One column: its name, the property it sets, and how its JSON value becomes the property's value.</summary>
    private sealed class Column(IProperty property, int position)
    {
        private readonly ValueConverter? _converter = property.GetTypeMapping().Converter;

        /// <summary>Sets the property of an entity, compiled once: reflection's SetValue costs several times more a call.</summary>
        private readonly Action<object, object?> _set = Setter(property.PropertyInfo!);

        /// <summary>A null for a property that cannot hold one leaves the new entity's default, as reflection's SetValue does.</summary>
        private readonly bool _takesNull = !property.PropertyInfo!.PropertyType.IsValueType || Nullable.GetUnderlyingType(property.PropertyInfo.PropertyType) is not null;

        public string Name { get; } = property.GetColumnName();

        /// <summary>The name of the entity's property the column holds.</summary>
        public string Property { get; } = property.Name;

        public byte[] Utf8Name { get; } = System.Text.Encoding.UTF8.GetBytes(property.GetColumnName());

        /// <summary>Where the column stands among its entity's columns.</summary>
        public int Position { get; } = position;

        public void Set(object entity, JsonElement value) => Set(entity, Read(value));

        private void Set(object entity, object? value)
        {
            if (value is not null || _takesNull)
            {
                _set(entity, value);
            }
        }

        private object Convert(object read) => _converter is null ? read : _converter.ConvertFromProvider(read)!;

        private NotSupportedException Unsupported() =>
            new($"RowJson cannot read {property.DeclaringType.DisplayName()}.{property.Name}, stored as {_stored.Name}; add the type here.");

        private static Action<object, object?> Setter(PropertyInfo property)
        {
            var entity = Expression.Parameter(typeof(object));
            var value = Expression.Parameter(typeof(object));
            var assign = Expression.Assign(
                Expression.Property(Expression.Convert(entity, property.DeclaringType!), property), Expression.Convert(value, property.PropertyType));
            return Expression.Lambda<Action<object, object?>>(assign, entity, value).Compile();
        }

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
                _ => throw Unsupported(),
            };
            return Convert(read);
        }

        private static Type StoredType(IProperty property)
        {
            var stored = property.GetTypeMapping().Converter?.ProviderClrType ?? property.ClrType;
            return Nullable.GetUnderlyingType(stored) ?? stored;
        }
    }
}
