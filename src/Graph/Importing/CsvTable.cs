using System.Text;

namespace SocialEconomy.Graph.Importing;

/// <summary>One data row of a CSV file, with the line it starts on (quoted fields may span lines).</summary>
public sealed class CsvRow(CsvTable table, long line, string[] fields)
{
    public long Line { get; } = line;

    public string File => table.File;

    /// <summary>The value under a heading; empty when the cell is empty. Throws when the heading is not in the file.</summary>
    public string this[string heading] => fields[table.ColumnOf(heading)].Trim();

    /// <summary>1-based column number of a heading, for error messages.</summary>
    public int ColumnOf(string heading) => table.ColumnOf(heading) + 1;

    public bool Has(string heading) => table.HasColumn(heading);

    public ImportError Error(string heading, string message) =>
        new(File, Line, table.HasColumn(heading) ? ColumnOf(heading) : null, heading, message);
}

/// <summary>
/// A CSV file read as RFC 4180 (quoted fields with doubled quotes and line breaks), with its heading row.
/// Rows that cannot be read (an unclosed quote, a wrong number of fields) are reported with line and column.
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(string file, string[] headings)
    {
        File = file;
        Headings = headings;
        _columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < headings.Length; i++)
        {
            _columns.TryAdd(headings[i].Trim(), i);
        }
    }

    public string File { get; }

    public IReadOnlyList<string> Headings { get; }

    public List<CsvRow> Rows { get; } = [];

    public List<ImportError> Errors { get; } = [];

    public bool HasColumn(string heading) => _columns.ContainsKey(heading);

    public int ColumnOf(string heading) => _columns.TryGetValue(heading, out var index)
        ? index
        : throw new KeyNotFoundException($"{File}: no column '{heading}'.");

    /// <summary>Reads a whole file. A missing required heading is an error of the file, not of a row.</summary>
    public static CsvTable Read(string path, Encoding encoding, params string[] requiredHeadings)
    {
        var text = System.IO.File.ReadAllText(path, encoding);
        var parser = new Parser(text);
        if (!parser.TryReadRecord(out var headings, out var headerLine, out var problem))
        {
            var empty = new CsvTable(path, []);
            empty.Errors.Add(new ImportError(path, headerLine, problem?.Column, null, problem?.Message ?? "the file is empty; expected a heading row."));
            return empty;
        }

        var table = new CsvTable(path, headings!.Select(h => h.Trim('\uFEFF', ' ')).ToArray());
        foreach (var missing in requiredHeadings.Where(h => !table.HasColumn(h)))
        {
            table.Errors.Add(new ImportError(path, 1, null, missing, $"the heading '{missing}' is missing; is this the right file (or a different export version)?"));
        }

        while (parser.TryReadRecord(out var fields, out var line, out problem) || problem is not null)
        {
            if (problem is not null)
            {
                table.Errors.Add(new ImportError(path, line, problem.Value.Column, null, problem.Value.Message));
                if (problem.Value.Fatal)
                {
                    break;
                }

                continue;
            }

            if (fields!.Length == 1 && fields[0].Length == 0)
            {
                continue;
            }

            if (fields.Length != table.Headings.Count)
            {
                table.Errors.Add(new ImportError(path, line, null, null,
                    $"has {fields.Length} fields but the heading row has {table.Headings.Count}; check for an unquoted comma or a missing separator."));
                continue;
            }

            table.Rows.Add(new CsvRow(table, line, fields));
        }

        return table;
    }

    private readonly record struct Problem(int Column, string Message, bool Fatal);

    private sealed class Parser(string text)
    {
        private int _position;
        private long _line = 1;

        public bool TryReadRecord(out string[]? fields, out long startLine, out Problem? problem)
        {
            fields = null;
            problem = null;
            startLine = _line;
            if (_position >= text.Length)
            {
                return false;
            }

            var values = new List<string>();
            var field = new StringBuilder();
            var lineStart = _position;
            while (true)
            {
                if (_position < text.Length && text[_position] == '"' && field.Length == 0)
                {
                    var quoteLine = _line;
                    var quoteColumn = _position - lineStart + 1;
                    _position++;
                    while (true)
                    {
                        if (_position >= text.Length)
                        {
                            problem = new Problem(quoteColumn, $"a quoted field opened at line {quoteLine}, column {quoteColumn} is never closed.", Fatal: true);
                            return false;
                        }

                        var c = text[_position++];
                        if (c == '"')
                        {
                            if (_position < text.Length && text[_position] == '"')
                            {
                                field.Append('"');
                                _position++;
                                continue;
                            }

                            break;
                        }

                        if (c == '\n')
                        {
                            _line++;
                            lineStart = _position;
                        }

                        field.Append(c);
                    }

                    if (_position < text.Length && text[_position] is not (',' or '\r' or '\n'))
                    {
                        var column = _position - lineStart + 1;
                        SkipToEndOfRecord();
                        problem = new Problem(column, $"unexpected text after a closing quote at column {column}; a quote inside a quoted field must be doubled.", Fatal: false);
                        return false;
                    }
                }
                else
                {
                    while (_position < text.Length && text[_position] is not (',' or '\r' or '\n'))
                    {
                        if (text[_position] == '"')
                        {
                            var column = _position - lineStart + 1;
                            SkipToEndOfRecord();
                            problem = new Problem(column, $"a quote at column {column} inside an unquoted field; quote the whole field and double the quote.", Fatal: false);
                            return false;
                        }

                        field.Append(text[_position++]);
                    }
                }

                values.Add(field.ToString());
                field.Clear();
                if (_position >= text.Length)
                {
                    break;
                }

                var separator = text[_position++];
                if (separator == ',')
                {
                    continue;
                }

                if (separator == '\r' && _position < text.Length && text[_position] == '\n')
                {
                    _position++;
                }

                _line++;
                break;
            }

            fields = [.. values];
            return true;
        }

        private void SkipToEndOfRecord()
        {
            while (_position < text.Length && text[_position] != '\n')
            {
                _position++;
            }

            if (_position < text.Length)
            {
                _position++;
                _line++;
            }
        }
    }
}
