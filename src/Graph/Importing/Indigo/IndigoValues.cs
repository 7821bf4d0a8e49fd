using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using SocialEconomy.Graph.Relationships;

namespace SocialEconomy.Graph.Importing.Indigo;

/// <summary>
/// Turns INDIGO cell values into graph values: ids, amounts, currencies, dates and funding instruments.
/// INDIGO is keyed in by analysts from many sources, so the same thing arrives written several ways; what
/// cannot be read without guessing is reported instead of guessed.
/// </summary>
internal static partial class IndigoValues
{
    public const int MaxId = 120;
    public const int MaxName = 300;
    public const int MaxText = 4000;

    /// <summary>
    /// The INDIGO id without its "INDIGO-" prefix, lower-cased and slugged: INDIGO-POJ-0154 becomes "poj-0154",
    /// so that graph ids read "indigo-poj-0154" rather than "indigo-indigo-poj-0154".
    /// </summary>
    public static string LocalId(string indigoId)
    {
        var slug = Slug(indigoId);
        return slug.StartsWith("indigo-", StringComparison.Ordinal) && slug.Length > "indigo-".Length ? slug["indigo-".Length..] : slug;
    }

    /// <summary>Lower-case ASCII letters and digits separated by single hyphens; accents dropped; empty when nothing is left.</summary>
    public static string Slug(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var slug = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                slug.Append(c);
            }
            else if (c is >= 'A' and <= 'Z')
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().Trim('-');
    }

    /// <summary>Joins id parts with hyphens and keeps the result within the store's id length, never ending on a hyphen.</summary>
    public static string Id(params string[] parts)
    {
        var id = string.Join("-", parts.Where(p => p.Length > 0));
        return id.Length <= MaxId ? id : id[..MaxId].TrimEnd('-');
    }

    /// <summary>A short, stable fingerprint of a URL, for ids of documents that have no id of their own.</summary>
    public static string Fingerprint(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.Trim())))[..8];

    /// <summary>The funder an organisation is when it invests in or pays for outcomes; the organisation keeps its own node.</summary>
    public static string FunderIdOf(string organisationId) => Id("indigo-funder", LocalId(organisationId));

    /// <summary>A URL cell as stored, or null when it is empty or longer than the store's URL column.</summary>
    public static string? UrlOrNull(string cell) => cell.Length is > 0 and <= 2000 ? cell : null;

    public static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)].TrimEnd() + "…";

    /// <summary>The text on one line, its runs of white space (line breaks included) made single spaces.</summary>
    public static string OneLine(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public static string? Optional(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>"source3, source14" → ["source3", "source14"].</summary>
    public static IEnumerable<string> SplitIds(string cell) =>
        cell.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>An org-id.guide identifier such as GB-CHC-1044940: a two-letter country, a three-letter list, the number.</summary>
    public static bool TryParseOrgId(string text, out string scheme, out string value)
    {
        var match = OrgIdPattern().Match(text.Trim());
        scheme = match.Success ? match.Groups["scheme"].Value : "";
        value = match.Success ? match.Groups["value"].Value : "";
        return match.Success && value.Length <= 60;
    }

    [GeneratedRegex(@"^(?<scheme>[A-Z]{2}-[A-Z]{3})-(?<value>[A-Za-z0-9][A-Za-z0-9\-./]*)$")]
    private static partial Regex OrgIdPattern();

    /// <summary>An amount as INDIGO writes it, with what could be read from it.</summary>
    /// <param name="Amount">Null when the cell holds no amount (empty, or only a currency sign).</param>
    /// <param name="Currency">The ISO code implied by an unambiguous currency sign (£, €, C$...), else null.</param>
    /// <param name="AsWritten">The cell as written, when it was not a plain number: kept for the relationship's note.</param>
    public readonly record struct Money(decimal? Amount, string? Currency, string? AsWritten);

    /// <summary>
    /// Reads a plain number ("1800000", "2316671.84"), or one written for people: a currency sign, thousands
    /// separators in groups of three, a "M"/"million" multiplier ("$10,000,000", "C$1.3M", "¥9.76 million").
    /// A lone currency sign is an empty cell formatted as money. Anything else (spreadsheet formulas, two
    /// amounts in one cell, "CHF 290.000" whose separator is ambiguous) is not a number: error is set.
    /// </summary>
    public static Money ParseMoney(string cell, out string? error)
    {
        error = null;
        var text = cell.Trim();
        if (text.Length == 0)
        {
            return new Money(null, null, null);
        }

        if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var plain))
        {
            return new Money(plain, null, null);
        }

        var match = WrittenAmountPattern().Match(text);
        if (!match.Success)
        {
            error = $"'{cell.Trim()}' is not an amount; write a number such as 1800000 (the currency goes in its own column).";
            return new Money(null, null, null);
        }

        var sign = match.Groups["sign"].Value;
        string? currency = sign switch
        {
            "£" => "GBP",
            "€" => "EUR",
            "C$" => "CAD",
            "A$" => "AUD",
            "US$" => "USD",
            // "$" and "¥" are used for several currencies (US, Australian, ... dollars; yen and yuan).
            _ => null,
        };
        if (match.Groups["number"].Value.Length == 0)
        {
            return new Money(null, currency, null);
        }

        var number = decimal.Parse(match.Groups["number"].Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (match.Groups["million"].Success)
        {
            number *= 1_000_000m;
        }

        return new Money(number, currency, text);
    }

    [GeneratedRegex(@"^(?<sign>US\$|C\$|A\$|\$|£|€|¥)?\s*(?<number>(\d{1,3}(,\d{3})+|\d+)(\.\d+)?)?\s*(?<million>M|m|million|Million)?$")]
    private static partial Regex WrittenAmountPattern();

    /// <summary>ISO 4217 codes, and the currency names INDIGO's analysts wrote instead of one.</summary>
    public static bool TryParseCurrency(string cell, out string? code)
    {
        var text = cell.Trim();
        code = null;
        if (text.Length == 0)
        {
            return true;
        }

        if (text.Length == 3 && text.All(char.IsAsciiLetterUpper))
        {
            code = text;
            return true;
        }

        code = text.ToLowerInvariant() switch
        {
            "russian ruble" or "russian rubles" or "rubles" => "RUB",
            "japanese yen" or "yen" => "JPY",
            "israeli new shekels" or "israeli new shekel" => "ILS",
            "south african rand" or "rand" => "ZAR",
            "south korean won" => "KRW",
            "nz dollar" or "new zealand dollar" => "NZD",
            "swiss francs" or "swiss franc" => "CHF",
            "swedish" or "swedish krona" or "swedish kronor" => "SEK",
            "pound sterling" or "sterling" => "GBP",
            "euro" or "euros" => "EUR",
            "us dollar" or "us dollars" => "USD",
            _ => null,
        };
        return code is not null;
    }

    public static string Format(decimal amount, string? currency) =>
        amount.ToString("#,0.##", CultureInfo.InvariantCulture) + (currency is null ? "" : " " + currency);

    /// <summary>
    /// The instrument an "Investment Type" names, when it names one: loans and debt are Loan, equity is Equity,
    /// grants are Grant; hybrids ("quasi-equity", "equity and debt") and anything else are Other.
    /// </summary>
    public static FundingInstrument? InstrumentOf(string investmentType)
    {
        var text = investmentType.Trim().ToLowerInvariant();
        if (text.Length == 0)
        {
            return null;
        }

        var debt = text.Contains("loan", StringComparison.Ordinal) || text.Contains("debt", StringComparison.Ordinal);
        var equity = text.Contains("equity", StringComparison.Ordinal);
        if (text.Contains("quasi", StringComparison.Ordinal) || (debt && equity))
        {
            return FundingInstrument.Other;
        }

        if (debt)
        {
            return FundingInstrument.Loan;
        }

        if (equity)
        {
            return FundingInstrument.Equity;
        }

        return text.Contains("grant", StringComparison.Ordinal) ? FundingInstrument.Grant : FundingInstrument.Other;
    }

    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd", "yyyy-M-d", "d MMMM yyyy", "d MMM yyyy", "MMMM d, yyyy", "MMMM d yyyy", "MMM d, yyyy", "MMM d yyyy", "d/M/yyyy",
    ];

    /// <summary>A full date in one of the forms the sources tables use ("2023-03-08", "27th January 2025", "July 27, 2022"); null otherwise.</summary>
    public static DateOnly? ParseDate(string cell)
    {
        var text = OrdinalSuffix().Replace(cell.Trim(), "$1");
        return DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var date) ? date : null;
    }

    [GeneratedRegex(@"\b(\d{1,2})(st|nd|rd|th)\b")]
    private static partial Regex OrdinalSuffix();

    /// <summary>The year a date cell names ("2020-07-01", "Sept 28 2022", "2021"), if it names one plausible year.</summary>
    public static int? YearOf(string cell)
    {
        var years = YearPattern().Matches(cell).Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)).Distinct().ToList();
        return years.Count == 1 ? years[0] : null;
    }

    [GeneratedRegex(@"\b(19|20)\d{2}\b")]
    private static partial Regex YearPattern();
}
