using System.Text;

namespace SocialEconomy.Graph.Importing;

/// <summary>
/// What makes two evidence records one publication: the same address once the spelling of a link is set aside (scheme,
/// "www.", "dx." of a DOI link, a trailing slash, a fragment, case of the host), or the same title once case, accents
/// and punctuation are.
/// </summary>
public static class PublicationKeys
{
    public static string Address(string url)
    {
        var text = url.Trim();
        if (text.IndexOf('#') is >= 0 and var fragment)
        {
            text = text[..fragment];
        }

        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0)
        {
            text = text[(schemeEnd + 3)..];
        }

        var slash = text.IndexOf('/');
        var host = (slash < 0 ? text : text[..slash]).ToLowerInvariant().TrimEnd('.');
        var path = slash < 0 ? "" : text[slash..];
        foreach (var prefix in (string[])["www.", "dx."])
        {
            if (host.StartsWith(prefix, StringComparison.Ordinal))
            {
                host = host[prefix.Length..];
            }
        }

        // DOIs are case-insensitive; other paths are compared as written.
        return host == "doi.org" ? $"{host}{path.ToLowerInvariant().TrimEnd('/')}" : $"{host}{path.TrimEnd('/')}";
    }

    public static string Title(string title)
    {
        var folded = AccentFolding.Fold(title).ToLowerInvariant();
        var text = new StringBuilder(folded.Length);
        var space = false;
        foreach (var c in folded)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (space && text.Length > 0)
                {
                    text.Append(' ');
                }

                text.Append(c);
                space = false;
            }
            else
            {
                space = true;
            }
        }

        return text.ToString();
    }
}
