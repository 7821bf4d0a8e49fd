using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQL.Types;

namespace SocialEconomy.Tests.Http;

/// <summary>
/// Random questions whose answers must agree with each other: a filter and its negation count the whole list, and
/// and/or of one condition count as the condition; pages never hold more than asked, a walk from endCursor to
/// endCursor visits every item once and as many as totalCount, last/before/after/first-and-last cut the walked list
/// as Relay says, on root and nested connections; facets that partition a list sum to its totalCount; a bad cursor
/// on a nested list is one error, not one per parent. Conditions and orders are made from the schema by
/// <see cref="SchemaFuzzer"/> (hostile values included), on every root connection with a <c>where</c>.
/// </summary>
public sealed class FuzzInvariants(ISchema schema, int seed, Func<string, JsonObject?, Task<FuzzAnswer>> send)
{
    /// <summary>Longest walk, in pages: a list longer than this many full pages is counted, not walked.</summary>
    private const int MaxWalkPages = 12;

    private static readonly int[] PageSizes = [1, 2, 3, 5, 10, 50, 200];

    /// <summary>Facets of which every item has exactly one value (null counting as one): they sum to totalCount.</summary>
    private static readonly Dictionary<string, string[]> Partitions = new()
    {
        ["ModelFacets"] = ["family", "bestEvidenceLevel"],
        ["OrganisationFacets"] = ["region", "legalForm"],
        ["FunderFacets"] = ["kind"],
        ["EvidenceFacets"] = ["rating", "design", "year"],
    };

    private readonly Random _random = new(seed);
    private readonly SchemaFuzzer _values = new(schema, seed);
    private readonly List<Root> _roots = FindRoots(schema);

    /// <summary>Text read from the store, so that text conditions keep some items and drop others.</summary>
    private Dictionary<string, List<string>>? _texts;

    public InvariantTally Tally { get; } = new();

    /// <summary>One case: a random condition and order on a random root connection, and every check they allow.</summary>
    public async Task RunCaseAsync(int index)
    {
        _texts ??= await TextsAsync();
        var root = _roots[_random.Next(_roots.Count)];
        var where = Where(root);
        var order = Order(root);
        var context = $"case {index} on {root.Field}";

        var total = await CountsAsync(root, where, context);
        if (total is null)
        {
            return;
        }

        var walked = await WalkAsync($"{root.Field}(where: {where}{order}, PAGE)", total.Value, context, path: [root.Field]);
        if (walked is not null)
        {
            await CutsAsync($"{root.Field}(where: {where}{order}, PAGE)", walked, context, [root.Field]);
        }

        await HostileCursorsAsync($"{root.Field}(where: {where}{order}, PAGE)", context, [root.Field]);
        if (root.Nested.Count > 0)
        {
            await NestedAsync(root, where, context);
        }
    }

    /// <summary>The counts of X, not X, and [X], or [X], and the partitioning facets of X, in one document.</summary>
    private async Task<int?> CountsAsync(Root root, string where, string context)
    {
        var r = root.Field;
        var facets = root.Partitions.Length == 0 ? "" : $" f: {r}(where: {where}) {{ totalCount facets {{ {string.Join(" ", root.Partitions.Select(p => $"{p} {{ value count }}"))} }} }}";
        var query = $"query Counts {{ all: {r} {{ totalCount }} x: {r}(where: {where}) {{ totalCount }} nx: {r}(where: {{ not: {where} }}) {{ totalCount }} "
            + $"ax: {r}(where: {{ and: [{where}] }}) {{ totalCount }} ox: {r}(where: {{ or: [{where}] }}) {{ totalCount }} xx: {r}(where: {{ and: [{where}, {where}] }}) {{ totalCount }}{facets} }}";
        var answer = await SendAsync(query, null, context);
        if (Data(answer) is not { } data)
        {
            Tally.Refused++;
            return null;
        }

        int Count(string alias) => data[alias]!["totalCount"]!.GetValue<int>();
        var (all, x, nx) = (Count("all"), Count("x"), Count("nx"));
        Tally.Conditions++;
        Tally.Splitting += x > 0 && x < all ? 1 : 0;
        Tally.Check("count(X) + count(not X) = count(all)", x + nx == all, context, query, answer, $"{x} + {nx} != {all}");
        Tally.Check("count(and: [X]) = count(X)", Count("ax") == x, context, query, answer, $"{Count("ax")} != {x}");
        Tally.Check("count(or: [X]) = count(X)", Count("ox") == x, context, query, answer, $"{Count("ox")} != {x}");
        Tally.Check("count(and: [X, X]) = count(X)", Count("xx") == x, context, query, answer, $"{Count("xx")} != {x}");
        if (root.Partitions.Length > 0)
        {
            Tally.Check("totalCount is the same with facets", Count("f") == x, context, query, answer, $"{Count("f")} != {x}");
            foreach (var partition in root.Partitions)
            {
                var sum = data["f"]!["facets"]!.AsObject()[partition]!.AsArray().Sum(c => c!["count"]!.GetValue<int>());
                Tally.Check($"facets partition totalCount ({root.Facets}.{partition})", sum == x, context, query, answer, $"sum {sum} != totalCount {x}");
            }
        }

        return x;
    }

