using SocialEconomy.Graph.Importing;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Ingest;

/// <summary>seed-data/open/open-data.json: the open datasets a first start loads after the seed.</summary>
public sealed class OpenDataManifestTests
{
    [Fact]
    public void TheRepositorysManifest_NamesIndigosUkProjectsAndCooperativesUk()
    {
        var datasets = OpenData.Read(Repository.SeedData);

        Assert.Equal(["indigo", "coops-uk"], datasets.Select(d => d.Importer.Name));
        Assert.Equal(("GB", true), (datasets[0].Country, datasets[0].SkipInvalid));
        Assert.EndsWith(Path.Combine("open", "coops-uk-2017", "open_data_organisations.csv"), datasets[1].Path, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "datasets": [ { "importer": "census", "path": "x" } ] }""", "importer 'census' is not one of indigo, coops-uk")]
    [InlineData("""{ "datasets": [ { "path": "x" } ] }""", "is not a list of datasets")]
    [InlineData("""{ "datasets": [ """, "is not a list of datasets")]
    public void AMalformedManifest_IsRefusedNamingTheFileAndWhatIsWrong(string manifest, string expected)
    {
        var directory = Directory.CreateTempSubdirectory().FullName;
        Directory.CreateDirectory(Path.Combine(directory, OpenData.Folder));
        File.WriteAllText(Path.Combine(directory, OpenData.Folder, OpenData.ManifestFile), manifest);

        var ex = Assert.Throws<InvalidDataException>(() => OpenData.Read(directory));

        Assert.Contains(Path.Combine(directory, OpenData.Folder, OpenData.ManifestFile), ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderWithoutManifest_HasNoOpenData() =>
        Assert.Empty(OpenData.Read(Directory.CreateTempSubdirectory().FullName));
}
