using System.Text.Json;

namespace SocialEconomy.Graph.Loading;

/// <summary>
/// Maps JSON Pointers of a document to the line each value starts on, so that errors found on the parsed
/// document (schema violations, broken references) can point at a line in the file.
/// </summary>
internal sealed class JsonLineMap
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    private JsonLineMap()
    {
    }

    public int? LineOf(string pointer) => _lines.TryGetValue(pointer, out var line) ? line : null;

    /// <summary>Reads a document that is known to parse.</summary>
    public static JsonLineMap Build(ReadOnlySpan<byte> utf8)
    {
        var map = new JsonLineMap();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        // Each open container: its pointer, and for arrays the index of the next element.
        var containers = new Stack<(string Pointer, bool IsArray, int NextIndex)>();
        string? pendingProperty = null;
        var line = 1;
        long scanned = 0;

        while (reader.Read())
        {
            var start = reader.TokenStartIndex;
            line += utf8[(int)scanned..(int)start].Count((byte)'\n');
            scanned = start;

            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                pendingProperty = reader.GetString();
                continue;
            }

            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                containers.Pop();
                continue;
            }

            var pointer = "";
            if (containers.Count > 0)
            {
                var (parent, isArray, next) = containers.Pop();
                if (isArray)
                {
                    pointer = $"{parent}/{next}";
                    containers.Push((parent, true, next + 1));
                }
                else
                {
                    pointer = $"{parent}/{Escape(pendingProperty!)}";
                    containers.Push((parent, false, 0));
                }
            }

            map._lines.TryAdd(pointer, line);
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                containers.Push((pointer, reader.TokenType == JsonTokenType.StartArray, 0));
            }
        }

        return map;
    }

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
