using System.Text;

namespace SocialEconomy.Graph.Importing;

/// <summary>
/// Reduces an organisation's name to what stays the same across datasets: case, accents, punctuation,
/// "&amp;"/"and", a leading "The" or "HM", trailing legal suffixes ("Limited", "Ltd", "CIC", ...), an acronym in
/// brackets after the name ("... Local Government (MHCLG)") and a UK country after a dash ("Fair Chance Fund - United
/// Kingdom") do not count.
/// </summary>
public static partial class NameNormaliser
{
    private static readonly HashSet<string> LegalSuffixes = new(StringComparer.Ordinal)
    {
        "limited", "ltd", "plc", "llp", "cic", "cio", "inc", "incorporated",
    };

    private static readonly HashSet<string> LeadingWords = new(StringComparer.Ordinal) { "the", "hm" };

    public static string Normalise(string name)
    {
        var folded = AccentFolding.Fold(WithoutQualifiers(name));
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
        while (words.Count > 1 && LeadingWords.Contains(words[0]))
        {
            words.RemoveAt(0);
        }

        while (words.Count > 1 && LegalSuffixes.Contains(words[^1]))
        {
            words.RemoveAt(words.Count - 1);
        }

        return string.Join(' ', words);
    }

    /// <summary>The name without a trailing bracketed acronym or "- United Kingdom" (INDIGO adds both to names other datasets give bare).</summary>
    private static string WithoutQualifiers(string name)
    {
        var bare = TrailingQualifier().Replace(name, "");
        return bare.Trim().Length == 0 ? name : bare;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(\s*\([A-Z][A-Za-z&]{1,9}\)|\s+-\s+(United Kingdom|UK|England|Scotland|Wales|Northern Ireland))+\s*$")]
    private static partial System.Text.RegularExpressions.Regex TrailingQualifier();
}
