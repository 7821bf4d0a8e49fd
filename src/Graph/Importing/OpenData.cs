using System.Diagnostics;
using System.Text.Json;
using SocialEconomy.Graph.Crosswalks;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Places;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Importing;

/// <summary>
/// The open datasets a seed-data folder names in <c>open/open-data.json</c>, each read from its publisher's own files
/// in that folder and imported after the curated seed (see <see cref="LoadAsync"/>). A dataset whose files are not
/// there is skipped and said so: the files come from their publishers.
/// </summary>
public static class OpenData
{
    public const string Folder = "open";

    public const string ManifestFile = "open-data.json";

    /// <summary>The datasets of the manifest, in its order; none when the folder has no manifest.</summary>
    public static IReadOnlyList<OpenDataset> Read(string seedDirectory)
    {
        var manifest = Path.Combine(seedDirectory, Folder, ManifestFile);
        if (!File.Exists(manifest))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(manifest));
            var datasets = new List<OpenDataset>();
            foreach (var entry in document.RootElement.GetProperty("datasets").EnumerateArray())
            {
                var name = entry.GetProperty("importer").GetString()!;
                var importer = DatasetImporters.Find(name)
                    ?? throw new InvalidDataException($"{manifest}: importer '{name}' is not one of {string.Join(", ", DatasetImporters.All.Select(d => d.Name))}.");
                datasets.Add(new OpenDataset(
                    importer,
                    Path.Combine(seedDirectory, Folder, entry.GetProperty("path").GetString()!),
                    entry.TryGetProperty("country", out var country) ? country.GetString() : null,
                    entry.TryGetProperty("skipInvalid", out var skip) && skip.GetBoolean()));
            }

            return datasets;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException(
                $"{manifest} is not a list of datasets: expected {{\"datasets\": [{{\"importer\": \"indigo\", \"path\": \"...\", \"country\": \"GB\", \"skipInvalid\": true}}]}} ({ex.Message})", ex);
        }
    }

    /// <summary>
    /// Imports every dataset of the manifest whose files are present, one transaction each, with the crosswalks and
    /// postcode regions of the same seed-data folder; reports each one's progress and duration.
    /// </summary>
    public static async Task<IReadOnlyList<OpenDatasetLoad>> LoadAsync(
        GraphDbContext db, GraphLoader loader, string seedDirectory, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var datasets = Read(seedDirectory);
        if (datasets.Count == 0)
        {
            return [];
        }

        var crosswalks = CrosswalkSet.Load(seedDirectory);
        var postcodeAreas = PostcodeAreas.Load(seedDirectory);
        var loads = new List<OpenDatasetLoad>();
        foreach (var dataset in datasets)
        {
            if (!File.Exists(dataset.Path) && !Directory.Exists(dataset.Path))
            {
                progress?.Report($"{dataset.Importer.Name}: {dataset.Path} is not there; skipped (see {Path.Combine(Folder, "README.md")} for where to get it).");
                loads.Add(new OpenDatasetLoad(dataset, null, TimeSpan.Zero));
                continue;
            }

            var clock = Stopwatch.StartNew();
            var result = dataset.Importer.Read(dataset.Path, new ImportOptions(dataset.Country, dataset.SkipInvalid, progress, crosswalks, postcodeAreas));
            var summary = await DatasetImport.LoadAsync(db, loader, result, progress, cancellationToken);
            progress?.Report($"{dataset.Importer.Name}: {summary.Load.Added:N0} records and relationships added, {result.Skipped.Count} invalid rows skipped, "
                + $"{summary.Resolution.Matches.Count} records matched to stored ones, in {clock.Elapsed.TotalSeconds:F1} s.");
            loads.Add(new OpenDatasetLoad(dataset, summary, clock.Elapsed));
        }

        return loads;
    }
}

/// <param name="Importer">Reads the publisher's format.</param>
/// <param name="Path">The file or folder of the publisher's files.</param>
/// <param name="Country">Only records of this country (ISO 3166-1 alpha-2), where the dataset has countries.</param>
/// <param name="SkipInvalid">Import the valid rows and list the invalid ones.</param>
public sealed record OpenDataset(IDatasetImporter Importer, string Path, string? Country, bool SkipInvalid);

/// <param name="Summary">Null when the dataset's files were not there.</param>
public sealed record OpenDatasetLoad(OpenDataset Dataset, DatasetImportSummary? Summary, TimeSpan Duration);