    /// <summary>
    /// Follows endCursor with first: N to the end of the list (<paramref name="selection"/> holds PAGE where
    /// first/after go); every page holds at most N, all but the last exactly N. The ids in order, or null when the
    /// list is too long to walk or a page is refused.
    /// </summary>
    private async Task<List<(string Id, string Cursor)>?> WalkAsync(string selection, int total, string context, string[] path, string? wrap = null)
    {
        var size = PageSizes[_random.Next(PageSizes.Length)];
        while (size < 200 && (total + size - 1) / size > MaxWalkPages)
        {
            size = PageSizes.First(s => s > size);
        }

        if ((total + size - 1) / size > MaxWalkPages)
        {
            Tally.Skipped++;
            return null;
        }

        var ids = new List<(string Id, string Cursor)>();
        string? after = null;
        for (var page = 0; page <= MaxWalkPages; page++)
        {
            var query = Wrap($"query Walk($after: String) {{ {Page(selection, $"first: {size}, after: $after")} }}", wrap);
            var variables = new JsonObject { ["after"] = after };
            var answer = await SendAsync(query, variables, context);
            if (At(Data(answer), path) is not { } connection)
            {
                Tally.Check("a walk's pages are answered", false, context, query + "\nvariables: " + variables.ToJsonString(), answer, "no page");
                return null;
            }

            var edges = connection["edges"]!.AsArray().Select(e => (e!["node"]!["id"]!.GetValue<string>(), e["cursor"]!.GetValue<string>())).ToList();
            var info = connection["pageInfo"]!;
            var count = connection["totalCount"]!.GetValue<int>();
            Tally.Check("first: N returns at most N", edges.Count <= size, context, query, answer, $"{edges.Count} > {size}");
            Tally.Check("totalCount is the same on every page", count == total, context, query, answer, $"{count} != {total}");
            ids.AddRange(edges);
            var next = info["hasNextPage"]!.GetValue<bool>();
            if (!next || edges.Count == 0)
            {
                Tally.Check("a walk ends on an empty or short page only at the end", !next, context, query, answer, "hasNextPage with an empty page");
                break;
            }

            Tally.Check("pages before the last are full", edges.Count == size, context, query, answer, $"{edges.Count} of {size}");
            after = info["endCursor"]!.GetValue<string>();
        }

        var distinct = ids.Select(i => i.Id).Distinct().Count();
        Tally.Check("a walk visits every item exactly once (and as many as totalCount)", distinct == ids.Count && ids.Count == total, context,
            $"{Page(selection, $"first: {size}, after: <endCursor>")} walked", null, $"{ids.Count} visited, {distinct} distinct, totalCount {total}");
        return ids;
    }

