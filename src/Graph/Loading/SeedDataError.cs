namespace SocialEconomy.Graph.Loading;

/// <summary>
/// One problem in a seed-data file: which file and line, which record and field, and what is wrong.
/// </summary>
/// <param name="File">Path of the file, as given.</param>
/// <param name="Line">1-based line of the offending value, when known.</param>
/// <param name="Record">The record, as "organisations[3] (id "x")", or null for a file-level problem.</param>
/// <param name="Field">The field within the record, as "identifiers[0].scheme", or null.</param>
/// <param name="Message">What is wrong and what to do.</param>
public sealed record SeedDataError(string File, int? Line, string? Record, string? Field, string Message)
{
    public override string ToString()
    {
        var where = Line is { } line ? $"{File}:{line}" : File;
        var what = (Record, Field) switch
        {
            (null, _) => "",
            (_, null) => $" {Record}:",
            _ => $" {Record}, field '{Field}':",
        };
        return $"{where}:{what} {Message}";
    }
}

/// <summary>Thrown when seed data is invalid; nothing has been written.</summary>
public sealed class SeedDataException(IReadOnlyList<SeedDataError> errors)
    : Exception($"{errors.Count} problem(s) in the seed data; nothing was loaded.")
{
    public IReadOnlyList<SeedDataError> Errors { get; } = errors;
}
