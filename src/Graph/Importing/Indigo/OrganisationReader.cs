using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using static SocialEconomy.Graph.Importing.Indigo.IndigoExport;
using static SocialEconomy.Graph.Importing.Indigo.IndigoValues;

namespace SocialEconomy.Graph.Importing.Indigo;

/// <summary>Reads the organisations, their sources and their secondary org-ids.</summary>
internal static class OrganisationReader
{
    public static IndigoOrganisations Read(IndigoImportState state)
    {
        var organisations = new IndigoOrganisations(state.Errors);
        ReadOrganisations(state, organisations);
        ReadOrganisationSources(state, organisations);
        ReadSecondaryOrgIds(state, organisations);
        return organisations;
    }

    private static void ReadOrganisations(IndigoImportState state, IndigoOrganisations organisations)
    {
        var table = state.Open(OrganisationsFile, "ID", "Name", "Trading Name", "Description", "Type - (Value)", "ORG-Ids - Primary", "Website");
        if (table is null)
        {
            state.Progress(OrganisationsFile, "not read");
            return;
        }

        var firstLines = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var id = row["ID"];
            if (id.Length == 0)
            {
                state.Errors.Add(row.Error("ID", "is empty; every organisation needs its INDIGO id (INDIGO-ORG-nnnn)."));
                continue;
            }

            if (!firstLines.TryAdd(id, row.Line))
            {
                state.Errors.Add(row.Error("ID", $"'{id}' repeats the organisation on line {firstLines[id]}; ids must be unique."));
                continue;
            }

            organisations.IdsInFile.Add(id);
            var problems = new List<ImportError>();
            if (LocalId(id).Length == 0)
            {
                problems.Add(row.Error("ID", $"'{id}' has no letters or digits to make a graph id from."));
            }

            if (row["Name"].Length == 0)
            {
                problems.Add(row.Error("Name", $"is empty; organisation {id} needs a name."));
            }

            // The organisation's own errors count only if it is imported (see IndigoBatchAssembler): under a country
            // filter, a broken record of an organisation no imported project involves is no concern.
            var organisation = new Organisation
            {
                Id = Id("indigo", LocalId(id)), Origin = GraphOrigins.Indigo, Name = Truncate(row["Name"], MaxName),
                LegalForm = Optional(row["Type - (Value)"]), Website = UrlOrNull(row["Website"]),
                Description = Optional(row["Description"]) is { } d ? Truncate(d, MaxText) : null,
                AlternativeNames = TradingNameOf(row["Name"], row["Trading Name"]),
            };
            if (TryParseOrgId(row["ORG-Ids - Primary"], out var scheme, out var value))
            {
                organisation.Identifiers.Add(new OrganisationIdentifier { OrganisationId = organisation.Id, Scheme = scheme, Value = value });
            }

            organisations.ById[id] = new OrganisationRecord(id, organisation, row, problems);
        }

        state.Progress(OrganisationsFile, $"{table.Rows.Count} organisations");
    }

    /// <summary>The trading name, when it is not just the name again; on one line, as a name list needs.</summary>
    private static string? TradingNameOf(string name, string tradingName)
    {
        var trading = OneLine(tradingName);
        return trading.Length == 0 || string.Equals(trading, OneLine(name), StringComparison.OrdinalIgnoreCase)
            ? null
            : NameList.Join([Truncate(trading, MaxName)]);
    }

    private static void ReadOrganisationSources(IndigoImportState state, IndigoOrganisations organisations)
    {
        var table = state.Open(OrganisationSourcesFile, "Organisation ID", "Id", "Name", "Type - (Value)", "Publishing Organisations", "URL",
            "Archive URL", "Publication Date", "Accessed Date");
        if (table is null)
        {
            state.Progress(OrganisationSourcesFile, "not read");
            return;
        }

        foreach (var row in table.Rows)
        {
            if (!organisations.TryGet(row, "Organisation ID", out _))
            {
                continue;
            }

            if (row["Id"].Length == 0)
            {
                state.Errors.Add(row.Error("Id", "is empty; a source needs an id."));
                continue;
            }

            if (row["Name"].Length == 0 && row["URL"].Length == 0)
            {
                state.Errors.Add(row.Error("Name", $"is empty, and so is the URL; source {row["Id"]} of {row["Organisation ID"]} cannot be cited."));
                continue;
            }

            organisations.Sources[(row["Organisation ID"], row["Id"])] = row;
        }

        state.Progress(OrganisationSourcesFile, $"{table.Rows.Count} sources");
    }

    private static void ReadSecondaryOrgIds(IndigoImportState state, IndigoOrganisations organisations)
    {
        var table = state.Open(SecondaryOrgIdsFile, "Organisation ID", "By Organisation ID", RowSources);
        if (table is null)
        {
            state.Progress(SecondaryOrgIdsFile, "not read");
            return;
        }

        var read = 0;
        foreach (var row in table.Rows)
        {
            if (!organisations.TryGet(row, "Organisation ID", out var record))
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

        state.Progress(SecondaryOrgIdsFile, $"{table.Rows.Count} secondary ids; {read} with an org-id.guide scheme");
    }
}
