using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Provenance;
using static SocialEconomy.Graph.Importing.Indigo.IndigoExport;
using static SocialEconomy.Graph.Importing.Indigo.IndigoValues;

namespace SocialEconomy.Graph.Importing.Indigo;

/// <summary>
/// Turns the source ids that INDIGO cells cite into Source nodes, each made on first use, so that only cited
/// sources are imported. It needs the organisations as well as the projects: a source's publisher may be
/// given by organisation id.
/// </summary>
internal sealed class IndigoCitations(IndigoImportState state, IndigoProjects projects, IndigoOrganisations organisations)
{
    /// <summary>
    /// The Source nodes a "(Source ID's)" cell of a project row points to. A dangling reference is an error
    /// of that cell only: the fact stays, cited by the dataset, and the reference is left out.
    /// </summary>
    public List<string> ProjectSourceIds(CsvRow row, string column, string projectId)
    {
        var ids = new List<string>();
        foreach (var sourceId in SplitIds(row[column]))
        {
            if (projects.Sources.TryGetValue((projectId, sourceId), out var sourceRow))
            {
                ids.Add(UseProjectSource(projectId, sourceRow));
            }
            else if (!projects.SourceIdsInFile.Contains((projectId, sourceId)))
            {
                state.Errors.Add(row.Error(column, $"source '{sourceId}' is not in {ProjectSourcesFile} for {projectId}; the reference is left out."));
            }
        }

        return ids;
    }

    /// <summary>The Source nodes of a row's own "Sources" cell (ids of its project's sources), and the dataset.</summary>
    public List<string> RowSourceIds(CsvRow row, string projectId)
    {
        var ids = new List<string> { IndigoImporter.DatasetSourceId };
        ids.AddRange(ProjectSourceIds(row, RowSources, projectId));
        return ids;
    }

    public List<string> OrganisationSourceIds(CsvRow row, string organisationId)
    {
        var ids = new List<string>();
        foreach (var sourceId in SplitIds(row[RowSources]))
        {
            if (organisations.Sources.TryGetValue((organisationId, sourceId), out var sourceRow))
            {
                ids.Add(UseOrganisationSource(organisationId, sourceRow));
            }
            else
            {
                state.Errors.Add(row.Error(RowSources, $"source '{sourceId}' is not in {OrganisationSourcesFile} for {organisationId}; the reference is left out."));
            }
        }

        return ids;
    }

    public string UseProjectSource(string projectId, CsvRow row)
    {
        var id = Id("indigo-src", LocalId(projectId), Slug(row["Id"]));
        if (!state.Sources.ContainsKey(id))
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
            state.Sources[id] = new Source
            {
                Id = id, Origin = GraphOrigins.Indigo,
                Title = Truncate(Optional(row["Name - (Value)"]) ?? url ?? row["Archive URL - (Value)"], MaxName),
                Publisher = PublisherOf(row["Publishing Organisations - (Value)"]), Url = url, Retrieved = retrieved,
                Note = notes.Count == 0 ? null : Truncate(string.Join("; ", notes), MaxText),
            };
        }

        return id;
    }

    public string UseOrganisationSource(string organisationId, CsvRow row)
    {
        var id = Id("indigo-src", LocalId(organisationId), Slug(row["Id"]));
        if (!state.Sources.ContainsKey(id))
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
            state.Sources[id] = new Source
            {
                Id = id, Origin = GraphOrigins.Indigo, Title = Truncate(Optional(row["Name"]) ?? row["URL"], MaxName),
                Publisher = PublisherOf(row["Publishing Organisations"]), Url = url, Retrieved = retrieved,
                Note = notes.Count == 0 ? null : string.Join("; ", notes),
            };
        }

        return id;
    }

    /// <summary>INDIGO names a publisher either in words or by organisation ids ("INDIGO-ORG-0171, INDIGO-ORG-0306").</summary>
    public string? PublisherOf(string cell)
    {
        if (cell.Length == 0)
        {
            return null;
        }

        var parts = SplitIds(cell).ToList();
        var names = parts.All(p => organisations.ById.ContainsKey(p) || p.StartsWith("INDIGO-ORG-", StringComparison.Ordinal))
            ? parts.Select(p => organisations.ById.TryGetValue(p, out var o) ? o.Organisation.Name : p)
            : [cell];
        return Truncate(string.Join(", ", names), MaxName);
    }
}