    /// <summary>last, first and last, after and first, before and last, against the walked list.</summary>
    private async Task CutsAsync(string selection, List<(string Id, string Cursor)> items, string context, string[] path, string? wrap = null)
    {
        var walked = items.Select(i => i.Id).ToList();
        var n = walked.Count;
        var last = PageSizes[_random.Next(PageSizes.Length)];
        await ExpectAsync("last: N returns the final N", selection, $"last: {last}", walked[Math.Max(0, n - last)..], context, path, wrap);

        var first = PageSizes[_random.Next(PageSizes.Length)];
        last = PageSizes[_random.Next(PageSizes.Length)];
        var head = Math.Min(first, n);
        await ExpectAsync("first: A, last: B returns the last B of the first A", selection, $"first: {first}, last: {last}",
            walked[Math.Max(0, head - last)..head], context, path, wrap);

        if (n == 0)
        {
            return;
        }

        var k = _random.Next(n);
        var cursor = items[k].Cursor;
        var size = PageSizes[_random.Next(PageSizes.Length)];
        await ExpectAsync("after: cursor(k), first: N returns items k+1..k+N", selection, $"after: \"{cursor}\", first: {size}",
            walked[Math.Min(n, k + 1)..Math.Min(n, k + 1 + size)], context, path, wrap);
        await ExpectAsync("before: cursor(k), last: N returns items k-N..k-1", selection, $"before: \"{cursor}\", last: {size}",
            walked[Math.Max(0, k - size)..k], context, path, wrap);
    }

    private async Task ExpectAsync(string invariant, string selection, string arguments, List<string> expected, string context, string[] path, string? wrap)
    {
        var query = Wrap($"query Cut {{ {Page(selection, arguments)} }}", wrap);
        var answer = await SendAsync(query, null, context);
        var ids = At(Data(answer), path) is { } connection ? Ids(connection) : null;
        Tally.Check(invariant, ids is not null && ids.SequenceEqual(expected), context, query, answer,
            $"expected [{Show(expected)}], got {(ids is null ? "no page" : $"[{Show(ids)}]")}");
    }

