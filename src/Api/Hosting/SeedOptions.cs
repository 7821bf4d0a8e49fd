namespace SocialEconomy.Api.Hosting;

/// <summary>Start-up loading of curated seed data. Bound from configuration section "Seed".</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Load the seed data when the store holds no nodes. Turn off for a store fed only by the ingest tool.</summary>
    public bool LoadWhenEmpty { get; set; } = true;

    /// <summary>The seed-data folder; when empty, the nearest "seed-data" folder above the working directory or the app.</summary>
    public string? Directory { get; set; }

    public string? Resolve()
    {
        if (!string.IsNullOrWhiteSpace(Directory))
        {
            return Directory;
        }

        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "seed-data");
                if (System.IO.Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
