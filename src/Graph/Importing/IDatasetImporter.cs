namespace SocialEconomy.Graph.Importing;

/// <summary>
/// An open dataset the graph can import, read from its publisher's format into a batch. A new dataset is one
/// folder here with one class implementing this, listed once in the Ingest tool's 'import' command, which makes
/// it a subcommand from what the class says of itself.
/// </summary>
public interface IDatasetImporter
{
    /// <summary>The subcommand of 'ingest import' that imports the dataset, e.g. "indigo".</summary>
    string Name { get; }

    /// <summary>What the dataset is, in a line of the subcommand's help.</summary>
    string Description { get; }

    /// <summary>Whether <see cref="Read"/> takes one file or a folder of files.</summary>
    DatasetLayout Layout { get; }

    /// <summary>Which file or folder <see cref="Read"/> takes, for the help of the subcommand's argument.</summary>
    string PathDescription { get; }

    /// <summary>
    /// The help of the subcommand's --country option, which sets <see cref="ImportOptions.Country"/>; null when the
    /// subcommand has no such option.
    /// </summary>
    string? CountryDescription { get; }

    /// <summary>
    /// Reads the dataset at <paramref name="path"/>. Invalid rows throw <see cref="ImportException"/> listing every
    /// one, unless <see cref="ImportOptions.SkipInvalid"/>: then they are left out and listed in <see cref="ImportResult.Skipped"/>.
    /// </summary>
    ImportResult Read(string path, ImportOptions options);
}

/// <summary>How a dataset is published: one file, or a folder of files (one per table).</summary>
public enum DatasetLayout
{
    File,
    Directory,
}
