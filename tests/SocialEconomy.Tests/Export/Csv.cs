using System.Text;

namespace SocialEconomy.Tests.Export;

/// <summary>
/// An RFC 4180 reader written for the tests, independent of the exporter: quoted fields may hold commas, doubled
/// quotes and line breaks. An empty unquoted field reads as null, a quoted one as "".
/// </summary>
public static class Csv
{
    /// <summary>
    /// A publisher's file as rows by heading (the first row), to check an importer against: lines may end with CRLF;
    /// a row with a different number of fields than the headings is left out, as it says nothing by heading.
    /// </summary>
    public static List<Dictionary<string, string>> ReadRows(string path, Encoding encoding)
    {
        var rows = Parse(File.ReadAllText(path, encoding).Replace("\r\n", "\n", StringComparison.Ordinal));
        var headings = rows[0];
        return [.. rows.Skip(1).Where(r => r.Length == headings.Length).Select(r => headings.Select((h, i) => (h!, r[i] ?? "")).ToDictionary(p => p.Item1, p => p.Item2))];
    }

    public static List<string?[]> Parse(string text)
    {
        var rows = new List<string?[]>();
        var row = new List<string?>();
        var field = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0 && !wasQuoted:
                    quoted = wasQuoted = true;
                    break;
                case '"':
                    throw new FormatException($"A quote inside an unquoted field, at character {i}.");
                case ',':
                    EndField();
                    break;
                case '\n':
                    EndField();
                    rows.Add([.. row]);
                    row.Clear();
                    break;
                case '\r':
                    throw new FormatException("A carriage return outside quotes: lines end with \\n.");
                default:
                    if (wasQuoted)
                    {
                        throw new FormatException($"Text after a closing quote, at character {i}.");
                    }

                    field.Append(c);
                    break;
            }
        }

        if (quoted)
        {
            throw new FormatException("The file ends inside a quoted field.");
        }

        if (field.Length > 0 || row.Count > 0)
        {
            throw new FormatException("The last line does not end with \\n.");
        }

        return rows;

        void EndField()
        {
            row.Add(field.Length == 0 && !wasQuoted ? null : field.ToString());
            field.Clear();
            wasQuoted = false;
        }
    }
}
