using System.Globalization;
using System.Linq.Expressions;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Api.Filtering;

/// <summary>
/// The filterable fields of one entity: each knows its GraphQL input type and how to turn its input into a
/// predicate the store can run. The input type and the translation come from this one definition.
/// </summary>
public sealed class FilterDefinition<TEntity>
    where TEntity : class
{
    private readonly List<IFilterField> _fields = [];

    public IReadOnlyList<IFilterField> Fields => _fields;

    public FilterDefinition<TEntity> String(string name, Expression<Func<TEntity, string?>> selector, string description)
    {
        _fields.Add(new ScalarField(name, typeof(StringOperationFilterInputType), description, selector, ScalarKind.String));
        return this;
    }

    public FilterDefinition<TEntity> Int(string name, Expression<Func<TEntity, int?>> selector, string description)
    {
        _fields.Add(new ScalarField(name, typeof(IntOperationFilterInputType), description, selector, ScalarKind.Ordered));
        return this;
    }

    public FilterDefinition<TEntity> Enum<TEnum, TEnumType>(string name, Expression<Func<TEntity, TEnum>> selector, string description)
        where TEnum : struct, Enum
        where TEnumType : EnumerationGraphType, new()
    {
        _fields.Add(new ScalarField(name, typeof(EnumOperationFilterInputType<TEnumType>), description, selector, ScalarKind.Equatable));
        return this;
    }

    /// <summary>An enumerated field that may be empty; "neq" and "nin" match the empty ones too.</summary>
    public FilterDefinition<TEntity> Enum<TEnum, TEnumType>(string name, Expression<Func<TEntity, TEnum?>> selector, string description)
        where TEnum : struct, Enum
        where TEnumType : EnumerationGraphType, new()
    {
        _fields.Add(new ScalarField(name, typeof(EnumOperationFilterInputType<TEnumType>), description, selector, ScalarKind.Equatable));
        return this;
    }

    /// <summary>An enumerated value the store derives and keeps beside the record, read by a sub-query of its own.</summary>
    public FilterDefinition<TEntity> Enum<TEnum, TEnumType>(string name, Func<GraphDbContext, Expression<Func<TEntity, TEnum>>> selector, string description)
        where TEnum : struct, Enum
        where TEnumType : EnumerationGraphType, new()
    {
        _fields.Add(new CustomField(name, typeof(EnumOperationFilterInputType<TEnumType>), description,
            (value, db) => new ScalarField(name, typeof(EnumOperationFilterInputType<TEnumType>), description, selector(db), ScalarKind.Equatable).Build(value, db)));
        return this;
    }

    /// <summary>A condition on things related through <paramref name="type"/> relationships, read in <paramref name="direction"/>.</summary>
    public FilterDefinition<TEntity> Related<TRelated, TRelatedFilterType>(
        string name, RelationshipType type, Direction direction, Func<FilterDefinition<TRelated>> related, string description)
        where TRelated : class, INode
        where TRelatedFilterType : IInputObjectGraphType, new()
    {
        _fields.Add(new RelatedField<TRelated>(name, typeof(ListFilterInputType<TRelatedFilterType>), description, type, direction, related));
        return this;
    }

    public FilterDefinition<TEntity> Decimal(string name, Expression<Func<TEntity, decimal?>> selector, string description)
    {
        _fields.Add(new ScalarField(name, typeof(DecimalOperationFilterInputType), description, selector, ScalarKind.Ordered));
        return this;
    }

    public FilterDefinition<TEntity> Date(string name, Expression<Func<TEntity, DateOnly?>> selector, string description)
    {
        _fields.Add(new ScalarField(name, typeof(DateOperationFilterInputType), description, selector, ScalarKind.Ordered));
        return this;
    }

    /// <summary>
    /// A list of names kept in one column, one per line (see <see cref="NameList"/>), with the text operators read as
    /// "one of the names": eq and in hold when one whole name is equal (exactly), neq and nin when none is;
    /// contains, startsWith and endsWith when one name does, ignoring case and accents, and their negations when none
    /// does. A record without names matches the negations only (and eq: null).
    /// </summary>
    public FilterDefinition<TEntity> Names(string name, Expression<Func<TEntity, string?>> selector, string description)
    {
        _fields.Add(new NameListField(name, typeof(StringOperationFilterInputType),
            $"{description} Any of them: eq and in hold when one whole name is equal (exactly), neq and nin when none is; contains, startsWith and endsWith when one name does, ignoring case and accents.",
            selector));
        return this;
    }

    /// <summary>
    /// A condition on the relationships themselves (their properties and far ends), e.g. fundings over an
    /// amount: <paramref name="relationship"/> describes one relationship row.
    /// </summary>
    public FilterDefinition<TEntity> Relationships<TRelationshipFilterType>(
        string name, RelationshipType type, Direction direction, Func<FilterDefinition<Relationship>> relationship, string description)
        where TRelationshipFilterType : IInputObjectGraphType, new() =>
        Relationships<TRelationshipFilterType>(name, [type], direction, relationship, description);

    /// <summary>The same over relationships of several types read as one list, e.g. RUNS and TAKES_PART_IN as participations.</summary>
    public FilterDefinition<TEntity> Relationships<TRelationshipFilterType>(
        string name, RelationshipType[] types, Direction direction, Func<FilterDefinition<Relationship>> relationship, string description)
        where TRelationshipFilterType : IInputObjectGraphType, new()
    {
        _fields.Add(new RelationshipListField(name, typeof(ListFilterInputType<TRelationshipFilterType>), description, types, direction, relationship));
        return this;
    }

    /// <summary>
    /// Conditions on the sources the record cites, e.g. only records stated by INDIGO:
    /// <c>sources: { some: { publisher: { contains: "Government Outcomes Lab" } } }</c>.
    /// </summary>
    public FilterDefinition<TEntity> Provenance(Type sourceFilterType, Func<FilterDefinition<Source>> source)
    {
        _fields.Add(new ProvenanceField(
            "sources", typeof(ListFilterInputType<>).MakeGenericType(sourceFilterType),
            "The sources the record cites.", source));
        return this;
    }

    /// <summary>A field with its own translation, for conditions that are not a column or a relationship.</summary>
    public FilterDefinition<TEntity> Custom(
        string name, Type inputType, string description, Func<object, GraphDbContext, Expression<Func<TEntity, bool>>> build)
    {
        _fields.Add(new CustomField(name, inputType, description, build));
        return this;
    }

    /// <summary>The predicate for one <c>where</c> input (already coerced by GraphQL into dictionaries and lists).</summary>
    public Expression<Func<TEntity, bool>> Build(IDictionary<string, object?> input, GraphDbContext db)
    {
        var predicate = ExpressionParts.True<TEntity>();
        foreach (var (name, value) in input)
        {
            if (value is null)
            {
                continue;
            }

            var part = name switch
            {
                "and" => ((IEnumerable<object?>)value).OfType<IDictionary<string, object?>>()
                    .Select(item => Build(item, db))
                    .Aggregate(ExpressionParts.True<TEntity>(), ExpressionParts.And),
                "or" => ((IEnumerable<object?>)value).OfType<IDictionary<string, object?>>()
                    .Select(item => Build(item, db))
                    .DefaultIfEmpty(ExpressionParts.True<TEntity>())
                    .Aggregate(ExpressionParts.Or),
                "not" => ExpressionParts.Not(Build((IDictionary<string, object?>)value, db)),
                _ => _fields.Single(f => f.Name == name).Build(value, db),
            };
            predicate = ExpressionParts.And(predicate, part);
        }

        return predicate;
    }

    public interface IFilterField
    {
        string Name { get; }

        Type InputType { get; }

        string Description { get; }

        Expression<Func<TEntity, bool>> Build(object value, GraphDbContext db);
    }

    private enum ScalarKind
    {
        String,
        Equatable,
        Ordered,
    }

    private sealed record ScalarField(string Name, Type InputType, string Description, LambdaExpression Selector, ScalarKind Kind) : IFilterField
    {
        public Expression<Func<TEntity, bool>> Build(object value, GraphDbContext db)
        {
            var parameter = Selector.Parameters[0];
            Expression body = Selector.Body;
            var predicate = ExpressionParts.True<TEntity>();
            foreach (var (op, operand) in (IDictionary<string, object?>)value)
            {
                var condition = Kind == ScalarKind.String ? StringCondition(body, op, operand) : ValueCondition(body, op, operand);
                predicate = ExpressionParts.And(predicate, Expression.Lambda<Func<TEntity, bool>>(condition, parameter));
            }

            return predicate;
        }

        private Expression StringCondition(Expression field, string op, object? operand)
        {
            if (op is "eq" or "neq" or "in" or "nin")
            {
                return ValueCondition(field, op, operand);
            }

            // Both sides folded the same way (lower case, no accents), by graph_fold in the store and in .NET here.
            var folded = Expression.Call(typeof(TextFolding).GetMethod(nameof(TextFolding.Fold))!, field);
            var text = ExpressionParts.Literal(TextFolding.Fold((string?)operand ?? ""), typeof(string));
            Expression Call(string method) => Expression.Call(folded, typeof(string).GetMethod(method, [typeof(string)])!, text);
            return op switch
            {
                "contains" => Call(nameof(string.Contains)),
                "ncontains" => Expression.Not(Call(nameof(string.Contains))),
                "startsWith" => Call(nameof(string.StartsWith)),
                "nstartsWith" => Expression.Not(Call(nameof(string.StartsWith))),
                "endsWith" => Call(nameof(string.EndsWith)),
                "nendsWith" => Expression.Not(Call(nameof(string.EndsWith))),
                _ => throw new InvalidOperationException($"Unknown string operator '{op}'."),
            };
        }

        private Expression ValueCondition(Expression field, string op, object? operand)
        {
            var type = field.Type;
            var nullable = Nullable.GetUnderlyingType(type) is null && type.IsValueType ? typeof(Nullable<>).MakeGenericType(type) : type;
            var left = nullable == type ? field : Expression.Convert(field, nullable);
            if (op is "in" or "nin")
            {
                // "in: null" sets no condition, as an absent field would.
                if (operand is null)
                {
                    return Expression.Constant(true);
                }

                var values = ((IEnumerable<object?>)operand).Select(v => ConvertTo(v, nullable)).ToList();
                var list = typeof(List<>).MakeGenericType(nullable);
                var typed = (System.Collections.IList)Activator.CreateInstance(list)!;
                values.ForEach(v => typed.Add(v));
                var contains = Expression.Call(
                    typeof(Enumerable), nameof(Enumerable.Contains), [nullable], ExpressionParts.Parameter(typed, list), left);
                return op == "in" ? contains : Expression.Not(contains);
            }

            var right = ExpressionParts.Parameter(ConvertTo(operand, nullable), nullable);
            return op switch
            {
                "eq" => Expression.Equal(left, right),
                "neq" => Expression.NotEqual(left, right),
                "gt" => Expression.GreaterThan(left, right),
                "gte" => Expression.GreaterThanOrEqual(left, right),
                "lt" => Expression.LessThan(left, right),
                "lte" => Expression.LessThanOrEqual(left, right),
                _ => throw new InvalidOperationException($"Unknown operator '{op}'."),
            };
        }

        /// <summary>
        /// The operand as the column's type. The input types coerce operands to it while the request is validated
        /// (amounts to decimal, with their range checked); this is the last guard, so that an operand that still
        /// does not fit is the client's error, not an exception out of the resolver.
        /// </summary>
        private object? ConvertTo(object? value, Type type)
        {
            var target = Nullable.GetUnderlyingType(type) ?? type;
            if (value is null || target.IsInstanceOfType(value))
            {
                return value;
            }

            try
            {
                return Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is OverflowException or InvalidCastException or FormatException)
            {
                throw new ExecutionError($"The value {Convert.ToString(value, CultureInfo.InvariantCulture)} of '{Name}' does not fit the field, a {target.Name}.")
                {
                    Code = "INVALID_VALUE",
                };
            }
        }
    }

    /// <summary>some / none / all / any over "there is a matching row": the shared meaning of every list operator.</summary>
    private static Expression<Func<TEntity, bool>> Quantify(
        IDictionary<string, object?> operators, Func<object, bool, Expression<Func<TEntity, bool>>> exists, Expression<Func<TEntity, bool>> anyRow)
    {
        var predicate = ExpressionParts.True<TEntity>();
        foreach (var (quantifier, operand) in operators)
        {
            if (operand is null)
            {
                continue;
            }

            var part = quantifier switch
            {
                "some" => exists(operand, false),
                "none" => ExpressionParts.Not(exists(operand, false)),
                // Every related item matches: there is no related item that fails.
                "all" => ExpressionParts.Not(exists(operand, true)),
                "any" => (bool)operand ? anyRow : ExpressionParts.Not(anyRow),
                _ => throw new InvalidOperationException($"Unknown list operator '{quantifier}'."),
            };
            predicate = ExpressionParts.And(predicate, part);
        }

        return predicate;
    }

    /// <summary>entity => body(entity.Id).</summary>
    private static Expression<Func<TEntity, bool>> OnId(Expression<Func<string, bool>> body)
    {
        var entity = Expression.Parameter(typeof(TEntity), "e");
        return Expression.Lambda<Func<TEntity, bool>>(ExpressionParts.Inline(body, Expression.Property(entity, "Id")), entity);
    }

    private sealed record RelationshipListField(
        string Name, Type InputType, string Description, RelationshipType[] Types, Direction Direction, Func<FilterDefinition<Relationship>> Relationship)
        : IFilterField
    {
        public Expression<Func<TEntity, bool>> Build(object value, GraphDbContext db)
        {
            var ofTypes = db.Relationships.Where(ExpressionParts.OfTypes(Types));
            var incoming = Direction == Direction.Incoming;
            return Quantify(
                (IDictionary<string, object?>)value,
                (operand, negate) =>
                {
                    var inner = Relationship().Build((IDictionary<string, object?>)operand, db);
                    var rows = ofTypes.Where(negate ? ExpressionParts.Not(inner) : inner);
                    return OnId(incoming
                        ? id => rows.Any(r => r.ToId == id)
                        : id => rows.Any(r => r.FromId == id));
                },
                OnId(incoming
                    ? id => ofTypes.Any(r => r.ToId == id)
                    : id => ofTypes.Any(r => r.FromId == id)));
        }
    }

    private sealed record NameListField(string Name, Type InputType, string Description, Expression<Func<TEntity, string?>> Selector) : IFilterField
    {
        public Expression<Func<TEntity, bool>> Build(object value, GraphDbContext db)
        {
            var predicate = ExpressionParts.True<TEntity>();
            foreach (var (op, operand) in (IDictionary<string, object?>)value)
            {
                Expression<Func<string?, bool>> condition = op switch
                {
                    "eq" => AnyEqual([operand]),
                    "neq" => ExpressionParts.Not(AnyEqual([operand])),
                    // "in: null" sets no condition, as an absent field would.
                    "in" => operand is null ? _ => true : AnyEqual((IEnumerable<object?>)operand),
                    "nin" => operand is null ? _ => true : ExpressionParts.Not(AnyEqual((IEnumerable<object?>)operand)),
                    "contains" => Folded("", (string?)operand, ""),
                    "ncontains" => ExpressionParts.Not(Folded("", (string?)operand, "")),
                    "startsWith" => Folded(Separator, (string?)operand, ""),
                    "nstartsWith" => ExpressionParts.Not(Folded(Separator, (string?)operand, "")),
                    "endsWith" => Folded("", (string?)operand, Separator),
                    "nendsWith" => ExpressionParts.Not(Folded("", (string?)operand, Separator)),
                    _ => throw new InvalidOperationException($"Unknown string operator '{op}'."),
                };
                predicate = ExpressionParts.And(predicate, Expression.Lambda<Func<TEntity, bool>>(ExpressionParts.Inline(condition, Selector.Body), Selector.Parameters));
            }

            return predicate;
        }

        /// <summary>The separator of <see cref="NameList"/>.</summary>
        private const string Separator = "\n";

        /// <summary>
        /// names => one of the names is one of <paramref name="values"/>, exactly: the stored list, with a line break
        /// added at each end, holds the value between two line breaks. A null value matches a record without names,
        /// as eq: null does on a single value.
        /// </summary>
        private static Expression<Func<string?, bool>> AnyEqual(IEnumerable<object?> values)
        {
            Expression<Func<string?, bool>> any = _ => false;
            if (values.Any(v => v is null))
            {
                any = names => names == null;
            }

            // A name holds no line break, so a value with one is no name: it must not match two names and the break between them.
            foreach (var wanted in values.OfType<string>().Where(v => !v.Contains(Separator, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal))
            {
                var between = Separator + wanted + Separator;
                any = ExpressionParts.Or(any, names => names != null && (Separator + names + Separator).Contains(between));
            }

            return any;
        }

        /// <summary>
        /// names => the folded list, with a line break added at each end, holds the folded text with
        /// <paramref name="before"/> and <paramref name="after"/> (a line break to anchor it at the start or end of a name).
        /// Never true without names, so that the negations hold for a record without names: none of its names matches.
        /// </summary>
        private static Expression<Func<string?, bool>> Folded(string before, string? text, string after)
        {
            var folded = before + TextFolding.Fold(text ?? "") + after;
            return names => names != null && TextFolding.Fold(Separator + names + Separator)!.Contains(folded);
        }
    }

    private sealed record ProvenanceField(string Name, Type InputType, string Description, Func<FilterDefinition<Source>> Source) : IFilterField
    {
        public Expression<Func<TEntity, bool>> Build(object value, GraphDbContext db) => Quantify(
            (IDictionary<string, object?>)value,
            (operand, negate) =>
            {
                var inner = Source().Build((IDictionary<string, object?>)operand, db);
                var sources = db.Sources.Where(negate ? ExpressionParts.Not(inner) : inner);
                return OnId(id => db.NodeSources.Any(ns => ns.NodeId == id && sources.Any(s => s.Id == ns.SourceId)));
            },
            OnId(id => db.NodeSources.Any(ns => ns.NodeId == id)));
    }

    private sealed record RelatedField<TRelated>(
        string Name, Type InputType, string Description, RelationshipType Type, Direction Direction, Func<FilterDefinition<TRelated>> Related)
        : IFilterField
        where TRelated : class, INode
    {
        public Expression<Func<TEntity, bool>> Build(object value, GraphDbContext db) => Quantify(
            (IDictionary<string, object?>)value,
            (operand, negate) => Exists(db, Inner(operand, db), negate),
            Exists(db, null, false));

        private Expression<Func<TRelated, bool>> Inner(object operand, GraphDbContext db) =>
            Related().Build((IDictionary<string, object?>)operand, db);

        /// <summary>
        /// entity => there is a relationship of this type from (or to) the entity whose other end is a
        /// <typeparamref name="TRelated"/> that matches <paramref name="inner"/> (or fails it, when negated).
        /// With a condition on the other end, it reads as uncorrelated sub-queries, from the inside out
        /// (<c>Id IN (SELECT FromId FROM Relationships WHERE ToId IN (SELECT Id FROM related WHERE ...))</c>): each store
        /// then evaluates the innermost condition once and follows the relationship indexes outwards. Correlated
        /// EXISTS made SQLite test every relationship of every candidate instead, several times slower where the
        /// innermost condition is selective, as conditions on names and keys are.
        /// </summary>
        private Expression<Func<TEntity, bool>> Exists(GraphDbContext db, Expression<Func<TRelated, bool>>? inner, bool negateInner)
        {
            var type = Type;
            var kind = TRelated.Kind;
            // The far end's kind is asked only where the type allows others (RelationshipEnds), so the store can
            // follow the relationship indexes without reading each relationship's row.
            var toRelated = db.Relationships.Where(r => r.Type == type);
            toRelated = RelationshipEnds.MayEndAtOtherThan(type, kind) ? toRelated.Where(r => r.ToKind == kind) : toRelated;
            var fromRelated = db.Relationships.Where(r => r.Type == type);
            fromRelated = RelationshipEnds.MayStartFromOtherThan(type, kind) ? fromRelated.Where(r => r.FromKind == kind) : fromRelated;
            var related = (inner is null ? db.Set<TRelated>() : db.Set<TRelated>().Where(negateInner ? ExpressionParts.Not(inner) : inner))
                .Select(t => EF.Property<string>(t, "Id"));
            Expression<Func<string, bool>> exists = (Direction, inner) switch
            {
                (Direction.Outgoing, null) => id => toRelated.Any(r => r.FromId == id),
                (Direction.Incoming, null) => id => fromRelated.Any(r => r.ToId == id),
                (Direction.Either, null) => id => toRelated.Any(r => r.FromId == id) || fromRelated.Any(r => r.ToId == id),
                (Direction.Outgoing, _) => id => toRelated.Where(r => related.Contains(r.ToId)).Select(r => r.FromId).Contains(id),
                (Direction.Incoming, _) => id => fromRelated.Where(r => related.Contains(r.FromId)).Select(r => r.ToId).Contains(id),
                _ => id => toRelated.Where(r => related.Contains(r.ToId)).Select(r => r.FromId).Contains(id)
                    || fromRelated.Where(r => related.Contains(r.FromId)).Select(r => r.ToId).Contains(id),
            };

            return OnId(exists);
        }
    }

    private sealed record CustomField(
        string Name, Type InputType, string Description, Func<object, GraphDbContext, Expression<Func<TEntity, bool>>> Translate)
        : IFilterField
    {
        public Expression<Func<TEntity, bool>> Build(object value, GraphDbContext db) => Translate(value, db);
    }
}

/// <summary>The GraphQL input type of a filter definition, with and/or.</summary>
public abstract class FilterInputType<TEntity> : InputObjectGraphType
    where TEntity : class
{
    protected FilterInputType(string name, string description, FilterDefinition<TEntity> definition)
    {
        Name = name;
        Description = description;
        AddField(new FieldType
        {
            Name = "and",
            Description = "All of these conditions hold.",
            Type = typeof(ListGraphType<>).MakeGenericType(typeof(NonNullGraphType<>).MakeGenericType(GetType())),
        });
        AddField(new FieldType
        {
            Name = "not",
            Description = "This condition does not hold.",
            Type = GetType(),
        });
        AddField(new FieldType
        {
            Name = "or",
            Description = "At least one of these conditions holds.",
            Type = typeof(ListGraphType<>).MakeGenericType(typeof(NonNullGraphType<>).MakeGenericType(GetType())),
        });
        foreach (var field in definition.Fields)
        {
            AddField(new FieldType { Name = field.Name, Description = field.Description, Type = field.InputType });
        }
    }
}
