using SocialEconomy.Graph.Crosswalks;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;
using static SocialEconomy.Graph.Importing.Indigo.IndigoExport;
using static SocialEconomy.Graph.Importing.Indigo.IndigoValues;

namespace SocialEconomy.Graph.Importing.Indigo;

/// <summary>
/// Reads the delivery locations (which decide the country filter), the projects (outcomes-partnership models, linked
/// to the graph's challenge areas by the 'indigo-projects-to-areas' crosswalk) and the projects' sources.
/// </summary>
internal static class ProjectReader
{
    private const string Country = "Location - Country - (Value)";
    private const string PurposeSources = "Purpose and classifications - (Source ID's)";

    /// <summary>The crosswalk (seed-data/crosswalks) from a project's policy sector and fields to the graph's challenge areas.</summary>
    public const string AreasCrosswalk = "indigo-projects-to-areas";

    /// <summary>The project's "(Source ID's)" columns that back the model itself; the finance columns are not imported.</summary>
    private static readonly string[] ModelSourceColumns =
    [
        "Stage of Development - (Source ID's)", "Dates - (Source ID's)", "Jurisdiction - (Source ID's)", PurposeSources,
        "Service and beneficiaries - (Source ID's)", "Changes to project due to COVID-19 - (Source ID's)",
    ];

    public static IndigoProjects Read(IndigoImportState state)
    {
        var deliveryLocations = state.Open(DeliveryLocationsFile, ProjectId, Country);
        var projects = new IndigoProjects(state.Errors, ProjectsInCountry(state, deliveryLocations));
        ReadProjects(state, projects, deliveryLocations);
        ReadProjectSources(state, projects);
        return projects;
    }

    /// <summary>
    /// Cites the sources of the projects' own "(Source ID's)" cells, and links each model to the challenge areas the
    /// crosswalk derived from its fields, citing the project's purpose sources and the crosswalk's own. A separate
    /// step because citing a source names its publisher, which INDIGO gives by organisation id.
    /// </summary>
    public static void CiteProjects(IndigoImportState state, IndigoProjects projects, IndigoCitations citations)
    {
        foreach (var project in projects.ById.Values.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            // Each cell is resolved once, so that a dangling reference is reported once.
            var cited = ModelSourceColumns.ToDictionary(c => c, c => citations.ProjectSourceIds(project.Row, c, project.Id), StringComparer.Ordinal);
            state.AddNodeSources(project.ModelId, cited.Values.SelectMany(ids => ids).Prepend(IndigoImporter.DatasetSourceId));
            var purpose = cited[PurposeSources].Prepend(IndigoImporter.DatasetSourceId).Concat(state.CrosswalkSources(AreasCrosswalk)).ToList();
            foreach (var link in project.Areas)
            {
                // The area is a seed record: it is in the store once the seed is loaded, and is not added here.
                state.AddRelationship(new Relationship
                {
                    Key = "", Type = RelationshipType.Addresses, FromKind = NodeKind.Model, FromId = project.ModelId,
                    ToKind = NodeKind.ChallengeArea, ToId = link.Target, Rule = link.Rule, ReadValue = link.ReadValue,
                }, purpose);
            }
        }
    }

    /// <summary>Null when every project is imported: no country was asked for, or the delivery locations could not be read.</summary>
    private static HashSet<string>? ProjectsInCountry(IndigoImportState state, CsvTable? deliveryLocations)
    {
        if (deliveryLocations is null || state.Options.Country is not { } wanted)
        {
            state.Progress(DeliveryLocationsFile, deliveryLocations is null ? "not read" : $"{deliveryLocations.Rows.Count} delivery locations");
            return null;
        }

        var inCountry = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in deliveryLocations.Rows)
        {
            if (row[ProjectId].Length > 0 && string.Equals(row[Country], wanted.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                inCountry.Add(row[ProjectId]);
            }
        }

        state.Progress(DeliveryLocationsFile, $"{deliveryLocations.Rows.Count} delivery locations; {inCountry.Count} projects delivered in {wanted.ToUpperInvariant()}");
        return inCountry;
    }

