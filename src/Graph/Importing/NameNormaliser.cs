using System.Text;

namespace SocialEconomy.Graph.Importing;

/// <summary>
/// Reduces an organisation's name to what stays the same across datasets: case, accents, punctuation,
/// "&amp;"/"and", a leading "The" and trailing legal suffixes ("Limited", "Ltd", "CIC", ...) do not count.
/// </summary>
public static class NameNormaliser
{
    private static readonly HashSet<string> LegalSuffixes = new(StringComparer.Ordinal)
    {
        "limited", "ltd", "plc", "llp", "cic", "cio", "inc", "incorporated",
    };

    public static string Normalise(string name)
    {
        var folded = AccentFolding.Fold(name);
        var text = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (c == '&')
            {
                text.Append(" and ");
            }
            else if (c is '\'' or '\u2019' or '-' or '\u2010' or '\u2011' or '.')
            {
                // "Co-operative" and "Cooperative", "St Mungo's" and "St Mungos", "C.I.C." and "CIC" are the same name.
            }
            else
            {
                text.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
            }
        }

        var words = text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count > 1 && words[0] == "the")
        {
            words.RemoveAt(0);
        }

        while (words.Count > 1 && LegalSuffixes.Contains(words[^1]))
        {
            words.RemoveAt(words.Count - 1);
        }

        return string.Join(' ', words);
    }
}
