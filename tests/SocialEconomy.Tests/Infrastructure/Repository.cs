namespace SocialEconomy.Tests.Infrastructure;

/// <summary>Paths inside the repository, found from the test binaries upwards.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string SeedData => Path.Combine(Root, "seed-data");

    public static string Schema => Path.Combine(Root, "schema");

    public static string Examples => Path.Combine(Root, "schema", "examples");

    /// <summary>
    /// The real open datasets (INDIGO, Co-operatives UK), which are not part of the repository: the folder named by
    /// GRAPH_OPEN_DATA, else ../shared/data beside the repository, where CI puts them.
    /// </summary>
    public static string OpenData { get; } = Environment.GetEnvironmentVariable("GRAPH_OPEN_DATA") is { Length: > 0 } folder
        ? folder
        : Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

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
