using System.Diagnostics.CodeAnalysis;
using SocialEconomy.Graph.Crosswalks;

namespace SocialEconomy.Graph.Importing.Indigo;

/// <summary>
/// The projects of the export and their sources, as <see cref="ProjectReader"/> read them: what every
/// per-project table is checked against.
/// </summary>
internal sealed class IndigoProjects(List<ImportError> errors, HashSet<string>? inCountry)
{
    /// <summary>The projects delivered in the country asked for; null when every project is imported.</summary>
    public HashSet<string>? InCountry { get; } = inCountry;

    /// <summary>Ids seen in the projects file, valid or not: a reference to one of these is not "unknown", only left out with it.</summary>
    public HashSet<string> IdsInFile { get; } = new(StringComparer.Ordinal);

    /// <summary>The imported projects, by INDIGO id.</summary>
    public Dictionary<string, ProjectRecord> ById { get; } = new(StringComparer.Ordinal);

    /// <summary>The citable rows of the project sources file, by project and source id.</summary>
    public Dictionary<(string Project, string Source), CsvRow> Sources { get; } = [];

    public Dictionary<(string Project, string Url), CsvRow> SourcesByUrl { get; } = [];

    /// <summary>Source ids seen in the project sources file, citable or not.</summary>
    public HashSet<(string Project, string Source)> SourceIdsInFile { get; } = [];

    public bool InScope(string projectId) => InCountry is null || InCountry.Contains(projectId);

    /// <summary>
    /// The imported project a row belongs to (its "Project ID" column). False, with the error recorded, when the id
    /// is empty or unknown; false and no error when the project is known but not imported (filtered out by
    /// country, or invalid itself).
    /// </summary>
    public bool TryGet(CsvRow row, [NotNullWhen(true)] out ProjectRecord? project)
    {
        const string heading = IndigoExport.ProjectId;
        var id = row[heading];
        project = null;
        if (id.Length == 0)
        {
            errors.Add(row.Error(heading, "is empty; name the project (INDIGO-POJ-nnnn)."));
            return false;
        }

        if (!IdsInFile.Contains(id))
        {
            errors.Add(row.Error(heading, $"'{id}' is not a project in {IndigoExport.ProjectsFile}."));
            return false;
        }

        return ById.TryGetValue(id, out project);
    }
}

/// <param name="Areas">The challenge areas the projects-to-areas crosswalk linked the project to (none without crosswalks).</param>
internal sealed record ProjectRecord(string Id, string ModelId, CsvRow Row, IReadOnlyList<CrosswalkMatch> Areas);