    /// <summary>Cursors past the end, negative, of garbage: a coded error, or a page that is empty or within bounds.</summary>
    private async Task HostileCursorsAsync(string selection, string context, string[] path, string? wrap = null)
    {
        var pastEnd = SchemaFuzzer.Base64("offset:2147483647");
        var query = Wrap($"query PastTheEnd {{ {Page(selection, $"after: \"{pastEnd}\", first: 5")} }}", wrap);
        var answer = await SendAsync(query, null, context);
        var page = At(Data(answer), path);
        Tally.Check("after: a cursor past the end gives an empty last page or a coded error",
            page is null ? answer.Answer?.FirstErrorCode is not null : Ids(page).Count == 0 && !page["pageInfo"]!["hasNextPage"]!.GetValue<bool>(),
            context, query, answer, "a non-empty page, or hasNextPage");

        foreach (var bad in new[] { SchemaFuzzer.Base64("offset:-1"), SchemaFuzzer.Base64("offset:x"), "%%%", "", SchemaFuzzer.Base64("offset:2147483646") })
        {
            var argument = _random.Next(2) == 0 ? $"after: \"{bad}\", first: 3" : $"before: \"{bad}\", last: 3";
            query = Wrap($"query BadCursor {{ {Page(selection, argument)} }}", wrap);
            answer = await SendAsync(query, null, context);
            page = At(Data(answer), path);
            Tally.Check("a hostile cursor gives at most the page asked for, or a coded error",
                page is null ? answer.Answer?.FirstErrorCode is not null : Ids(page).Count <= 3, context, query, answer, "more items than asked");
        }
    }

    /// <summary>A nested connection under the first parents of X: bounds per parent, then a walk and cuts under one parent.</summary>
    private async Task NestedAsync(Root root, string where, string context)
    {
        var nested = root.Nested[_random.Next(root.Nested.Count)];
        context += $", nested {nested}";
        var size = PageSizes[_random.Next(PageSizes.Length - 1)];
        var query = $"query Nested {{ {root.Field}(where: {where}, first: 5) {{ nodes {{ id {nested}(first: {size}) {{ totalCount pageInfo {{ hasNextPage endCursor }} edges {{ cursor node {{ id }} }} }} }} }} }}";
        var answer = await SendAsync(query, null, context);
        var parents = Data(answer)?[root.Field]?["nodes"]?.AsArray();
        if (parents is null)
        {
            Tally.Check("nested connections are answered", false, context, query, answer, "no data");
            return;
        }

        (string Id, int Total)? chosen = null;
        foreach (var parent in parents)
        {
            var connection = parent![nested]!;
            var count = Ids(connection).Count;
            var total = connection["totalCount"]!.GetValue<int>();
            Tally.Check("nested first: N returns min(N, totalCount)", count == Math.Min(size, total), context, query, answer, $"{count} for totalCount {total}, first {size}");
            if (total > 0 && (chosen is null || _random.Next(2) == 0))
            {
                chosen = (parent["id"]!.GetValue<string>(), total);
            }
        }

        if (parents.Count > 0)
        {
            var bad = $"query NestedBadCursor {{ {root.Field}(where: {where}, first: 20) {{ nodes {{ {nested}(after: \"%%%\", first: 2) {{ totalCount }} }} }} }}";
            var refused = await SendAsync(bad, null, context);
            var errors = refused.Answer?.Body?["errors"]?.AsArray();
            Tally.Check("a bad cursor on a nested list is one error, not one per parent", errors is { Count: 1 }, context, bad, refused,
                $"{errors?.Count ?? 0} errors for {parents.Count}+ parents");
        }

        if (chosen is not { } one)
        {
            return;
        }

        var type = root.Node;
        var wrap = $"node(id: \"{one.Id}\") {{ ... on {type} {{ BODY }} }}";
        var walked = await WalkAsync($"{nested}(PAGE)", one.Total, context, ["node", nested], wrap);
        if (walked is not null)
        {
            await CutsAsync($"{nested}(PAGE)", walked, context, ["node", nested], wrap);
        }
    }

    private async Task<FuzzAnswer> SendAsync(string query, JsonObject? variables, string context)
    {
        var answer = await send(query, variables);
        Tally.Documents++;
        Tally.Check("every answer is hygienic (status, codes, no leak, no 5xx, within the size limit)", answer.Problem is null, context,
            query + (variables is null ? "" : "\nvariables: " + variables.ToJsonString()), answer, answer.Problem ?? "");
        return answer;
    }

    /// <summary>
    /// A condition X of one or two fields, each with one operator (or one quantifier over a nested condition), now
    /// and then wrapped in and/or/not; the operands come from <see cref="SchemaFuzzer"/>, hostile ones included.
    /// Now and then the schema fuzzer's own free-form value, empty objects and all.
    /// </summary>
    private string Where(Root root) => _random.Next(5) == 0 && _values.LiteralOf(root.Where, depth: 1) is var free && free != "null"
        ? free
        : Condition(root.Where, 0);

    /// <summary>The text fields of the first records of every root list.</summary>
    private async Task<Dictionary<string, List<string>>> TextsAsync()
    {
        var selections = _roots.Select((r, i) =>
            $"r{i}: {r.Field}(first: 40) {{ nodes {{ {string.Join(" ", r.TextFields)} }} }}");
        var answer = await SendAsync($"query Texts {{ {string.Join(" ", selections)} }}", null, "reading text to filter on");
        var fields = (Data(answer) ?? []).SelectMany(r => r.Value!["nodes"]!.AsArray().SelectMany(n => n!.AsObject()))
            .Where(f => f.Value?.GetValue<string>() is { Length: > 0 and <= 200 });
        return fields.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.Select(f => f.Value!.GetValue<string>()).Distinct().ToList());
    }

    /// <summary>
    /// An operand for a scalar operator: often one that occurs in the store (a text read from it or a piece of
    /// one, a level, a year, an amount), else the schema fuzzer's, hostile ones included.
    /// </summary>
    private string Operand(string op, IGraphType type, string? owner)
    {
        if (_random.Next(10) < 3)
        {
            return _values.LiteralOf(type, depth: 1);
        }

        switch (Named(type).Name)
        {
            case "String" when _texts is { Count: > 0 }:
                // Mostly a value of the field itself (a region for region), else of any field.
                var texts = owner is not null && _texts.TryGetValue(owner, out var own) && _random.Next(4) != 0 ? own : _texts.Values.SelectMany(t => t).ToList();
                var text = texts[_random.Next(texts.Count)];
                if (op is "contains" or "ncontains" or "startsWith" or "nstartsWith" or "endsWith" or "nendsWith")
                {
                    var length = Math.Min(text.Length, _random.Next(2, 8));
                    var start = op.Contains("starts", StringComparison.OrdinalIgnoreCase) ? 0
                        : op.Contains("ends", StringComparison.OrdinalIgnoreCase) ? text.Length - length
                        : _random.Next(text.Length - length + 1);
                    text = text.Substring(start, length);
                    text = _random.Next(3) == 0 ? text.ToUpperInvariant() : text;
                }

                var literal = JsonSerializer.Serialize(text);
                return type is ListGraphType ? $"[{literal}]" : literal;
            case "Int":
                return (_random.Next(2) == 0 ? _random.Next(0, 6) : _random.Next(1995, 2026)).ToString(CultureInfo.InvariantCulture);
            case "Float":
                return new[] { "0", "1000", "50000", "250000", "1000000", "5000000.5" }[_random.Next(6)];
            default:
                return _values.LiteralOf(type, depth: 1);
        }
    }

    /// <summary>One or two fields of an input object: filters, operators and quantifiers alike, nested to a bounded depth.</summary>
    private string Condition(IInputObjectGraphType type, int depth, string? owner = null)
    {
        var fields = type.Fields.Where(f => f.Name is not ("and" or "or" or "not")).ToList();
        // Conditions on the record's own fields split lists more often than those on related records.
        var own = fields.Where(f => Named(f.ResolvedType!) is not IInputObjectGraphType i || i.GetField("some") is null).ToList();
        var parts = new Dictionary<string, string>();
        for (var i = _random.Next(4) == 0 ? 2 : 1; i > 0; i--)
        {
            var pool = own.Count > 0 && _random.Next(3) != 0 ? own : fields;
            var field = pool[_random.Next(pool.Count)];
            parts[field.Name] = Named(field.ResolvedType!) is IInputObjectGraphType nested
                ? depth < 5 ? Condition(nested, depth + 1, field.Name) : "{ }"
                : Operand(field.Name, field.ResolvedType!, owner);
        }

        var condition = "{ " + string.Join(", ", parts.Select(p => $"{p.Key}: {p.Value}")) + " }";
        if (type.GetField("and") is null)
        {
            return condition;
        }

        return _random.Next(8) switch
        {
            0 when depth < 3 => $"{{ and: [{condition}, {Condition(type, depth + 2)}] }}",
            1 when depth < 3 => $"{{ or: [{condition}, {Condition(type, depth + 2)}] }}",
            2 => $"{{ not: {condition} }}",
            _ => condition,
        };
    }

    private string Order(Root root)
    {
        if (root.Order is null || _random.Next(3) == 0)
        {
            return "";
        }

        var keys = root.Order.Fields.Select(f => f.Name).OrderBy(_ => _random.Next()).Take(_random.Next(1, 3));
        return ", order: [" + string.Join(", ", keys.Select(k => $"{{ {k}: {(_random.Next(2) == 0 ? "ASC" : "DESC")} }}")) + "]";
    }

    private static string Page(string selection, string arguments) =>
        selection.Replace("PAGE", arguments) + " { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } }";

    private static string Wrap(string query, string? wrap)
    {
        if (wrap is null)
        {
            return query;
        }

        // query Name(...) { SELECTION }: the selection goes inside the wrapper.
        var open = query.IndexOf('{');
        return query[..(open + 1)] + " " + wrap.Replace("BODY", query[(open + 1)..^1].Trim()) + " }";
    }

    private static JsonObject? Data(FuzzAnswer answer) => answer.Answer?.Body?["data"] as JsonObject;

    private static JsonNode? At(JsonNode? node, string[] path) => path.Aggregate(node, (n, p) => n?[p]);

    private static List<string> Ids(JsonNode connection) => [.. connection["edges"]!.AsArray().Select(e => e!["node"]!["id"]!.GetValue<string>())];

    private static string Show(List<string> ids) => ids.Count <= 6 ? string.Join(", ", ids) : $"{string.Join(", ", ids.Take(3))} ... {ids.Count} ids";

    private static List<Root> FindRoots(ISchema schema)
    {
        var roots = new List<Root>();
        foreach (var field in schema.Query.Fields)
        {
            if (field.Arguments?.Find("where")?.ResolvedType is not IInputObjectGraphType where || field.Arguments.Find("first") is null
                || Named(field.ResolvedType!) is not IObjectGraphType connection || connection.GetField("nodes") is not { } nodes
                || Named(nodes.ResolvedType!) is not IObjectGraphType node)
            {
                continue;
            }

            var order = field.Arguments.Find("order")?.ResolvedType is { } o ? Named(o) as IInputObjectGraphType : null;
            var facets = connection.GetField("facets") is { } f ? Named(f.ResolvedType!).Name : null;
            var nested = node.Fields
                .Where(n => n.Arguments?.Find("first") is not null && Named(n.ResolvedType!) is IObjectGraphType c && c.GetField("pageInfo") is not null)
                .Select(n => n.Name)
                .ToList();
            var texts = node.Fields
                .Where(t => t.Arguments is not { Count: > 0 } && t.ResolvedType is StringGraphType or NonNullGraphType { ResolvedType: StringGraphType })
                .Select(t => t.Name)
                .ToList();
            roots.Add(new Root(field.Name, where, order, node.Name, facets, facets is not null && Partitions.TryGetValue(facets, out var p) ? p : [], nested, texts));
        }

        return roots;
    }

    private static IGraphType Named(IGraphType type) => type switch
    {
        NonNullGraphType n => Named(n.ResolvedType!),
        ListGraphType l => Named(l.ResolvedType!),
        _ => type,
    };

    private sealed record Root(
        string Field, IInputObjectGraphType Where, IInputObjectGraphType? Order, string Node, string? Facets, string[] Partitions, List<string> Nested, List<string> TextFields);
}

