namespace SocialEconomy.Graph.Importing;

/// <summary>
/// Folds accented Latin letters to their plain forms ("é" to "e", "ß" to "ss"). Written out rather than
/// left to Unicode normalisation, which the invariant-globalisation runtime does not perform.
/// </summary>
public static class AccentFolding
{
    private const string Accented = "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽž";
    private const string Plain = "AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZz";

    private static readonly Dictionary<char, string> Special = new()
    {
        ['ß'] = "ss",
        ['æ'] = "ae",
        ['Æ'] = "AE",
        ['ø'] = "o",
        ['Ø'] = "O",
        ['đ'] = "d",
        ['Đ'] = "D",
        ['ł'] = "l",
        ['Ł'] = "L",
        ['œ'] = "oe",
        ['Œ'] = "OE",
        ['ð'] = "d",
        ['Ð'] = "D",
        ['þ'] = "th",
        ['Þ'] = "TH",
        ['ı'] = "i",
    };

    /// <summary>The folding as data: single letters (same positions in both strings), and letters that fold to two.</summary>
    public static (string Accented, string Plain, IReadOnlyDictionary<char, string> Special) Table => (Accented, Plain, Special);

    public static string Fold(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            var index = c < '\u00C0' ? -1 : Accented.IndexOf(c, StringComparison.Ordinal);
            if (index >= 0)
            {
                builder.Append(Plain[index]);
            }
            else if (c >= '\u00C0' && Special.TryGetValue(c, out var replacement))
            {
                builder.Append(replacement);
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
