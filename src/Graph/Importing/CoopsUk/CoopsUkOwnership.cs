using SocialEconomy.Graph.Nodes;

namespace SocialEconomy.Graph.Importing.CoopsUk;

/// <summary>
/// The "Ownership Classification" of the Co-operatives UK dataset (who owns and controls the co-operative) as
/// co-operative models: one <see cref="Model"/> per classification, with the dataset's own word as the subtype.
/// </summary>
internal static class CoopsUkOwnership
{
    public const string IdPrefix = "coops-uk-ownership-";

    /// <summary>Readable model names for the classifications the 2017 release uses, keyed by the data's own word.</summary>
    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Consumers"] = "Consumer co-operative",
        ["Community of Interest"] = "Community of interest co-operative",
        ["Workers"] = "Worker co-operative",
        ["Enterprises"] = "Enterprise co-operative",
        ["Multi-stakeholder"] = "Multi-stakeholder co-operative",
        ["Self-employed"] = "Self-employed co-operative",
        ["Tenants"] = "Tenant co-operative",
        ["Employee Trust"] = "Employee trust co-operative",

        // Not in the published list of eight, but in the 2017 data (30 rows): co-operatives owned by co-operatives.
        ["Co-operatives"] = "Co-operative of co-operatives",
    };

    /// <summary>The model id of a classification, e.g. "Community of Interest" -> coops-uk-ownership-community-of-interest.</summary>
    public static string IdOf(string classification) => IdPrefix + Slug(classification);

    /// <summary>Whether a classification can be made into a model id at all (it has letters or digits).</summary>
    public static bool CanMakeId(string classification) => Slug(classification).Length > 0 && IdOf(classification).Length <= CoopsUkImporter.MaxIdLength;

    public static Model ModelOf(string classification) => new()
    {
        Id = IdOf(classification),
        Name = Names.TryGetValue(classification, out var name) ? name : $"{classification} co-operative",
        Family = ModelFamily.CoOperative,
        Subtype = classification,
        Description = $"Co-operatives that Co-operatives UK classifies under the ownership classification \"{classification}\" in its open dataset.",
    };

    private static string Slug(string value)
    {
        var slug = new System.Text.StringBuilder(value.Length);
        foreach (var c in value.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().TrimEnd('-');
    }
}
