namespace SocialEconomy.Tests.Infrastructure;

/// <summary>
/// The example documents of schema/examples beside a test's own documents, as one set of theory cases: an example is
/// named "example " and its file's name, a test's own document by its key.
/// </summary>
public static class ExampleDocuments
{
    private const string Prefix = "example ";

    /// <summary>Every example's name, then every key of <paramref name="own"/>.</summary>
    public static TheoryData<string> AndOwn(IEnumerable<string> own)
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Repository.Examples, "*.graphql").Order(StringComparer.Ordinal))
        {
            data.Add(Prefix + Path.GetFileNameWithoutExtension(file));
        }

        foreach (var name in own)
        {
            data.Add(name);
        }

        return data;
    }

    /// <summary>The document a name of <see cref="AndOwn"/> stands for.</summary>
    public static async Task<string> TextAsync(string name, IReadOnlyDictionary<string, string> own) =>
        name.StartsWith(Prefix, StringComparison.Ordinal)
            ? await File.ReadAllTextAsync(Path.Combine(Repository.Examples, name[Prefix.Length..] + ".graphql"))
            : own[name];
}
