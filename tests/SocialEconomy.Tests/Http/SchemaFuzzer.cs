using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQL.Types;

namespace SocialEconomy.Tests.Http;

/// <summary>
/// Random GraphQL documents made from the schema itself: selections of real fields with arguments, aliases, named
/// and inline fragments, variables and random depth (a few past the depth limit). Half the documents are written
/// without deliberate mistakes, so that they pass validation and run against the store; the other half make them:
/// fields that do not exist, missing or needless sub-selections, arguments of wrong types, clashing aliases,
/// variables undeclared, unused or of the wrong type, unknown operations. Both halves use hostile values that are
/// still of the right type: numbers at and past each type's range, cursors at the edges and of garbage, ids of
/// another kind or truncated, empty, very long and accented strings, empty lists. The same seed gives the same
/// documents.
/// </summary>
public sealed class SchemaFuzzer(ISchema schema, int seed)
{
    private static readonly string[] Strings =
    [
        "housing", "", "Housing First", "ö ñ 漢字 🏠", "\"quote\\ back\nslash", "%_[]*", "'; DROP TABLE x; --", new string('z', 300), "null", "0",
        "café COOPÉRATIVE", "Cafe\u0301", "ÆØÅ ß İı", "\u202Eevil\u202C", " ", "co-op", "\\", new string('é', 5000), "a\u0000b",
    ];

    /// <summary>Global ids of a model, an organisation and a challenge area of the seed data.</summary>
    private static readonly string[] Ids = ["TW9kZWw6aG91c2luZy1maXJzdA", "T3JnYW5pc2F0aW9uOnNoZWx0ZXI", "Q2hhbGxlbmdlQXJlYTpob21lbGVzc25lc3M"];

    /// <summary>
    /// Ids that are not: empty, not base64, of no kind of node, of no record, truncated, padded, of a kind that
    /// is not the one expected (a funder's where a model's is wanted), a cursor.
    /// </summary>
    private static readonly string[] BadIds =
    [
        "", "not-base64!", "bm9zdWNoOnRoaW5n", "Og", "TW9kZWw6", "TW9kZWw6bm8tc3VjaC1tb2RlbA", "TW9kZWw6aG91c2luZy1ma",
        "TW9kZWw6aG91c2luZy1maXJzdA==", "T3JnYW5pc2F0aW9uOnNoZWx0ZXI", Base64("Funder:no-such-funder"), Base64("offset:1"), new string('A', 5000),
    ];

    private static readonly long[] Ints = [0, 1, 2, 3, 5, 10, -1, 200, 201, 2147483647, 2147483648, -2147483649, 9223372036854775807];

    private static readonly long[] FittingInts = [0, 1, 2, 3, 5, 10];

    /// <summary>Whole numbers that fit an Int but sit at or past the edges of what the fields accept.</summary>
    private static readonly long[] EdgeInts = [2147483647, -2147483648, -1, 0, 200, 201, 2000, 2024];

    /// <summary>Floats that JSON and GraphQL carry but amounts (decimal, up to about ±7.9e28) may not.</summary>
    private static readonly double[] EdgeFloats = [1e308, -1e308, -0.0, 7.9e28, -7.9e28, 8e28, 1e29, 1e-300, 5e-324, 1000000.005, 0.1];

    /// <summary>Cursors of this API (base64url of "offset:N") at the edges, and cursors that are not.</summary>
    private static readonly string[] Cursors =
    [
        Base64("offset:0"), Base64("offset:1"), Base64("offset:199"), Base64("offset:2147483647"), Base64("offset:2147483646"),
        Base64("offset:-1"), Base64("offset:"), Base64("offset:abc"), Base64("offset:99999999999"), Base64("offset: 1"),
        "", "%%%", "b2Zmc2V0OjE=", Base64("Model:housing-first"), new string('x', 2000),
    ];

    /// <summary>Arguments whose valid values come only from earlier answers.</summary>
    private static readonly string[] CursorArguments = ["after", "before"];

    private readonly Random _random = new(seed);
    private readonly List<string> _fragments = [];
    private readonly List<string> _variableDefinitions = [];
    private readonly JsonObject _variables = [];
    private readonly HashSet<string> _namesWithArguments = [];
    private bool _mistakes;
    private string? _argument;
    private int _aliases;
    private int _maxDepth;

