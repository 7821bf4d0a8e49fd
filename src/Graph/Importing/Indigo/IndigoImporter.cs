using SocialEconomy.Graph.Loading;

namespace SocialEconomy.Graph.Importing.Indigo;

/// <summary>
/// Reads the INDIGO impact-bond data of the Government Outcomes Lab, as exported to CSV (one file per table
/// of the INDIGO data standard), into a <see cref="GraphBatch"/>: projects become outcomes-partnership
/// models, linked by the crosswalks of <see cref="ImportOptions.Crosswalks"/> to the graph's own challenge areas
/// and outcomes (never new ones), the organisations' roles RUNS, TAKES_PART_IN and FUNDS relationships, outcome
/// funds funders, and evaluation documents unappraised evidence. Every node and relationship cites the dataset,
/// and the INDIGO sources its values point to; a derived link cites the crosswalk's sources too.
/// </summary>
public sealed class IndigoImporter : IDatasetImporter
{
    public const string DatasetSourceId = "indigo-dataset-2025-05";

    public string Name => "indigo";

    public string Description => "The INDIGO impact-bond data of the Government Outcomes Lab.";

    public DatasetLayout Layout => DatasetLayout.Directory;

    public string PathDescription => "The folder of the INDIGO CSV export (original_projects.csv, original_organisations.csv, ...).";

    public string CountryDescription => "Only projects delivered in this country (ISO 3166-1 alpha-2, e.g. GB), and who takes part in them.";

    /// <summary>
    /// Reads the export in <paramref name="directory"/>. Invalid rows throw <see cref="ImportException"/> listing
    /// every one, unless <see cref="ImportOptions.SkipInvalid"/>: then they are left out (with what depends on
    /// them) and listed in <see cref="ImportResult.Skipped"/>.
    /// </summary>
    public ImportResult Read(string directory, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(directory))
        {
            throw new ImportException([new ImportError(directory, 0, null, null, "directory not found; pass the folder holding the INDIGO CSV export (original_projects.csv, ...).")]);
        }

        // Each step takes what earlier steps read as arguments, so none can run before what it needs exists:
        // citing a source needs the organisations (publishers are named by id), and every per-project table needs
        // the projects and the citations. Steps that do not depend on each other keep this order because it is
        // the order of the errors and progress lines a person reads.
        var state = new IndigoImportState(directory, options);
        var projects = ProjectReader.Read(state);
        var organisations = OrganisationReader.Read(state);
        var citations = new IndigoCitations(state, projects, organisations);
        ProjectReader.CiteProjects(state, projects, citations);
        var funds = FundReader.Read(state);
        var funderRoles = RoleReader.Read(state, projects, organisations, funds, citations);
        var metrics = OutcomeMetricReader.Read(state, projects, citations);
        DocumentReader.Read(state, projects, metrics, citations);
        var batch = IndigoBatchAssembler.Assemble(state, projects, organisations, funds, funderRoles, citations);

        if (state.Errors.Count > 0 && !options.SkipInvalid)
        {
            throw new ImportException(state.Errors);
        }

        return new ImportResult(batch, state.Errors, state.Crosswalked);
    }
}
