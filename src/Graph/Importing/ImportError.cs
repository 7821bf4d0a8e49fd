using SocialEconomy.Graph.Crosswalks;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Places;

namespace SocialEconomy.Graph.Importing;

/// <summary>A row (or file) of an open dataset that cannot be imported: where it is and what is wrong.</summary>
public sealed record ImportError(string File, long Line, int? Column, string? Field, string Message)
{
    public override string ToString() =>
        $"{File}:{Line}{(Column is { } c ? $":{c}" : "")}: {(Field is null ? "" : $"column '{Field}': ")}{Message}";
}

/// <summary>Thrown when rows are invalid and --skip-invalid was not given; nothing has been written.</summary>
public sealed class ImportException(IReadOnlyList<ImportError> errors)
    : Exception($"{errors.Count} row(s) could not be imported; nothing was written. Fix them, or pass --skip-invalid to import the rest and list what was skipped.")
{
    public IReadOnlyList<ImportError> Errors { get; } = errors;
}

/// <summary>How to import an open dataset.</summary>
/// <param name="Country">Only records of this country (ISO 3166-1 alpha-2, e.g. GB), where the dataset has countries.</param>
/// <param name="SkipInvalid">Import the valid rows and list the invalid ones, instead of stopping with nothing written.</param>
/// <param name="Progress">Receives a line of progress now and then on long imports.</param>
/// <param name="Crosswalks">
/// The curated crosswalks (<see cref="CrosswalkSet.Load"/>) that map the dataset's classifications onto the graph's
/// challenge areas and outcomes; without them the import derives no such links.
/// </param>
/// <param name="PostcodeAreas">The regions of postcode areas, to give an organisation with a postcode its region.</param>
public sealed record ImportOptions(
    string? Country = null, bool SkipInvalid = false, IProgress<string>? Progress = null, CrosswalkSet? Crosswalks = null, PostcodeAreas? PostcodeAreas = null);

/// <summary>What an importer read: the batch to load, the rows it skipped (only with SkipInvalid), and what its crosswalks did.</summary>
public sealed record ImportResult(GraphBatch Batch, IReadOnlyList<ImportError> Skipped, CrosswalkTally? Crosswalked = null);
