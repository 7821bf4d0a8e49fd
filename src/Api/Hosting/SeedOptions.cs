using SocialEconomy.Graph.Loading;

namespace SocialEconomy.Api.Hosting;

/// <summary>Start-up loading of curated seed data. Bound from configuration section "Seed".</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Load the seed data when the store holds no nodes. Turn off for a store fed only by the ingest tool.</summary>
    public bool LoadWhenEmpty { get; set; } = true;

    /// <summary>
    /// After the seed data, also load the open datasets its folder names in open/open-data.json, where their
    /// publishers' files have been put (see seed-data/open/README.md).
    /// </summary>
    public bool LoadOpenData { get; set; } = true;

    /// <summary>The seed-data folder; when empty, the nearest "seed-data" folder above the working directory or the app.</summary>
    public string? Directory { get; set; }

    public string? Resolve() => string.IsNullOrWhiteSpace(Directory) ? SeedDataFolder.Nearest() : Directory;
}
