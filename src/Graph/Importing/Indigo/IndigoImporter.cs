using System.Diagnostics.CodeAnalysis;
using System.Text;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;
using static SocialEconomy.Graph.Importing.Indigo.IndigoValues;

namespace SocialEconomy.Graph.Importing.Indigo;

/// <summary>
/// Reads the INDIGO impact-bond data of the Government Outcomes Lab, as exported to CSV (one file per table
/// of the INDIGO data standard), into a <see cref="GraphBatch"/>: projects become outcomes-partnership
/// models, their policy sectors challenge areas, the organisations' roles RUNS and FUNDS relationships,
/// outcome funds funders, outcome metrics outcomes, and evaluation documents unappraised evidence. Every
/// node and relationship cites the dataset, and the INDIGO sources its values point to.
/// </summary>
public sealed class IndigoImporter
{
    public const string DatasetSourceId = "indigo-dataset-2025-05";

    private const string ProjectsFile = "original_projects.csv";
    private const string ProjectSourcesFile = "original_projects_sources.csv";
    private const string DeliveryLocationsFile = "original_projects_delivery_locations.csv";
    private const string OrganisationsFile = "original_organisations.csv";
    private const string OrganisationSourcesFile = "original_organisations_sources.csv";
    private const string SecondaryOrgIdsFile = "original_organisations_org-idssecondary.csv";
    private const string FundsFile = "original_funds.csv";
    private const string FundDocumentsFile = "original_funds_documents.csv";
    private const string ServiceProvisionsFile = "original_projects_service_provisions.csv";
    private const string InvestmentsFile = "original_projects_investments.csv";
    private const string PaymentCommitmentsFile = "original_projects_outcome_payment_commitments.csv";
    private const string IntermediaryServicesFile = "original_projects_intermediary_services.csv";
    private const string ProjectFundsFile = "original_projects_outcome_funds.csv";
    private const string OutcomeMetricsFile = "original_projects_outcome_metrics.csv";
    private const string DocumentsFile = "original_projects_documents.csv";
    private const string ResultsFile = "original_projects_results.csv";

    private const string ProjectId = "Project ID";
    private const string OrganisationId = "Organisation ID - (Value)";
    private const string RoleCategory = "Organisation Role Category - (Value)";
    private const string RowSources = "Sources";
    private const string PurposeSources = "Purpose and classifications - (Source ID's)";

    /// <summary>The project's "(Source ID's)" columns that back the model itself; the finance columns are not imported.</summary>
    private static readonly string[] ModelSourceColumns =
    [
        "Stage of Development - (Source ID's)", "Dates - (Source ID's)", "Jurisdiction - (Source ID's)", PurposeSources,
        "Service and beneficiaries - (Source ID's)", "Changes to project due to COVID-19 - (Source ID's)",
    ];

    private const string UnappraisedDocument = "Listed in INDIGO as a project document; not yet appraised";
    private const string UnappraisedResultDocument = "Listed in INDIGO as the evaluation document of a project's results; not yet appraised";

    private readonly string _directory;
    private readonly ImportOptions _options;
    private readonly List<ImportError> _errors = [];
    private readonly GraphBatch _batch = new(GraphOrigins.Indigo);

    // Ids seen in a file, valid or not: a reference to one of these is not "unknown", only left out with it.
    private readonly HashSet<string> _projectIdsInFile = new(StringComparer.Ordinal);
    private readonly HashSet<string> _orgIdsInFile = new(StringComparer.Ordinal);
    private readonly HashSet<string> _fundIdsInFile = new(StringComparer.Ordinal);
    private readonly HashSet<(string Project, string Source)> _projectSourceIdsInFile = [];
    private readonly HashSet<(string Project, string Metric)> _metricIdsInFile = [];