    private static void ReadProjects(IndigoImportState state, IndigoProjects projects, CsvTable? deliveryLocations)
    {
        const string name = "Impact Bond Name - (Value)";
        const string sector = "Purpose and classifications - Policy sector - (Value)";
        const string intervention = "Purpose and classifications - Intervention - (Value)";
        const string challenge = "Purpose and classifications - Social challenge - (Value)";
        const string population = "Service and beneficiaries - Target population - (Value)";
        const string alternativeNames = "Alternative Names - (Value)";
        var table = state.Open(ProjectsFile, [.. new[] { "ID", name, alternativeNames, sector, intervention, challenge, population }, .. ModelSourceColumns]);
        var crosswalk = state.Options.Crosswalks?.Find(AreasCrosswalk);
        if (table is null)
        {
            state.Progress(ProjectsFile, "not read");
            return;
        }

        var firstLines = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var id = row["ID"];
            if (id.Length == 0)
            {
                state.Errors.Add(row.Error("ID", "is empty; every project needs its INDIGO id (INDIGO-POJ-nnnn)."));
                continue;
            }

            if (!firstLines.TryAdd(id, row.Line))
            {
                state.Errors.Add(row.Error("ID", $"'{id}' repeats the project on line {firstLines[id]}; ids must be unique."));
                continue;
            }

            projects.IdsInFile.Add(id);
            if (!projects.InScope(id))
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
                state.Errors.AddRange(problems);
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
                AlternativeNames = AlternativeNamesOf(row[name], row[alternativeNames]),
                Sector = Optional(row[sector]) is { } wording ? Truncate(OneLine(wording), MaxName) : null,
            };
            state.Batch.Models.Add(model);
            IReadOnlyList<CrosswalkMatch> areas = [];
            if (crosswalk is not null)
            {
                var result = crosswalk.Map(new Dictionary<string, string?>(StringComparer.Ordinal)
                {
                    ["name"] = row[name], ["policySector"] = row[sector], ["socialChallenge"] = row[challenge],
                    ["intervention"] = row[intervention], ["targetPopulation"] = row[population],
                });
                state.Crosswalked.Record(crosswalk, result, $"{(row[sector].Length == 0 ? "(no policy sector)" : OneLine(row[sector]))} ({id})");
                areas = result.Links;
            }

            projects.ById[id] = new ProjectRecord(id, model.Id, row, areas);
        }

        state.Progress(ProjectsFile, $"{table.Rows.Count} projects; {projects.ById.Count} imported");
        CheckDeliveryLocationProjects(state, projects, deliveryLocations);
    }

    /// <summary>INDIGO's "Alternative Names" cell, comma-separated as its data standard says; the project's own name is left out.</summary>
    private static string? AlternativeNamesOf(string name, string cell) =>
        NameList.Join(cell.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(n => Truncate(OneLine(n), MaxName))
            .Where(n => !string.Equals(n, OneLine(name), StringComparison.OrdinalIgnoreCase)));

    /// <summary>Delivery locations are read before the projects (they decide the country filter), so their project ids are checked now.</summary>
    private static void CheckDeliveryLocationProjects(IndigoImportState state, IndigoProjects projects, CsvTable? deliveryLocations)
    {
        foreach (var row in deliveryLocations?.Rows ?? [])
        {
            var relevant = state.Options.Country is not { } wanted || string.Equals(row[Country], wanted.Trim(), StringComparison.OrdinalIgnoreCase);
            if (relevant && !projects.IdsInFile.Contains(row[ProjectId]))
            {
                state.Errors.Add(row.Error(ProjectId, row[ProjectId].Length == 0 ? "is empty; name the project (INDIGO-POJ-nnnn)." : $"'{row[ProjectId]}' is not a project in {ProjectsFile}."));
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

    private static void ReadProjectSources(IndigoImportState state, IndigoProjects projects)
    {
        const string name = "Name - (Value)";
        const string url = "URL - (Value)";
        var table = state.Open(ProjectSourcesFile, ProjectId, "Id", name, "Type - (Value)", "Publishing Organisations - (Value)", url,
            "Archive URL - (Value)", "Publication Date - (Value)", "Accessed Date - (Value)");
        if (table is null)
        {
            state.Progress(ProjectSourcesFile, "not read");
            return;
        }

        foreach (var row in table.Rows)
        {
            if (!projects.TryGet(row, out _))
            {
                continue;
            }

            var key = (row[ProjectId], row["Id"]);
            if (row["Id"].Length == 0)
            {
                state.Errors.Add(row.Error("Id", "is empty; a source needs the id its project's (Source ID's) columns refer to."));
                continue;
            }

            if (!projects.SourceIdsInFile.Add(key))
            {
                state.Errors.Add(row.Error("Id", $"'{row["Id"]}' repeats a source of {row[ProjectId]}; source ids must be unique within a project."));
                continue;
            }

            if (row[name].Length == 0 && row[url].Length == 0 && row["Archive URL - (Value)"].Length == 0)
            {
                state.Errors.Add(row.Error(name, $"is empty, and so is the URL; source {row["Id"]} of {row[ProjectId]} cannot be cited."));
                continue;
            }

            projects.Sources[key] = row;
            if (row[url].Length > 0)
            {
                projects.SourcesByUrl.TryAdd((row[ProjectId], row[url]), row);
            }
        }

        state.Progress(ProjectSourcesFile, $"{table.Rows.Count} sources");
    }
}