    public (string Query, JsonObject Variables, string? OperationName) Next()
    {
        _fragments.Clear();
        _variableDefinitions.Clear();
        _variables.Clear();
        _namesWithArguments.Clear();
        _aliases = 0;
        _mistakes = Chance(0.5);
        // Mostly shallow; one in twenty goes past Limits:MaxDepth (15).
        _maxDepth = Chance(0.05) ? 18 : _random.Next(1, 7);

        var selections = SelectionSet(schema.Query, 1);
        string? operationName = Chance(0.6) ? $"Fuzz{_random.Next(1000)}" : null;
        if (Mistake(0.05))
        {
            // A variable used but never declared.
            selections = selections.Insert(1, " __typename @include(if: $undeclared) ");
        }

        if (Mistake(0.05))
        {
            // A variable declared but never used.
            _variableDefinitions.Add("$unused: Int");
        }

        var header = operationName is null && _variableDefinitions.Count == 0
            ? string.Empty
            : $"query {operationName}{(_variableDefinitions.Count == 0 ? string.Empty : "(" + string.Join(", ", _variableDefinitions) + ")")} ";
        var document = new StringBuilder(header).Append(selections);
        foreach (var fragment in _fragments)
        {
            document.Append('\n').Append(fragment);
        }

        if (Mistake(0.04))
        {
            // A second operation: without operationName the request is ambiguous.
            document.Append("\nquery Second { __typename }");
            operationName = Chance(0.5) ? operationName : null;
        }

        if (Mistake(0.03))
        {
            operationName = "NoSuchOperation";
        }

        return (document.ToString(), _variables, operationName);
    }

    private string SelectionSet(IGraphType type, int depth)
    {
        var complex = type as IComplexGraphType;
        var possible = PossibleTypes(type);
        var parts = new List<string>();
        var count = _random.Next(1, 5);
        for (var i = 0; i < count; i++)
        {
            var roll = _random.NextDouble();
            if (roll < 0.07 || (complex is null && possible.Count == 0))
            {
                parts.Add(Alias() + "__typename");
            }
            else if (roll < 0.09 && _mistakes)
            {
                parts.Add("noSuchField");
            }
            else if (roll < 0.16 && _fragments.Count < 4 && complex is not null)
            {
                // The name is taken first: a fragment may spread fragments made inside it.
                var name = $"F{_fragments.Count}_{_random.Next(100)}";
                var index = _fragments.Count;
                _fragments.Add(string.Empty);
                _fragments[index] = $"fragment {name} on {type.Name} {SelectionSet(type, depth)}";
                parts.Add("..." + name);
            }
            else if ((roll < 0.25 || complex is null) && possible.Count > 0)
            {
                var on = possible[_random.Next(possible.Count)];
                parts.Add($"... on {on.Name} {SelectionSet(on, depth)}");
            }
            else if (complex is not null && complex.Fields.Count > 0)
            {
                parts.Add(Field(complex.Fields.ElementAt(_random.Next(complex.Fields.Count)), depth));
            }
        }

        return "{ " + string.Join(" ", parts) + " }";
    }

    private string Field(FieldType field, int depth)
    {
        var arguments = new List<string>();
        foreach (var argument in (IEnumerable<QueryArgument>?)field.Arguments ?? [])
        {
            var required = argument.ResolvedType is NonNullGraphType;
            // Without mistakes, a cursor now and then, most of them hostile: those documents are still valid.
            if (!_mistakes && !required && CursorArguments.Contains(argument.Name) && !Chance(0.3))
            {
                continue;
            }

            if (required ? !Mistake(0.05) : Chance(0.35))
            {
                _argument = argument.Name;
                arguments.Add($"{argument.Name}: {ArgumentValue(argument.ResolvedType!)}");
                _argument = null;
            }
        }

        if (Mistake(0.03))
        {
            arguments.Add("noSuchArgument: 1");
        }

        // The same name with other arguments elsewhere in the selection would not merge (a validation error):
        // without mistakes, a field with arguments whose name is taken gets an alias of its own.
        var alias = Alias();
        if (!_mistakes && alias.Length == 0 && (field.Arguments?.Count ?? 0) > 0 && !_namesWithArguments.Add(field.Name))
        {
            alias = $"u{_aliases++}: ";
        }

        var text = new StringBuilder(alias).Append(field.Name);
        if (arguments.Count > 0)
        {
            text.Append('(').Append(string.Join(", ", arguments)).Append(')');
        }

        var named = Named(field.ResolvedType!);
        if (named is ScalarGraphType or EnumerationGraphType)
        {
            if (Mistake(0.02))
            {
                text.Append(" { name }");
            }
        }
        else if (Mistake(0.02))
        {
            // No sub-selection on an object.
        }
        else if (depth >= _maxDepth)
        {
            text.Append(" { __typename }");
        }
        else
        {
            text.Append(' ').Append(SelectionSet(named, depth + 1));
        }

        return text.ToString();
    }