    private HashSet<string>? _projectsInCountry;
    private CsvTable? _deliveryLocations;
    private readonly Dictionary<string, ProjectRecord> _projects = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Project, string Source), CsvRow> _projectSources = [];
    private readonly Dictionary<(string Project, string Url), CsvRow> _projectSourcesByUrl = [];
    private readonly Dictionary<string, OrganisationRecord> _organisations = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Organisation, string Source), CsvRow> _organisationSources = [];
    private readonly Dictionary<string, FundRecord> _funds = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Project, string Metric), string> _outcomeIds = [];

    private readonly HashSet<string> _usedOrganisations = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedFunds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FunderRoles> _funderRoles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChallengeArea> _areas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Outcome> _outcomes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EvidenceItem> _evidenceByUrl = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Source> _sources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Relationship> _relationships = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> _roles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _notes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Money>> _fundingParts = new(StringComparer.Ordinal);

    private IndigoImporter(string directory, ImportOptions options)
    {
        _directory = directory;
        _options = options;
    }

    /// <summary>
    /// Reads the export in <paramref name="directory"/>. Invalid rows throw <see cref="ImportException"/> listing
    /// every one, unless <see cref="ImportOptions.SkipInvalid"/>: then they are left out (with what depends on
    /// them) and listed in <see cref="ImportResult.Skipped"/>.
    /// </summary>
    public static ImportResult Read(string directory, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(directory))
        {
            throw new ImportException([new ImportError(directory, 0, null, null, "directory not found; pass the folder holding the INDIGO CSV export (original_projects.csv, ...).")]);
        }

        var importer = new IndigoImporter(directory, options);
        importer.ReadAll();
        if (importer._errors.Count > 0 && !options.SkipInvalid)
        {
            throw new ImportException(importer._errors);
        }

        return new ImportResult(importer._batch, importer._errors);
    }

    private void ReadAll()
    {
        // Order matters: the country filter needs the delivery locations before the projects; citing a source
        // needs the organisations (publishers are named by id); every per-project table needs all of these.
        ReadDeliveryLocations();
        ReadProjects();
        ReadProjectSources();
        ReadOrganisations();
        ReadOrganisationSources();
        ReadSecondaryOrgIds();
        ResolveProjectSourceColumns();
        ReadFunds();
        ReadFundDocuments();
        ReadServiceProvisions();
        ReadInvestments();
        ReadPaymentCommitments();
        ReadIntermediaryServices();
        ReadProjectFunds();
        ReadOutcomeMetrics();
        ReadDocuments();
        ReadResults();
        Assemble();
    }

    // ---------------------------------------------------------------- files

    private CsvTable? Open(string file, params string[] headings)
    {
        var path = Path.Combine(_directory, file);
        if (!File.Exists(path))
        {
            _errors.Add(new ImportError(path, 0, null, null, "file not found; the INDIGO export should hold it (is this the right folder, or a different export version?)."));
            return null;
        }

        var table = CsvTable.Read(path, Encoding.UTF8, headings);
        _errors.AddRange(table.Errors);

        // Without one of its headings every row of the file would be misread: the file is left out.
        return headings.All(table.HasColumn) ? table : null;
    }

    private void Progress(string file, string message) => _options.Progress?.Report($"{file}: {message}");

    private bool InScope(string projectId) => _projectsInCountry is null || _projectsInCountry.Contains(projectId);

    // ---------------------------------------------------------------- projects

    private void ReadDeliveryLocations()
    {
        const string country = "Location - Country - (Value)";
        var table = Open(DeliveryLocationsFile, ProjectId, country);
        _deliveryLocations = table;
        if (table is null || _options.Country is not { } wanted)
        {
            Progress(DeliveryLocationsFile, table is null ? "not read" : $"{table.Rows.Count} delivery locations");
            return;
        }

        _projectsInCountry = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            if (row[ProjectId].Length > 0 && string.Equals(row[country], wanted.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                _projectsInCountry.Add(row[ProjectId]);
            }
        }

        Progress(DeliveryLocationsFile, $"{table.Rows.Count} delivery locations; {_projectsInCountry.Count} projects delivered in {wanted.ToUpperInvariant()}");
    }

    private void ReadProjects()
    {
        const string name = "Impact Bond Name - (Value)";
        const string sector = "Purpose and classifications - Policy sector - (Value)";
        const string intervention = "Purpose and classifications - Intervention - (Value)";
        const string challenge = "Purpose and classifications - Social challenge - (Value)";
        var table = Open(ProjectsFile, [.. new[] { "ID", name, sector, intervention, challenge }, .. ModelSourceColumns]);
        if (table is null)
        {
            Progress(ProjectsFile, "not read");
            return;
        }

        var firstLines = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var id = row["ID"];
            if (id.Length == 0)
            {
                _errors.Add(row.Error("ID", "is empty; every project needs its INDIGO id (INDIGO-POJ-nnnn)."));
                continue;
            }

            if (!firstLines.TryAdd(id, row.Line))
            {
                _errors.Add(row.Error("ID", $"'{id}' repeats the project on line {firstLines[id]}; ids must be unique."));
                continue;
            }

            _projectIdsInFile.Add(id);
            if (!InScope(id))
            {
                continue;
            }

            var problems = new List<ImportError>();
            if (LocalId(id).Length == 0)
            {
                problems.Add(row.Error("ID", $"'{id}' has no letters or digits to make a graph id from."));
            }

            if (row[name].Length == 0)
            {
                problems.Add(row.Error(name, $"is empty; project {id} needs a name."));
            }

            var sectors = SplitIds(row[sector]).ToList();
            if (sectors.Any(s => Slug(s).Length == 0))
            {
                problems.Add(row.Error(sector, $"'{row[sector]}' is not a policy sector name."));
            }

            if (problems.Count > 0)
            {
                _errors.AddRange(problems);
                continue;
            }

            var model = new Model
            {
                Id = Id("indigo", LocalId(id)),
                Origin = GraphOrigins.Indigo,
                Name = Truncate(row[name], MaxName),
                Family = ModelFamily.OutcomesPartnership,
                Subtype = SubtypeOf(row[name]),
                Description = Optional(row[intervention]) is { } text ? Truncate(text, MaxText) : Optional(row[challenge]) is { } social ? Truncate(social, MaxText) : null,
            };
            _batch.Models.Add(model);
            var areaIds = sectors.Select(AreaFor).Distinct(StringComparer.Ordinal).ToList();
            _projects[id] = new ProjectRecord(id, model.Id, row, areaIds);
        }

        Progress(ProjectsFile, $"{table.Rows.Count} projects; {_projects.Count} imported");
        CheckDeliveryLocationProjects();
    }

    /// <summary>Delivery locations are read before the projects (they decide the country filter), so their project ids are checked now.</summary>
    private void CheckDeliveryLocationProjects()
    {
        const string country = "Location - Country - (Value)";
        foreach (var row in _deliveryLocations?.Rows ?? [])
        {
            var relevant = _options.Country is not { } wanted || string.Equals(row[country], wanted.Trim(), StringComparison.OrdinalIgnoreCase);
            if (relevant && !_projectIdsInFile.Contains(row[ProjectId]))
            {
                _errors.Add(row.Error(ProjectId, row[ProjectId].Length == 0 ? "is empty; name the project (INDIGO-POJ-nnnn)." : $"'{row[ProjectId]}' is not a project in {ProjectsFile}."));
            }
        }
    }

    /// <summary>
    /// INDIGO has no column for the kind of outcomes contract, but project names often say it ("... Social
    /// Impact Bond", "... DIB"): the subtype is taken from the name when it does, and left empty otherwise.
    /// </summary>
    private static string? SubtypeOf(string name)
    {
        var text = " " + name.ToLowerInvariant() + " ";
        bool Has(params string[] words) => words.Any(w => text.Contains(w, StringComparison.Ordinal));
        if (Has("development impact bond", " dib ", " dib)", "(dib"))
        {
            return "development impact bond";
        }

        if (Has("humanitarian impact bond"))
        {
            return "humanitarian impact bond";
        }

        if (Has("social benefit bond", " sbb ", " sbb)"))
        {
            return "social benefit bond";
        }

        if (Has("social impact bond", " sib ", " sib)", "(sib", " sib:", " sib-", "-sib"))
        {
            return "social impact bond";
        }

        if (Has("pay for success", " pfs "))
        {
            return "pay for success";
        }

        if (Has("impact bond"))
        {
            return "impact bond";
        }

        return Has("outcomes contract", "outcome contract", "contrat à impact", "contrat a impact") ? "outcomes contract" : null;
    }

    private string AreaFor(string sector)
    {
        var id = Id("indigo-sector", Slug(sector));
        if (!_areas.ContainsKey(id))
        {
            _areas[id] = new ChallengeArea
            {
                Id = id, Origin = GraphOrigins.Indigo, Name = Truncate(sector, MaxName), ParentId = null, Path = $"/{id}/", Depth = 0,
            };
        }

        return id;
    }

    private void ReadProjectSources()
    {
        const string name = "Name - (Value)";
        const string url = "URL - (Value)";
        var table = Open(ProjectSourcesFile, ProjectId, "Id", name, "Type - (Value)", "Publishing Organisations - (Value)", url,
            "Archive URL - (Value)", "Publication Date - (Value)", "Accessed Date - (Value)");
        if (table is null)
        {
            Progress(ProjectSourcesFile, "not read");
            return;
        }

        foreach (var row in table.Rows)
        {
            if (!TryProject(row, out _))
            {
                continue;
            }

            var key = (row[ProjectId], row["Id"]);
            if (row["Id"].Length == 0)
            {
                _errors.Add(row.Error("Id", "is empty; a source needs the id its project's (Source ID's) columns refer to."));
                continue;
            }

            if (!_projectSourceIdsInFile.Add(key))
            {
                _errors.Add(row.Error("Id", $"'{row["Id"]}' repeats a source of {row[ProjectId]}; source ids must be unique within a project."));
                continue;
            }

            if (row[name].Length == 0 && row[url].Length == 0 && row["Archive URL - (Value)"].Length == 0)
            {
                _errors.Add(row.Error(name, $"is empty, and so is the URL; source {row["Id"]} of {row[ProjectId]} cannot be cited."));
                continue;
            }

            _projectSources[key] = row;
            if (row[url].Length > 0)
            {
                _projectSourcesByUrl.TryAdd((row[ProjectId], row[url]), row);
            }
        }

        Progress(ProjectSourcesFile, $"{table.Rows.Count} sources");
    }

    private void ResolveProjectSourceColumns()
    {
        foreach (var project in _projects.Values.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            // Each cell is resolved once, so that a dangling reference is reported once.
            var cited = ModelSourceColumns.ToDictionary(c => c, c => ProjectSourceIds(project.Row, c, project.Id), StringComparer.Ordinal);
            AddNodeSources(project.ModelId, cited.Values.SelectMany(ids => ids).Prepend(DatasetSourceId));
            var purpose = cited[PurposeSources].Prepend(DatasetSourceId).ToList();
            foreach (var areaId in project.AreaIds)
            {
                AddNodeSources(areaId, [DatasetSourceId]);
                AddRelationship(new Relationship
                {
                    Key = "", Type = RelationshipType.Addresses, FromKind = NodeKind.Model, FromId = project.ModelId,
                    ToKind = NodeKind.ChallengeArea, ToId = areaId,
                }, purpose);
            }
        }
    }

    /// <summary>
    /// The Source nodes a "(Source ID's)" cell of a project row points to. A dangling reference is an error
    /// of that cell only: the fact stays, cited by the dataset, and the reference is left out.
    /// </summary>
    private List<string> ProjectSourceIds(CsvRow row, string column, string projectId)
    {
        var ids = new List<string>();
        foreach (var sourceId in SplitIds(row[column]))
        {
            if (_projectSources.TryGetValue((projectId, sourceId), out var sourceRow))
            {
                ids.Add(UseProjectSource(projectId, sourceRow));
            }
            else if (!_projectSourceIdsInFile.Contains((projectId, sourceId)))
            {
                _errors.Add(row.Error(column, $"source '{sourceId}' is not in {ProjectSourcesFile} for {projectId}; the reference is left out."));
            }
        }

        return ids;
    }

    private string UseProjectSource(string projectId, CsvRow row)
    {
        var id = Id("indigo-src", LocalId(projectId), Slug(row["Id"]));
        if (!_sources.ContainsKey(id))
        {
            var notes = new List<string>();
            if (Optional(row["Type - (Value)"]) is { } type)
            {
                notes.Add($"type: {type}");
            }

            if (Optional(row["Publication Date - (Value)"]) is { } published)
            {
                notes.Add($"published: {published}");
            }

            var accessed = row["Accessed Date - (Value)"];
            var retrieved = ParseDate(accessed);
            if (retrieved is null && accessed.Length > 0)
            {
                notes.Add($"accessed: {accessed}");
            }

            var url = UrlOrNull(row["URL - (Value)"]) ?? UrlOrNull(row["Archive URL - (Value)"]);
            _sources[id] = new Source
            {
                Id = id, Origin = GraphOrigins.Indigo,
                Title = Truncate(Optional(row["Name - (Value)"]) ?? url ?? row["Archive URL - (Value)"], MaxName),
                Publisher = PublisherOf(row["Publishing Organisations - (Value)"]), Url = url, Retrieved = retrieved,
                Note = notes.Count == 0 ? null : Truncate(string.Join("; ", notes), MaxText),
            };
        }

        return id;
    }

    private static string? UrlOrNull(string cell) => cell.Length is > 0 and <= 2000 ? cell : null;

    /// <summary>INDIGO names a publisher either in words or by organisation ids ("INDIGO-ORG-0171, INDIGO-ORG-0306").</summary>
    private string? PublisherOf(string cell)
    {
        if (cell.Length == 0)
        {
            return null;
        }

        var parts = SplitIds(cell).ToList();
        var names = parts.All(p => _organisations.ContainsKey(p) || p.StartsWith("INDIGO-ORG-", StringComparison.Ordinal))
            ? parts.Select(p => _organisations.TryGetValue(p, out var o) ? o.Organisation.Name : p)
            : [cell];
        return Truncate(string.Join(", ", names), MaxName);
    }

    // ---------------------------------------------------------------- organisations and funds

    private void ReadOrganisations()
    {
        var table = Open(OrganisationsFile, "ID", "Name", "Description", "Type - (Value)", "ORG-Ids - Primary", "Website");
        if (table is null)
        {
            Progress(OrganisationsFile, "not read");
            return;
        }

        var firstLines = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var id = row["ID"];
            if (id.Length == 0)
            {
                _errors.Add(row.Error("ID", "is empty; every organisation needs its INDIGO id (INDIGO-ORG-nnnn)."));
                continue;
            }

            if (!firstLines.TryAdd(id, row.Line))
            {
                _errors.Add(row.Error("ID", $"'{id}' repeats the organisation on line {firstLines[id]}; ids must be unique."));
                continue;
            }

            _orgIdsInFile.Add(id);
            var problems = new List<ImportError>();
            if (LocalId(id).Length == 0)
            {
                problems.Add(row.Error("ID", $"'{id}' has no letters or digits to make a graph id from."));
            }

            if (row["Name"].Length == 0)
            {
                problems.Add(row.Error("Name", $"is empty; organisation {id} needs a name."));
            }

            // The organisation's own errors count only if it is imported (see Assemble): under a country
            // filter, a broken record of an organisation no imported project involves is no concern.
            var organisation = new Organisation
            {
                Id = Id("indigo", LocalId(id)), Origin = GraphOrigins.Indigo, Name = Truncate(row["Name"], MaxName),
                LegalForm = Optional(row["Type - (Value)"]), Website = UrlOrNull(row["Website"]),
                Description = Optional(row["Description"]) is { } d ? Truncate(d, MaxText) : null,
            };
            if (TryParseOrgId(row["ORG-Ids - Primary"], out var scheme, out var value))
            {
                organisation.Identifiers.Add(new OrganisationIdentifier { OrganisationId = organisation.Id, Scheme = scheme, Value = value });
            }

            _organisations[id] = new OrganisationRecord(id, organisation, row, problems);
        }

        Progress(OrganisationsFile, $"{table.Rows.Count} organisations");
    }

    private void ReadOrganisationSources()
    {
        var table = Open(OrganisationSourcesFile, "Organisation ID", "Id", "Name", "Type - (Value)", "Publishing Organisations", "URL",
            "Archive URL", "Publication Date", "Accessed Date");
        if (table is null)
        {
            Progress(OrganisationSourcesFile, "not read");
            return;
        }

        foreach (var row in table.Rows)
        {
            if (!TryOrganisation(row, "Organisation ID", out _))
            {
                continue;
            }

            if (row["Id"].Length == 0)
            {
                _errors.Add(row.Error("Id", "is empty; a source needs an id."));
                continue;
            }

            if (row["Name"].Length == 0 && row["URL"].Length == 0)
            {
                _errors.Add(row.Error("Name", $"is empty, and so is the URL; source {row["Id"]} of {row["Organisation ID"]} cannot be cited."));
                continue;
            }

            _organisationSources[(row["Organisation ID"], row["Id"])] = row;
        }

        Progress(OrganisationSourcesFile, $"{table.Rows.Count} sources");
    }

    private string UseOrganisationSource(string organisationId, CsvRow row)
    {
        var id = Id("indigo-src", LocalId(organisationId), Slug(row["Id"]));
        if (!_sources.ContainsKey(id))
        {
            var notes = new List<string>();
            if (Optional(row["Type - (Value)"]) is { } type)
            {
                notes.Add($"type: {type}");
            }

            if (Optional(row["Publication Date"]) is { } published)
            {
                notes.Add($"published: {published}");
            }

            var retrieved = ParseDate(row["Accessed Date"]);
            if (retrieved is null && row["Accessed Date"].Length > 0)
            {
                notes.Add($"accessed: {row["Accessed Date"]}");
            }

            var url = UrlOrNull(row["URL"]) ?? UrlOrNull(row["Archive URL"]);
            _sources[id] = new Source
            {
                Id = id, Origin = GraphOrigins.Indigo, Title = Truncate(Optional(row["Name"]) ?? row["URL"], MaxName),
                Publisher = PublisherOf(row["Publishing Organisations"]), Url = url, Retrieved = retrieved,
                Note = notes.Count == 0 ? null : string.Join("; ", notes),
            };
        }

        return id;
    }

    private void ReadSecondaryOrgIds()
    {
        var table = Open(SecondaryOrgIdsFile, "Organisation ID", "By Organisation ID", RowSources);
        if (table is null)
        {
            Progress(SecondaryOrgIdsFile, "not read");
            return;
        }

        var read = 0;
        foreach (var row in table.Rows)
        {
            if (!TryOrganisation(row, "Organisation ID", out var record))
            {
                continue;
            }

            // Only org-id.guide identifiers are kept; "Charity No: 212810" or a bare number do not say which register.
            if (TryParseOrgId(row["By Organisation ID"], out var scheme, out var value)
                && !record.Organisation.Identifiers.Any(i => i.Scheme == scheme && i.Value == value))
            {
                record.Organisation.Identifiers.Add(new OrganisationIdentifier { OrganisationId = record.Organisation.Id, Scheme = scheme, Value = value });
                read++;
            }

            record.SecondarySources.Add(row);
        }

        Progress(SecondaryOrgIdsFile, $"{table.Rows.Count} secondary ids; {read} with an org-id.guide scheme");
    }

    private void ReadFunds()
    {
        const string name = "Fund - Name";
        const string purpose = "Fund - Purpose and classifications - Purpose";
        const string mechanism = "Fund - Mechanism";
        var table = Open(FundsFile, "ID", name, purpose, mechanism);
        if (table is null)
        {
            Progress(FundsFile, "not read");
            return;
        }

        var firstLines = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var id = row["ID"];
            if (id.Length == 0)
            {
                _errors.Add(row.Error("ID", "is empty; every fund needs its INDIGO id (INDIGO-FUND-nnnn)."));
                continue;
            }

            if (!firstLines.TryAdd(id, row.Line))
            {
                _errors.Add(row.Error("ID", $"'{id}' repeats the fund on line {firstLines[id]}; ids must be unique."));
                continue;
            }

            _fundIdsInFile.Add(id);
            var problems = new List<ImportError>();
            if (LocalId(id).Length == 0)
            {
                problems.Add(row.Error("ID", $"'{id}' has no letters or digits to make a graph id from."));
            }

            if (row[name].Length == 0)
            {
                problems.Add(row.Error(name, $"is empty; fund {id} needs a name."));
            }

            var funder = new Funder
            {
                Id = Id("indigo", LocalId(id)), Origin = GraphOrigins.Indigo, Name = Truncate(row[name], MaxName), FunderKind = FunderKind.OutcomesFund,
                Description = (Optional(row[purpose]) ?? Optional(row[mechanism])) is { } text ? Truncate(text, MaxText) : null,
            };
            _funds[id] = new FundRecord(id, funder, problems);
        }

        Progress(FundsFile, $"{table.Rows.Count} outcome funds");
    }

    private void ReadFundDocuments()
    {
        var table = Open(FundDocumentsFile, "Fund ID", "Title", "URL");
        if (table is null)
        {
            Progress(FundDocumentsFile, "not read");
            return;
        }

        foreach (var row in table.Rows)
        {
            var fundId = row["Fund ID"];
            if (fundId.Length == 0 || !_fundIdsInFile.Contains(fundId))
            {
                _errors.Add(row.Error("Fund ID", fundId.Length == 0 ? "is empty." : $"'{fundId}' is not a fund in {FundsFile}."));
                continue;
            }

            if (!_funds.TryGetValue(fundId, out var fund))
            {
                continue;
            }

            if (row["Title"].Length == 0 && row["URL"].Length == 0)
            {
                fund.DocumentProblems.Add(row.Error("Title", "is empty, and so is the URL; the document cannot be cited."));
                continue;
            }

            fund.Documents.Add(row);
        }

        Progress(FundDocumentsFile, $"{table.Rows.Count} fund documents");
    }

    // ---------------------------------------------------------------- roles

    private void ReadServiceProvisions()
    {
        var table = Open(ServiceProvisionsFile, ProjectId, OrganisationId, RoleCategory, RowSources);
        var count = 0;
        foreach (var row in table?.Rows ?? [])
        {
            if (!TryProject(row, out var project) || !TryOrganisation(row, OrganisationId, out var organisation))
            {
                continue;
            }

            var sources = RowSourceIds(row, project.Id);
            AddRuns(organisation, project, Refined("service provider", row[RoleCategory]), null, sources);
            count++;
        }

        Progress(ServiceProvisionsFile, table is null ? "not read" : $"{table.Rows.Count} service provisions; {count} imported");
    }

    private void ReadInvestments()
    {
        const string currency = "Investment Commitment - Currency - (Value)";
        const string minimum = "Investment Commitment - Amount - Min - (Value)";
        const string exact = "Investment Commitment - Amount - Exact - (Value)";
        const string maximum = "Investment Commitment - Amount - Max - (Value)";
        const string type = "Investment Type - (Value)";
        var table = Open(InvestmentsFile, ProjectId, OrganisationId, RoleCategory, currency, minimum, exact, maximum, type, RowSources);
        var count = 0;
        foreach (var row in table?.Rows ?? [])
        {
            if (!TryProject(row, out var project) || !TryOrganisation(row, OrganisationId, out var organisation))
            {
                continue;
            }

            var problems = new List<ImportError>();
            var exactMoney = ReadMoney(row, exact, problems);
            var minMoney = ReadMoney(row, minimum, problems);
            var maxMoney = ReadMoney(row, maximum, problems);
            var currencyCode = ReadCurrency(row, currency, problems);
            CheckCurrency(row, exact, exactMoney, currencyCode, problems);
            CheckCurrency(row, minimum, minMoney, currencyCode, problems);
            CheckCurrency(row, maximum, maxMoney, currencyCode, problems);
            if (problems.Count > 0)
            {
                _errors.AddRange(problems);
                continue;
            }

            var notes = new List<string>();
            Money money;
            if (exactMoney.Amount is not null)
            {
                money = exactMoney;
            }
            else if (minMoney.Amount is not null && maxMoney.Amount is not null)
            {
                money = minMoney;
                notes.Add($"INDIGO gives a range: the amount is the minimum, {Format(minMoney.Amount.Value, minMoney.Currency ?? currencyCode)}; the maximum is {Format(maxMoney.Amount.Value, maxMoney.Currency ?? currencyCode)}");
            }
            else if (minMoney.Amount is not null)
            {
                money = minMoney;
                notes.Add("INDIGO gives only a minimum commitment");
            }
            else if (maxMoney.Amount is not null)
            {
                money = maxMoney;
                notes.Add("INDIGO gives only a maximum commitment");
            }
            else
            {
                money = new Money(null, null, null);
            }

            if (Optional(row[type]) is { } investmentType)
            {
                notes.Add($"investment type: {investmentType}");
            }

            var sources = RowSourceIds(row, project.Id);
            var category = row[RoleCategory];
            AddRuns(organisation, project, Refined("investor", category), null, sources);
            RoleOf(organisation.Id).InvestorCategories.Add(category);
            AddFunding(FunderIdOf(organisation.Id), project, InstrumentOf(row[type]), money, currencyCode, notes, sources);
            count++;
        }

        Progress(InvestmentsFile, table is null ? "not read" : $"{table.Rows.Count} investments; {count} imported");
    }

    private void ReadPaymentCommitments()
    {
        const string currency = "Maximum potential Outcome payment - Currency - (Value)";
        const string maximum = "Maximum potential Outcome payment - Amount - (Value)";
        const string paidCurrency = "Total outcome payments made - Currency - (Value)";
        const string paid = "Total outcome payments made - Amount - (Value)";
        var table = Open(PaymentCommitmentsFile, ProjectId, OrganisationId, RoleCategory, currency, maximum, paidCurrency, paid, RowSources);
        var count = 0;
        foreach (var row in table?.Rows ?? [])
        {
            if (!TryProject(row, out var project) || !TryOrganisation(row, OrganisationId, out var organisation))
            {
                continue;
            }

            var problems = new List<ImportError>();
            var maxMoney = ReadMoney(row, maximum, problems);
            var currencyCode = ReadCurrency(row, currency, problems);
            var paidMoney = ReadMoney(row, paid, problems);
            var paidCode = ReadCurrency(row, paidCurrency, problems);
            CheckCurrency(row, maximum, maxMoney, currencyCode, problems);
            CheckCurrency(row, paid, paidMoney, paidCode, problems);
            if (problems.Count > 0)
            {
                _errors.AddRange(problems);
                continue;
            }

            var notes = new List<string>();
            Money money;
            if (maxMoney.Amount is not null)
            {
                money = maxMoney;
                notes.Add("maximum potential outcome payment");
            }
            else if (paidMoney.Amount is not null)
            {
                money = paidMoney;
                currencyCode = paidCode;
                notes.Add("outcome payments made (no maximum potential payment is given)");
            }
            else
            {
                money = new Money(null, null, null);
            }

            if (maxMoney.Amount is not null && paidMoney.Amount is { } paidAmount)
            {
                notes.Add($"outcome payments made: {Format(paidAmount, paidMoney.Currency ?? paidCode)}");
            }

            var sources = RowSourceIds(row, project.Id);
            var category = row[RoleCategory];
            AddRuns(organisation, project, Refined("outcome payer", category), null, sources);
            RoleOf(organisation.Id).PayerCategories.Add(category);
            AddFunding(FunderIdOf(organisation.Id), project, FundingInstrument.OutcomesPayment, money, currencyCode, notes, sources);
            count++;
        }

        Progress(PaymentCommitmentsFile, table is null ? "not read" : $"{table.Rows.Count} outcome payment commitments; {count} imported");
    }

    private void ReadIntermediaryServices()
    {
        const string description = "Other Role Description - (Value)";
        var table = Open(IntermediaryServicesFile, ProjectId, OrganisationId, RoleCategory, description, RowSources);
        var count = 0;
        foreach (var row in table?.Rows ?? [])
        {
            if (!TryProject(row, out var project) || !TryOrganisation(row, OrganisationId, out var organisation))
            {
                continue;
            }

            // The category names the service ("performance management"); "Other" is explained by the description,
            // which goes into the role when it is short and into the note when it is a paragraph.
            var category = row[RoleCategory];
            var other = row[description];
            string role;
            string? note = null;
            if (category.Length > 0 && !category.Equals("Other", StringComparison.OrdinalIgnoreCase))
            {
                role = $"intermediary ({category.ToLowerInvariant()})";
                note = Optional(other);
            }
            else if (other.Length is > 0 and <= 80)
            {
                role = $"intermediary ({other})";
            }
            else
            {
                role = "intermediary";
                note = Optional(other);
            }

            AddRuns(organisation, project, role, note, RowSourceIds(row, project.Id));
            count++;
        }

        Progress(IntermediaryServicesFile, table is null ? "not read" : $"{table.Rows.Count} intermediary services; {count} imported");
    }

    private static string Refined(string role, string category) => category.Length == 0 ? role : $"{role} ({category})";

    private FunderRoles RoleOf(string organisationId)
    {
        if (!_funderRoles.TryGetValue(organisationId, out var roles))
        {
            roles = new FunderRoles();
            _funderRoles[organisationId] = roles;
        }

        return roles;
    }

    private static string FunderIdOf(string organisationId) => Id("indigo-funder", LocalId(organisationId));

    private void AddRuns(OrganisationRecord organisation, ProjectRecord project, string role, string? note, List<string> sources)
    {
        _usedOrganisations.Add(organisation.Id);
        var key = AddRelationship(new Relationship
        {
            Key = "", Type = RelationshipType.Runs, FromKind = NodeKind.Organisation, FromId = organisation.Organisation.Id,
            ToKind = NodeKind.Model, ToId = project.ModelId,
        }, sources);
        AddTo(_roles, key, Truncate(role, MaxName));
        if (note is not null)
        {
            AddTo(_notes, key, note);
        }
    }

    private void AddFunding(string funderId, ProjectRecord project, FundingInstrument? instrument, Money money, string? currency, List<string> notes, List<string> sources)
    {
        // A currency sign in the amount cell fills an empty currency column; a different one would be a contradiction.
        var stated = money with { Currency = currency ?? money.Currency };
        if (money.AsWritten is { } written)
        {
            notes.Add($"amount written as '{written}'");
        }

        var key = AddRelationship(new Relationship
        {
            Key = "", Type = RelationshipType.Funds, FromKind = NodeKind.Funder, FromId = funderId, ToKind = NodeKind.Model, ToId = project.ModelId,
            Instrument = instrument,
        }, sources);
        AddTo(_fundingParts, key, stated);
        foreach (var note in notes)
        {
            AddTo(_notes, key, note);
        }
    }

    private void ReadProjectFunds()
    {
        var table = Open(ProjectFundsFile, ProjectId, "Id", RowSources);
        var count = 0;
        foreach (var row in table?.Rows ?? [])
        {
            if (!TryProject(row, out var project))
            {
                continue;
            }

            var fundId = row["Id"];
            if (fundId.Length == 0 || !_fundIdsInFile.Contains(fundId))
            {
                _errors.Add(row.Error("Id", fundId.Length == 0 ? "is empty; name the outcome fund (INDIGO-FUND-nnnn)." : $"'{fundId}' is not a fund in {FundsFile}."));
                continue;
            }

            if (!_funds.TryGetValue(fundId, out var fund) || fund.Problems.Count > 0)
            {
                continue;
            }

            _usedFunds.Add(fundId);
            AddRelationship(new Relationship
            {
                Key = "", Type = RelationshipType.Funds, FromKind = NodeKind.Funder, FromId = fund.Funder.Id, ToKind = NodeKind.Model,
                ToId = project.ModelId, Instrument = FundingInstrument.OutcomesPayment,
            }, RowSourceIds(row, project.Id));
            count++;
        }

        Progress(ProjectFundsFile, table is null ? "not read" : $"{table.Rows.Count} project-fund links; {count} imported");
    }

    // ---------------------------------------------------------------- outcomes and evidence

    private void ReadOutcomeMetrics()
    {
        const string definition = "Outcome Definition - (Value)";
        const string sector = "Policy sector - (Value)";
        var table = Open(OutcomeMetricsFile, ProjectId, "Id", definition, sector, RowSources);
        var firstLines = new Dictionary<(string, string), long>();
        foreach (var row in table?.Rows ?? [])
        {
            if (!TryProject(row, out var project))
            {
                continue;
            }

            var metricId = row["Id"];
            if (metricId.Length == 0 || Slug(metricId).Length == 0)
            {
                _errors.Add(row.Error("Id", $"is empty; every outcome metric of {project.Id} needs an id (outcomemetric1, ...)."));
                continue;
            }

            if (!firstLines.TryAdd((project.Id, metricId), row.Line))
            {
                _errors.Add(row.Error("Id", $"'{metricId}' repeats the outcome metric of {project.Id} on line {firstLines[(project.Id, metricId)]}; metric ids must be unique within a project."));
                continue;
            }

            _metricIdsInFile.Add((project.Id, metricId));
            var text = row[definition];
            var name = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
            if (name.Length == 0)
            {
                _errors.Add(row.Error(definition, $"is empty; outcome metric {metricId} of {project.Id} needs a definition to name it."));
                continue;
            }

            var id = Id("indigo-outcome", LocalId(project.Id), Slug(metricId));
            _outcomes[id] = new Outcome
            {
                Id = id, Origin = GraphOrigins.Indigo, Name = Truncate(name.Replace('\u00a0', ' '), MaxName),
                Description = text.Length > name.Length ? Truncate(text, MaxText) : null,
            };
            _outcomeIds[(project.Id, metricId)] = id;
            var sources = RowSourceIds(row, project.Id);
            AddNodeSources(id, sources);
            AddRelationship(new Relationship
            {
                Key = "", Type = RelationshipType.Targets, FromKind = NodeKind.Model, FromId = project.ModelId, ToKind = NodeKind.Outcome, ToId = id,
            }, sources);

            // The outcome is in the project's sectors, and in the metric's own sector where INDIGO gives one.
            var areas = project.AreaIds.Concat(SplitIds(row[sector]).Where(s => Slug(s).Length > 0).Select(AreaFor)).Distinct(StringComparer.Ordinal);
            foreach (var areaId in areas)
            {
                AddNodeSources(areaId, [DatasetSourceId]);
                AddRelationship(new Relationship
                {
                    Key = "", Type = RelationshipType.OutcomeIn, FromKind = NodeKind.Outcome, FromId = id, ToKind = NodeKind.ChallengeArea, ToId = areaId,
                }, sources);
            }
        }

        Progress(OutcomeMetricsFile, table is null ? "not read" : $"{table.Rows.Count} outcome metrics; {_outcomes.Count} imported");
    }

    private void ReadDocuments()
    {
        const string title = "Title - (Value)";
        const string url = "URL - (Value)";
        var table = Open(DocumentsFile, ProjectId, title, url);
        var count = 0;
        foreach (var row in table?.Rows ?? [])
        {
            if (!TryProject(row, out var project))
            {
                continue;
            }

            if (row[url].Length == 0 || row[title].Length == 0)
            {
                _errors.Add(row.Error(row[url].Length == 0 ? url : title, $"is empty; a document of {project.Id} needs a title and a URL."));
                continue;
            }

            // Titles may be wrapped over lines in the spreadsheet cell.
            var documentTitle = string.Join(" ", row[title].Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            _projectSourcesByUrl.TryGetValue((project.Id, row[url]), out var sourceRow);
            if (IndigoDocuments.DesignOf(documentTitle, sourceRow?["Type - (Value)"]) is not { } design)
            {
                continue;
            }

            var sources = new List<string>();
            if (sourceRow is not null)
            {
                sources.Add(UseProjectSource(project.Id, sourceRow));
            }

            AddEvidence(project, row[url], documentTitle, design, UnappraisedDocument, sourceRow, sources);
            count++;
        }

        Progress(DocumentsFile, table is null ? "not read" : $"{table.Rows.Count} documents; {count} evaluations, reports and case studies imported as evidence");
    }

    private void ReadResults()
    {
        const string metric = "Outcome Metric Id - (Value)";
        const string documents = "Evaluation Documents - (Value)";
        const string resultType = "Result type - (Value)";
        const string start = "Period - Start - (Value)";
        const string end = "Period - End - (Value)";
        const string achieved = "Outcomes achieved - (Value)";
        const string engaged = "Number engaged In impact bond - (Value)";
        const string positive = "Number with Positive social outcomes - (Value)";
        var table = Open(ResultsFile, ProjectId, metric, documents, resultType, start, end, achieved, engaged, positive, RowSources);
        var count = 0;
        foreach (var row in table?.Rows ?? [])
        {
            if (!TryProject(row, out var project))
            {
                continue;
            }

            // A result becomes a finding only when INDIGO names the document it comes from and the outcome it is about.
            if (row[documents].Length == 0 || row[metric].Length == 0)
            {
                continue;
            }

            if (!_outcomeIds.TryGetValue((project.Id, row[metric]), out var outcomeId))
            {
                if (!_metricIdsInFile.Contains((project.Id, row[metric])))
                {
                    _errors.Add(row.Error(metric, $"'{row[metric]}' is not an outcome metric of {project.Id} in {OutcomeMetricsFile}."));
                }

                continue;
            }

            var problems = new List<ImportError>();
            var documentRows = new List<CsvRow>();
            foreach (var sourceId in SplitIds(row[documents]))
            {
                if (_projectSources.TryGetValue((project.Id, sourceId), out var sourceRow))
                {
                    documentRows.Add(sourceRow);
                }
                else if (!_projectSourceIdsInFile.Contains((project.Id, sourceId)))
                {
                    problems.Add(row.Error(documents, $"source '{sourceId}' is not in {ProjectSourcesFile} for {project.Id}."));
                }
            }

            if (problems.Count > 0)
            {
                _errors.AddRange(problems);
                continue;
            }

            var note = ResultNote(row[resultType], row[start], row[end], row[achieved], row[engaged], row[positive]);
            foreach (var sourceRow in documentRows)
            {
                var documentUrl = UrlOrNull(sourceRow["URL - (Value)"]) ?? UrlOrNull(sourceRow["Archive URL - (Value)"]);
                if (documentUrl is null)
                {
                    // Evidence needs a URL; a document INDIGO names only in words has nothing to hang the result on.
                    continue;
                }

                var sourceNodeId = UseProjectSource(project.Id, sourceRow);
                var title = Optional(sourceRow["Name - (Value)"]) ?? documentUrl;
                var design = IndigoDocuments.DesignOfEvaluationDocument(title, sourceRow["Type - (Value)"]);
                var evidence = AddEvidence(project, documentUrl, title, design, UnappraisedResultDocument, sourceRow, [sourceNodeId]);
                var sources = RowSourceIds(row, project.Id);
                sources.Add(sourceNodeId);
                var key = AddRelationship(new Relationship
                {
                    Key = "", Type = RelationshipType.Reports, FromKind = NodeKind.Evidence, FromId = evidence.Id, ToKind = NodeKind.Outcome, ToId = outcomeId,
                }, sources);
                if (note is not null)
                {
                    AddTo(_notes, key, note);
                }

                count++;
            }
        }

        Progress(ResultsFile, table is null ? "not read" : $"{table.Rows.Count} results; {count} reported by an evaluation document");
    }

    /// <summary>What INDIGO says a result was, in words: the effect's direction is not stated, so none is claimed.</summary>
    private static string? ResultNote(string type, string start, string end, string achieved, string engaged, string positive)
    {
        var parts = new List<string>();
        var period = (start, end) switch
        {
            ("", "") => "",
            (_, "") => $" from {start}",
            ("", _) => $" to {end}",
            _ => $" {start} to {end}",
        };
        parts.Add($"{(type.Length == 0 ? "result" : type + " result")}{period}");
        if (achieved.Length > 0)
        {
            parts.Add($"outcomes achieved: {Truncate(achieved, 1000)}");
        }

        if (engaged.Length > 0)
        {
            parts.Add($"engaged: {engaged}");
        }

        if (positive.Length > 0)
        {
            parts.Add($"with positive outcomes: {positive}");
        }

        return parts.Count == 1 ? null : string.Join("; ", parts);
    }

    private EvidenceItem AddEvidence(ProjectRecord project, string url, string title, StudyDesign design, string reason, CsvRow? sourceRow, List<string> sources)
    {
        if (!_evidenceByUrl.TryGetValue(url, out var evidence))
        {
            var slug = Slug(title);
            var budget = MaxId - "indigo-evidence-".Length - 9;
            evidence = new EvidenceItem
            {
                Id = Id("indigo-evidence", slug.Length <= budget ? slug : slug[..budget].TrimEnd('-'), Fingerprint(url)),
                Origin = GraphOrigins.Indigo, Title = Truncate(title, MaxName), Url = url, Design = design,
                Rating = new EvidenceRating { Scale = EvidenceScale.Nesta, Level = 1, Reason = reason },
            };
            _evidenceByUrl[url] = evidence;
        }

        // The same document listed for several projects (a programme-wide evaluation) is one evidence item.
        if (sourceRow is not null)
        {
            evidence.Publisher ??= PublisherOf(sourceRow["Publishing Organisations - (Value)"]);
            evidence.Year ??= YearOf(sourceRow["Publication Date - (Value)"]);
        }

        AddNodeSources(evidence.Id, sources.Prepend(DatasetSourceId));
        AddRelationship(new Relationship
        {
            Key = "", Type = RelationshipType.Evaluates, FromKind = NodeKind.Evidence, FromId = evidence.Id, ToKind = NodeKind.Model, ToId = project.ModelId,
        }, sources);
        foreach (var areaId in project.AreaIds)
        {
            AddRelationship(new Relationship
            {
                Key = "", Type = RelationshipType.EvidenceIn, FromKind = NodeKind.Evidence, FromId = evidence.Id, ToKind = NodeKind.ChallengeArea, ToId = areaId,
            }, sources);
        }

        return evidence;
    }

    // ---------------------------------------------------------------- row checks

    /// <summary>
    /// The imported project a row belongs to (its "Project ID" column). False, with the error recorded, when the id
    /// is empty or unknown; false and no error when the project is known but not imported (filtered out by
    /// country, or invalid itself).
    /// </summary>
    private bool TryProject(CsvRow row, [NotNullWhen(true)] out ProjectRecord? project)
    {
        const string heading = ProjectId;
        var id = row[heading];
        project = null;
        if (id.Length == 0)
        {
            _errors.Add(row.Error(heading, "is empty; name the project (INDIGO-POJ-nnnn)."));
            return false;
        }

        if (!_projectIdsInFile.Contains(id))
        {
            _errors.Add(row.Error(heading, $"'{id}' is not a project in {ProjectsFile}."));
            return false;
        }

        return _projects.TryGetValue(id, out project);
    }

    /// <summary>The organisation a row names; false, with the error recorded, when the id is empty or unknown.</summary>
    private bool TryOrganisation(CsvRow row, string heading, [NotNullWhen(true)] out OrganisationRecord? organisation)
    {
        var id = row[heading];
        organisation = null;
        if (id.Length == 0)
        {
            _errors.Add(row.Error(heading, "is empty; name the organisation (INDIGO-ORG-nnnn)."));
            return false;
        }

        if (!_orgIdsInFile.Contains(id))
        {
            _errors.Add(row.Error(heading, $"'{id}' is not an organisation in {OrganisationsFile}."));
            return false;
        }

        if (!_organisations.TryGetValue(id, out organisation))
        {
            return false;
        }

        // A row of an imported project makes its organisation's own problems count (see ReadOrganisations).
        if (organisation.Problems.Count > 0)
        {
            _usedOrganisations.Add(id);
            return false;
        }

        return true;
    }

    private Money ReadMoney(CsvRow row, string heading, List<ImportError> problems)
    {
        var money = ParseMoney(row[heading], out var error);
        if (error is not null)
        {
            problems.Add(row.Error(heading, error));
        }

        return money;
    }

    /// <summary>A currency sign in the amount ("C$300,000") must agree with the currency column when both are given.</summary>
    private static void CheckCurrency(CsvRow row, string amountHeading, Money money, string? code, List<ImportError> problems)
    {
        if (money.Currency is { } sign && code is not null && sign != code)
        {
            problems.Add(row.Error(amountHeading, $"'{row[amountHeading]}' is in {sign} but the currency column says {code}."));
        }
    }

    private static string? ReadCurrency(CsvRow row, string heading, List<ImportError> problems)
    {
        if (!TryParseCurrency(row[heading], out var code))
        {
            problems.Add(row.Error(heading, $"'{row[heading]}' is not a currency; write an ISO 4217 code such as GBP."));
        }

        return code;
    }

    /// <summary>The Source nodes of a row's own "Sources" cell (ids of its project's sources), and the dataset.</summary>
    private List<string> RowSourceIds(CsvRow row, string projectId)
    {
        var ids = new List<string> { DatasetSourceId };
        ids.AddRange(ProjectSourceIds(row, RowSources, projectId));
        return ids;
    }

    // ---------------------------------------------------------------- batch

    /// <summary>Adds a relationship, or merges it into the one with the same key; returns the key.</summary>
    private string AddRelationship(Relationship relationship, IEnumerable<string> sources)
    {
        relationship.Origin = GraphOrigins.Indigo;
        relationship.Key = RelationshipKeys.For(relationship);
        _relationships.TryAdd(relationship.Key, relationship);
        if (!_batch.RelationshipSources.TryGetValue(relationship.Key, out var set))
        {
            set = new SortedSet<string>(StringComparer.Ordinal);
            _batch.RelationshipSources[relationship.Key] = set;
        }

        set.Add(DatasetSourceId);
        set.UnionWith(sources);
        return relationship.Key;
    }

    private void AddNodeSources(string nodeId, IEnumerable<string> sources)
    {
        if (!_batch.NodeSources.TryGetValue(nodeId, out var set))
        {
            set = new SortedSet<string>(StringComparer.Ordinal);
            _batch.NodeSources[nodeId] = set;
        }

        set.Add(DatasetSourceId);
        set.UnionWith(sources);
    }

    private static void AddTo<T>(Dictionary<string, T> map, string key, string value) where T : ICollection<string>, new()
    {
        if (!map.TryGetValue(key, out var values))
        {
            values = new T();
            map[key] = values;
        }

        if (!values.Contains(value))
        {
            values.Add(value);
        }
    }

    private static void AddTo(Dictionary<string, List<Money>> map, string key, Money value)
    {
        if (!map.TryGetValue(key, out var values))
        {
            values = [];
            map[key] = values;
        }

        values.Add(value);
    }

    private void Assemble()
    {
        _sources[DatasetSourceId] = new Source
        {
            Id = DatasetSourceId, Origin = GraphOrigins.Indigo, Title = "INDIGO impact bond data (export of 20 May 2025)",
            Publisher = "Government Outcomes Lab, University of Oxford", Url = "https://golab.bsg.ox.ac.uk/knowledge-bank/indigo/",
            // The INDIGO data standard repository states no licence for the data, so none is claimed.
            Licence = null,
        };

        var everyOrganisation = _projectsInCountry is null;
        foreach (var record in _organisations.Values)
        {
            if (!everyOrganisation && !_usedOrganisations.Contains(record.Id))
            {
                continue;
            }

            if (record.Problems.Count > 0)
            {
                _errors.AddRange(record.Problems);
                continue;
            }

            var sources = new List<string> { DatasetSourceId };
            sources.AddRange(_organisationSources.Where(s => s.Key.Organisation == record.Id).Select(s => UseOrganisationSource(record.Id, s.Value)));
            foreach (var secondary in record.SecondarySources)
            {
                sources.AddRange(OrganisationSourceIds(secondary, record.Id));
            }

            record.Organisation.Identifiers = [.. record.Organisation.Identifiers.OrderBy(i => i.Scheme, StringComparer.Ordinal).ThenBy(i => i.Value, StringComparer.Ordinal)];
            _batch.Organisations.Add(record.Organisation);
            AddNodeSources(record.Organisation.Id, sources);

            if (_funderRoles.TryGetValue(record.Id, out var roles))
            {
                var funderId = FunderIdOf(record.Id);
                _batch.Funders.Add(new Funder
                {
                    Id = funderId, Origin = GraphOrigins.Indigo, Name = record.Organisation.Name, FunderKind = KindOf(record, roles),
                    Website = record.Organisation.Website,
                });
                AddNodeSources(funderId, sources);
            }
        }

        foreach (var fund in _funds.Values)
        {
            if (!everyOrganisation && !_usedFunds.Contains(fund.Id))
            {
                continue;
            }

            if (fund.Problems.Count > 0)
            {
                _errors.AddRange(fund.Problems);
                continue;
            }

            _errors.AddRange(fund.DocumentProblems);
            var sources = new List<string> { DatasetSourceId };
            foreach (var document in fund.Documents)
            {
                var url = UrlOrNull(document["URL"]);
                var id = Id("indigo-src", LocalId(fund.Id), url is null ? Slug(document["Title"]) : Fingerprint(url));
                _sources.TryAdd(id, new Source
                {
                    Id = id, Origin = GraphOrigins.Indigo, Title = Truncate(Optional(document["Title"]) ?? url!, MaxName), Url = url,
                    Note = "document of the outcome fund, listed in INDIGO",
                });
                sources.Add(id);
            }

            _batch.Funders.Add(fund.Funder);
            AddNodeSources(fund.Funder.Id, sources);
        }

        // Relationships whose funder was left out (an invalid organisation) go with it.
        var funderIds = _batch.Funders.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, relationship) in _relationships)
        {
            if (relationship.Type == RelationshipType.Funds && !funderIds.Contains(relationship.FromId))
            {
                _batch.RelationshipSources.Remove(key);
                continue;
            }

            if (_roles.TryGetValue(key, out var roles))
            {
                relationship.Role = Truncate(string.Join("; ", roles), MaxName);
            }

            var notes = _notes.TryGetValue(key, out var stated) ? stated : [];
            if (_fundingParts.TryGetValue(key, out var parts) && MergeAmounts(relationship, parts) is { } summary)
            {
                notes = [summary, .. notes];
            }

            if (notes.Count > 0)
            {
                relationship.Note = Truncate(string.Join("; ", notes), MaxText);
            }

            _batch.Relationships.Add(relationship);
        }

        _batch.Sources.AddRange(_sources.Values);
        _batch.ChallengeAreas.AddRange(_areas.Values);
        _batch.Outcomes.AddRange(_outcomes.Values);
        _batch.Evidence.AddRange(_evidenceByUrl.Values);

        // NodeSources may name nodes that were not added (none by construction); keep the two in step.
        var nodeIds = _batch.Models.Select(n => n.Id).Concat(_batch.Organisations.Select(n => n.Id)).Concat(_batch.Funders.Select(n => n.Id))
            .Concat(_batch.ChallengeAreas.Select(n => n.Id)).Concat(_batch.Outcomes.Select(n => n.Id)).Concat(_batch.Evidence.Select(n => n.Id))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var orphan in _batch.NodeSources.Keys.Where(id => !nodeIds.Contains(id)).ToList())
        {
            _batch.NodeSources.Remove(orphan);
        }

        SortBatch();
    }

    private List<string> OrganisationSourceIds(CsvRow row, string organisationId)
    {
        var ids = new List<string>();
        foreach (var sourceId in SplitIds(row[RowSources]))
        {
            if (_organisationSources.TryGetValue((organisationId, sourceId), out var sourceRow))
            {
                ids.Add(UseOrganisationSource(organisationId, sourceRow));
            }
            else
            {
                _errors.Add(row.Error(RowSources, $"source '{sourceId}' is not in {OrganisationSourcesFile} for {organisationId}; the reference is left out."));
            }
        }

        return ids;
    }

    /// <summary>
    /// Several commitments of one funder to one project, with the same instrument, are one FUNDS relationship:
    /// their stated amounts are added up when they share a currency, and the note says how many there were.
    /// </summary>
    private static string? MergeAmounts(Relationship relationship, List<Money> parts)
    {
        var stated = parts.Where(p => p.Amount is not null).ToList();
        var currencies = stated.Select(p => p.Currency).Distinct().ToList();
        if (stated.Count > 0 && currencies.Count == 1)
        {
            relationship.Amount = stated.Sum(p => p.Amount!.Value);
            relationship.Currency = currencies[0];
        }

        if (parts.Count == 1)
        {
            return null;
        }

        var without = parts.Count - stated.Count;
        return currencies.Count > 1
            ? $"{parts.Count} commitments in different currencies: {string.Join(", ", stated.Select(p => Format(p.Amount!.Value, p.Currency)))}"
            : $"{parts.Count} commitments in INDIGO{(stated.Count > 1 ? "; the amount is their sum" : "")}{(without > 0 && stated.Count > 0 ? $"; {without} without an amount" : "")}";
    }

    /// <summary>
    /// What kind of funder an organisation is, as far as INDIGO says: its type ("Government body") and its
    /// role categories. Public bodies are told apart by name (councils and combined authorities are local
    /// authorities, NHS bodies and clinical commissioning groups NHS); an investor without a telling category
    /// is a social investor; anything else is Other.
    /// </summary>
    private static FunderKind KindOf(OrganisationRecord record, FunderRoles roles)
    {
        var categories = roles.InvestorCategories.Concat(roles.PayerCategories).ToList();
        var government = string.Equals(record.Organisation.LegalForm, "Government body", StringComparison.OrdinalIgnoreCase)
            || categories.Any(c => c.StartsWith("Government", StringComparison.OrdinalIgnoreCase));
        if (government)
        {
            var name = " " + record.Organisation.Name.ToLowerInvariant() + " ";
            if (name.Contains(" nhs ", StringComparison.Ordinal) || name.Contains("clinical commissioning group", StringComparison.Ordinal)
                || name.Contains(" ccg ", StringComparison.Ordinal) || name.Contains("integrated care board", StringComparison.Ordinal))
            {
                return FunderKind.Nhs;
            }

            string[] local = ["council", "borough", "combined authority", "greater london authority", "local authority", "county of "];
            return local.Any(w => name.Contains(w, StringComparison.Ordinal)) ? FunderKind.LocalAuthority : FunderKind.Government;
        }

        if (categories.Any(c => c.StartsWith("Foundation", StringComparison.OrdinalIgnoreCase)))
        {
            return FunderKind.Foundation;
        }

        string[] socialInvestor = ["", "Investment Fund", "Impact Investor", "High Net Worth Individual/Family Office/Private Bank"];
        if (roles.InvestorCategories.Count > 0 && roles.InvestorCategories.All(c => socialInvestor.Contains(c.Trim(), StringComparer.OrdinalIgnoreCase)))
        {
            return FunderKind.SocialInvestor;
        }

        return FunderKind.Other;
    }

    private void SortBatch()
    {
        _batch.Sources.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        _batch.ChallengeAreas.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        _batch.Models.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        _batch.Organisations.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        _batch.Funders.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        _batch.Outcomes.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        _batch.Evidence.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        _batch.Relationships.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
    }

    private sealed record ProjectRecord(string Id, string ModelId, CsvRow Row, List<string> AreaIds);

    private sealed record OrganisationRecord(string Id, Organisation Organisation, CsvRow Row, List<ImportError> Problems)
    {
        public List<CsvRow> SecondarySources { get; } = [];
    }

    private sealed record FundRecord(string Id, Funder Funder, List<ImportError> Problems)
    {
        public List<CsvRow> Documents { get; } = [];

        public List<ImportError> DocumentProblems { get; } = [];
    }

    private sealed class FunderRoles
    {
        public List<string> InvestorCategories { get; } = [];

        public List<string> PayerCategories { get; } = [];
    }
}
