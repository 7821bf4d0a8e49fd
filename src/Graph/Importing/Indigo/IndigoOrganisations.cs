using System.Diagnostics.CodeAnalysis;
using SocialEconomy.Graph.Nodes;

namespace SocialEconomy.Graph.Importing.Indigo;

/// <summary>The organisations of the export and their sources, as <see cref="OrganisationReader"/> read them.</summary>
internal sealed class IndigoOrganisations(List<ImportError> errors)
{
    /// <summary>Ids seen in the organisations file, valid or not: a reference to one of these is not "unknown".</summary>
    public HashSet<string> IdsInFile { get; } = new(StringComparer.Ordinal);

    /// <summary>Every organisation with an id, by INDIGO id, including those with problems (see <see cref="OrganisationRecord.Problems"/>).</summary>
    public Dictionary<string, OrganisationRecord> ById { get; } = new(StringComparer.Ordinal);

    /// <summary>The citable rows of the organisation sources file, by organisation and source id.</summary>
    public Dictionary<(string Organisation, string Source), CsvRow> Sources { get; } = [];

    /// <summary>
    /// The organisations the imported projects involve, marked as the rows naming them are read; an organisation
    /// with problems is marked by any row that names it, so that its problems are reported. Under a country
    /// filter only these are imported.
    /// </summary>
    public HashSet<string> Used { get; } = new(StringComparer.Ordinal);

    /// <summary>The organisation a row names; false, with the error recorded, when the id is empty or unknown.</summary>
    public bool TryGet(CsvRow row, string heading, [NotNullWhen(true)] out OrganisationRecord? organisation)
    {
        var id = row[heading];
        organisation = null;
        if (id.Length == 0)
        {
            errors.Add(row.Error(heading, "is empty; name the organisation (INDIGO-ORG-nnnn)."));
            return false;
        }

        if (!IdsInFile.Contains(id))
        {
            errors.Add(row.Error(heading, $"'{id}' is not an organisation in {IndigoExport.OrganisationsFile}."));
            return false;
        }

        if (!ById.TryGetValue(id, out organisation))
        {
            return false;
        }

        // A row of an imported project makes its organisation's own problems count (see OrganisationReader).
        if (organisation.Problems.Count > 0)
        {
            Used.Add(id);
            return false;
        }

        return true;
    }
}

/// <summary>An organisation as read; its <see cref="Problems"/> count only if it is imported.</summary>
internal sealed record OrganisationRecord(string Id, Organisation Organisation, CsvRow Row, List<ImportError> Problems)
{
    public List<CsvRow> SecondarySources { get; } = [];
}