    private string ArgumentValue(IGraphType type)
    {
        if (!Chance(0.15))
        {
            return Literal(MakeValue(type, 0));
        }

        // As a variable: declared with the argument's own type, or with another one by mistake.
        var name = $"v{_variableDefinitions.Count}";
        var declared = Mistake(0.15) ? (Chance(0.5) ? "Int" : "[String!]!") : TypeName(type);
        _variableDefinitions.Add($"${name}: {declared}");
        if (!Mistake(0.1))
        {
            _variables[name] = Json(MakeValue(type, 0));
        }

        return "$" + name;
    }

    /// <summary>A value for an input of this type; with mistakes, now and then one of any type but the right one.</summary>
    private Value MakeValue(IGraphType type, int depth)
    {
        if (Mistake(0.08))
        {
            return Wrong();
        }

        if (type is NonNullGraphType nonNull)
        {
            return MakeValue(nonNull.ResolvedType!, depth);
        }

        if (Chance(0.04))
        {
            return new Value.Null();
        }

        switch (type)
        {
            case ListGraphType list:
                var count = _random.Next(0, depth > 1 ? 2 : 4);
                return count == 1 && Chance(0.3)
                    ? MakeValue(list.ResolvedType!, depth + 1) // one item without brackets: coerced to a list
                    : new Value.List([.. Enumerable.Range(0, count).Select(_ => MakeValue(list.ResolvedType!, depth + 1))]);
            case EnumerationGraphType enumeration:
                var values = enumeration.Values.ToList();
                return new Value.Enum(values.Count == 0 || Mistake(0.03) ? "NOT_A_VALUE" : values[_random.Next(values.Count)].Name);
            case IInputObjectGraphType input:
                var fields = new List<(string, Value)>();
                foreach (var field in input.Fields)
                {
                    if (field.ResolvedType is NonNullGraphType || (depth < 3 && Chance(0.2)))
                    {
                        fields.Add((field.Name, MakeValue(field.ResolvedType!, depth + 1)));
                    }
                }

                if (Mistake(0.03))
                {
                    fields.Add(("noSuchField", new Value.Int(1)));
                }

                return new Value.Object(fields);
            default:
                return Scalar(type.Name);
        }
    }

    private Value Scalar(string name) => name switch
    {
        "Int" => new Value.Int(Pick(_mistakes ? Ints : Chance(0.2) ? EdgeInts : FittingInts)),
        "Float" => _random.Next(3) switch
        {
            0 => new Value.Float(_random.NextDouble() * 5),
            1 => new Value.Float(Pick(EdgeFloats)),
            _ => new Value.Int(Pick(Chance(0.2) ? EdgeInts : FittingInts)),
        },
        "Boolean" => new Value.Bool(Chance(0.5)),
        "ID" => Mistake(0.1) ? new Value.Int(_random.Next(100)) : new Value.String(Chance(_mistakes ? 0.5 : 0.15) ? Pick(BadIds) : Pick(Ids)),
        "DateOnly" or "Date" or "DateTime" => new Value.String(Mistake(0.3) ? "31/02/2024" : $"20{_random.Next(10, 30)}-0{_random.Next(1, 10)}-1{_random.Next(0, 10)}"),
        "String" when _argument is "after" or "before" => new Value.String(Pick(Cursors)),
        _ => new Value.String(Pick(Strings)),
    };

