namespace SocialEconomy.Tests.Infrastructure;

/// <summary>Paths inside the repository, found from the test binaries upwards.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string SeedData => Path.Combine(Root, "seed-data");

    public static string Schema => Path.Combine(Root, "schema");

    public static string Examples => Path.Combine(Root, "schema", "examples");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SocialEconomyGraph.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No SocialEconomyGraph.slnx above {AppContext.BaseDirectory}.");
    }
}