/// <summary>An answer read up to the size limit and the time limit, and what is wrong with it, if anything.</summary>
public sealed record FuzzAnswer(Answer? Answer, string? Problem)
{
    public override string ToString() => Answer?.ToString() ?? "(no answer)";
}

/// <summary>How often each invariant was checked and held, with the first few failures in full.</summary>
public sealed class InvariantTally
{
    private readonly SortedDictionary<string, (int Checked, int Held)> _counts = new(StringComparer.Ordinal);
    private readonly List<string> _failures = [];

    public int Documents { get; set; }

    public int Refused { get; set; }

    public int Skipped { get; set; }

    /// <summary>Conditions answered, and those that kept some items of the list and not all: the telling ones.</summary>
    public int Conditions { get; set; }

    public int Splitting { get; set; }

    public int Failed => _counts.Values.Sum(c => c.Checked - c.Held);

    public void Check(string invariant, bool held, string context, string document, FuzzAnswer? answer, string detail)
    {
        var (checkedCount, heldCount) = _counts.GetValueOrDefault(invariant);
        _counts[invariant] = (checkedCount + 1, heldCount + (held ? 1 : 0));
        if (!held && _failures.Count(f => f.StartsWith(invariant + ":", StringComparison.Ordinal)) < 2)
        {
            _failures.Add($"{invariant}: {detail}\n  {context}\n  {document}\n  => {answer}");
        }
    }

    public string Summary()
    {
        var text = new StringBuilder($"{Documents} documents; {Conditions} conditions answered, {Splitting} of them keeping some items but not all; "
            + $"{Refused} refused as the client's error; {Skipped} lists too long to walk\n");
        foreach (var (invariant, (checkedCount, heldCount)) in _counts)
        {
            text.Append($"  {(checkedCount == heldCount ? "held  " : "FAILED")} {heldCount}/{checkedCount}  {invariant}\n");
        }

        return text.ToString();
    }

    public string Failures() => string.Join("\n\n", _failures);
}