    /// <summary>A mistake-free value of an input type (e.g. a where condition), written as a GraphQL literal.</summary>
    public string LiteralOf(IGraphType type, int depth = 0)
    {
        var mistakes = _mistakes;
        _mistakes = false;
        try
        {
            return Literal(MakeValue(type, depth));
        }
        finally
        {
            _mistakes = mistakes;
        }
    }

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private Value Wrong() => _random.Next(7) switch
    {
        0 => new Value.Int(Pick(Ints)),
        1 => new Value.String(Pick(Strings)),
        2 => new Value.Bool(Chance(0.5)),
        3 => new Value.Object([("x", new Value.Int(1))]),
        4 => new Value.List([new Value.String("a"), new Value.Int(1)]),
        5 => new Value.Enum("NOT_A_VALUE"),
        _ => new Value.Null(),
    };

    private string Alias()
    {
        if (!Chance(0.15))
        {
            return string.Empty;
        }

        // With mistakes, from a small pool, so that some aliases clash.
        return _mistakes ? $"a{_random.Next(5)}: " : $"a{_aliases++}: ";
    }

    private static IReadOnlyList<IObjectGraphType> PossibleTypes(IGraphType type) => type switch
    {
        IInterfaceGraphType i => [.. i.PossibleTypes],
        UnionGraphType u => [.. u.PossibleTypes],
        _ => [],
    };

    private static IGraphType Named(IGraphType type) => type switch
    {
        NonNullGraphType n => Named(n.ResolvedType!),
        ListGraphType l => Named(l.ResolvedType!),
        _ => type,
    };

    private static string TypeName(IGraphType type) => type switch
    {
        NonNullGraphType n => TypeName(n.ResolvedType!) + "!",
        ListGraphType l => "[" + TypeName(l.ResolvedType!) + "]",
        _ => type.Name,
    };

    private static string Literal(Value value) => value switch
    {
        Value.Null => "null",
        Value.Int i => i.Number.ToString(CultureInfo.InvariantCulture),
        // "R" writes 1E+308 and -0 as they are; a plain 0.0### would spell out 309 digits or lose the sign.
        Value.Float f => Math.Abs(f.Number) is > 0 and (< 1e-4 or >= 1e15) || double.IsNegative(f.Number)
            ? f.Number.ToString("R", CultureInfo.InvariantCulture)
            : f.Number.ToString("0.0###", CultureInfo.InvariantCulture),
        Value.Bool b => b.Truth ? "true" : "false",
        Value.String s => JsonSerializer.Serialize(s.Text),
        Value.Enum e => e.Name,
        Value.List l => "[" + string.Join(", ", l.Items.Select(Literal)) + "]",
        Value.Object o => "{ " + string.Join(", ", o.Fields.Select(f => $"{f.Name}: {Literal(f.Value)}")) + " }",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    private static JsonNode? Json(Value value) => value switch
    {
        Value.Null => null,
        Value.Int i => JsonValue.Create(i.Number),
        Value.Float f => JsonValue.Create(f.Number),
        Value.Bool b => JsonValue.Create(b.Truth),
        Value.String s => JsonValue.Create(s.Text),
        Value.Enum e => JsonValue.Create(e.Name),
        Value.List l => new JsonArray([.. l.Items.Select(Json)]),
        Value.Object o => new JsonObject(o.Fields.GroupBy(f => f.Name).Select(g => KeyValuePair.Create(g.Key, Json(g.First().Value)))),
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    private bool Chance(double probability) => _random.NextDouble() < probability;

    /// <summary>A deliberate mistake, made only in the documents that make them.</summary>
    private bool Mistake(double probability) => _mistakes && Chance(probability);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private abstract record Value
    {
        public sealed record Null : Value;

        public sealed record Int(long Number) : Value;

        public sealed record Float(double Number) : Value;

        public sealed record Bool(bool Truth) : Value;

        public sealed record String(string Text) : Value;

        public sealed record Enum(string Name) : Value;

        public sealed record List(IReadOnlyList<Value> Items) : Value;

        public sealed record Object(IReadOnlyList<(string Name, Value Value)> Fields) : Value;
    }
}
