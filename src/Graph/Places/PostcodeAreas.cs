using System.Text.Json;
using System.Text.RegularExpressions;

namespace SocialEconomy.Graph.Places;

/// <summary>
/// The ONS region (ITL1) of a postcode in England, from the table of postcode areas in
/// <c>seed-data/reference/postcode-areas.json</c> (each row cites its source). A postcode area whose English part lies in
/// one region gives it; one that spans English regions gives the one holding most of it where the source says which;
/// either way a rule that chose says so in <see cref="RegionOfPostcode.Rule"/>. Otherwise, and for areas no source was
/// found for, no region.
/// </summary>
public sealed partial class PostcodeAreas
{
    public const string File = "reference/postcode-areas.json";

    private readonly Dictionary<string, Area> _areas;

    private PostcodeAreas(Dictionary<string, Area> areas) => _areas = areas;

    public static PostcodeAreas None { get; } = new([]);

    /// <summary>Reads the table from a seed-data folder; <see cref="None"/> when the folder has none.</summary>
    public static PostcodeAreas Load(string seedDirectory)
    {
        var path = Path.Combine(seedDirectory, File);
        if (!System.IO.File.Exists(path))
        {
            return None;
        }

        using var document = JsonDocument.Parse(System.IO.File.ReadAllBytes(path));
        var areas = new Dictionary<string, Area>(StringComparer.Ordinal);
        foreach (var row in document.RootElement.GetProperty("areas").EnumerateArray())
        {
            var regions = row.GetProperty("regions").EnumerateArray().Select(r => r.GetString()!).ToList();
            var main = row.TryGetProperty("mainRegion", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            areas[row.GetProperty("area").GetString()!] = new Area(regions, main);
        }

        return new PostcodeAreas(areas);
    }

    /// <summary>The postcode area: the letters before the first digit ("NE" of "NE1 4ST", "B" of "B15 2TT").</summary>
    public static string? AreaOf(string? postcode) =>
        postcode is null ? null : PostcodeArea().Match(postcode.Trim().ToUpperInvariant()) is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>The ONS regions of England; the other regions are the nations themselves.</summary>
    public static readonly IReadOnlySet<string> EnglishRegions = new HashSet<string>(StringComparer.Ordinal)
    {
        "North East", "North West", "Yorkshire and The Humber", "East Midlands", "West Midlands", "East of England", "London", "South East", "South West",
    };

    /// <summary>
    /// The English region of a postcode in England. Of an area spanning a border, only its English part counts (an
    /// organisation in England with a Chester postcode is not in Wales); of an area spanning English regions, the one
    /// holding most of it where the source says, with the rule that chose it.
    /// </summary>
    public RegionOfPostcode? EnglishRegionOf(string? postcode)
    {
        if (AreaOf(postcode) is not { } code || !_areas.TryGetValue(code, out var area))
        {
            return null;
        }

        var english = area.Regions.Where(EnglishRegions.Contains).ToList();
        if (english.Count == 1)
        {
            return new RegionOfPostcode(english[0], area.Regions.Count == 1 ? null
                : $"postcode area {code} spans {string.Join(", ", area.Regions)}; its part in England is in {english[0]} ({File})");
        }

        return english.Count > 1 && area.Main is { } main && english.Contains(main)
            ? new RegionOfPostcode(main, $"postcode area {code} spans {string.Join(", ", area.Regions)}; given the region that holds most of it ({File})")
            : null;
    }

    private sealed record Area(IReadOnlyList<string> Regions, string? Main);

    [GeneratedRegex(@"^([A-Z]{1,2})[0-9]")]
    private static partial Regex PostcodeArea();
}

/// <param name="Region">The region.</param>
/// <param name="Rule">Null when the postcode area lies in this region alone; else the rule that chose it.</param>
public sealed record RegionOfPostcode(string Region, string? Rule);
