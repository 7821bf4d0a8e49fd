using System.Collections;
using System.Globalization;
using System.Text;
using GraphQL;
using SocialEconomy.Graph.Compiling;

namespace SocialEconomy.Api.Compiling;

/// <summary>
/// The key a root list's statement is held under in the <see cref="StatementCache"/>: everything the statement is
/// written from. That is the root field, the value of every argument (variables substituted, defaults applied), the
/// reads its selection asks for, whether its total is counted, how long its nested lists may be for each number of
/// rows its page may hold (which says how many rows it reads), and which properties of each entity its lists' records
/// are read with (which the whole operation's fields say, not this field's alone). Each value is written with its type
/// and, for text, its length, so two different sets of arguments can never share a key.
/// </summary>
public static class StatementKey
{
    /// <summary>The key, or null when an argument holds a value this does not know how to write exactly (the statement is then written afresh).</summary>
    public static string? Of(
        IResolveFieldContext context, IReadOnlyList<NestedRead> reads, bool counted, ListLimits listLimits, IReadOnlyDictionary<Type, IReadOnlySet<string>> listed)
    {
        var key = new StringBuilder(context.FieldDefinition.Name)
            .Append(counted ? "|counted|" : "|uncounted|")
            .Append(listLimits.Key).Append('|');
        foreach (var (name, argument) in context.Arguments ?? new Dictionary<string, GraphQL.Execution.ArgumentValue>())
        {
            Text(key, name);
            if (!Value(key, argument.Value))
            {
                return null;
            }
        }

        key.Append('|');
        Reads(key, reads);
        foreach (var (entity, properties) in listed.OrderBy(e => e.Key.FullName, StringComparer.Ordinal))
        {
            Text(key, entity.FullName!);
            key.Append('[');
            foreach (var property in properties.Order(StringComparer.Ordinal))
            {
                Text(key, property);
            }

            key.Append(']');
        }

        return key.ToString();
    }

    private static bool Value(StringBuilder key, object? value)
    {
        switch (value)
        {
            case null:
                key.Append('~');
                return true;
            case string text:
                key.Append('s');
                Text(key, text);
                return true;
            case bool flag:
                key.Append(flag ? 'T' : 'F');
                return true;
            case Enum member:
                key.Append('e');
                Text(key, member.GetType().FullName!);
                Text(key, member.ToString());
                return true;
            case int or long or short or byte or sbyte or ushort or uint or ulong or decimal or double or float or System.Numerics.BigInteger
                or DateTime or DateTimeOffset or DateOnly or TimeOnly or TimeSpan or Guid:
                // The type's name, then its value as the invariant culture writes it ("R" keeps every digit of a double).
                key.Append('v');
                Text(key, value.GetType().Name);
                Text(key, value is double or float ? ((IFormattable)value).ToString("R", CultureInfo.InvariantCulture) : Convert.ToString(value, CultureInfo.InvariantCulture)!);
                return true;
            case IDictionary<string, object?> fields:
                key.Append('{');
                foreach (var (name, field) in fields)
                {
                    Text(key, name);
                    if (!Value(key, field))
                    {
                        return false;
                    }
                }

                key.Append('}');
                return true;
            case IEnumerable items:
                key.Append('[');
                foreach (var item in items)
                {
                    if (!Value(key, item))
                    {
                        return false;
                    }
                }

                key.Append(']');
                return true;
            default:
                return false;
        }
    }

    /// <summary>Text with its length before it, so that no text can run into what follows it.</summary>
    private static void Text(StringBuilder key, string text) =>
        key.Append(text.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(text);

    private static void Reads(StringBuilder key, IReadOnlyList<NestedRead> reads)
    {
        key.Append('(');
        foreach (var read in reads)
        {
            Text(key, read.Key);
            Reads(key, read.Children);
        }

        key.Append(')');
    }
}
