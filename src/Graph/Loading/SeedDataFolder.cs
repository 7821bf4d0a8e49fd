namespace SocialEconomy.Graph.Loading;

/// <summary>Where the curated seed data is when no one says: the nearest "seed-data" folder above the working directory or the program.</summary>
public static class SeedDataFolder
{
    public const string Name = "seed-data";

    public static string? Nearest()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, Name);
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
