namespace SocialEconomy.Api.TrustedDocuments;

/// <summary>Documents registered by their SHA-256. Bound from configuration section "TrustedDocuments".</summary>
public sealed class TrustedDocumentOptions
{
    public const string Section = "TrustedDocuments";

    /// <summary>Execute only registered documents (sent as documentId "sha256:&lt;hex&gt;"); refuse any other query.</summary>
    public bool OnlyTrusted { get; set; }

    /// <summary>Register the examples of schema/examples (the nearest such folder above the working directory or the app).</summary>
    public bool IncludeExamples { get; set; } = true;

    /// <summary>Further folders of *.graphql files to register.</summary>
    public List<string> Directories { get; set; } = [];

    public IEnumerable<string> ResolveDirectories()
    {
        if (IncludeExamples && FindExamples() is { } examples)
        {
            yield return examples;
        }

        foreach (var directory in Directories.Where(d => !string.IsNullOrWhiteSpace(d)))
        {
            yield return directory;
        }
    }

    private static string? FindExamples()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "schema", "examples");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
