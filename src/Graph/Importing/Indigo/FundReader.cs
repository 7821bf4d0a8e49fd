using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using static SocialEconomy.Graph.Importing.Indigo.IndigoExport;
using static SocialEconomy.Graph.Importing.Indigo.IndigoValues;

namespace SocialEconomy.Graph.Importing.Indigo;

/// <summary>Reads the outcome funds (funders of kind outcomes fund) and their documents.</summary>
internal static class FundReader
{
    public static IndigoFunds Read(IndigoImportState state)
    {
        var funds = new IndigoFunds();
        ReadFunds(state, funds);
        ReadFundDocuments(state, funds);
        return funds;
    }

    private static void ReadFunds(IndigoImportState state, IndigoFunds funds)
    {
        const string name = "Fund - Name";
        const string purpose = "Fund - Purpose and classifications - Purpose";
        const string mechanism = "Fund - Mechanism";
        var table = state.Open(FundsFile, "ID", name, purpose, mechanism);
        if (table is null)
        {
            state.Progress(FundsFile, "not read");
            return;
        }

        var firstLines = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var id = row["ID"];
            if (id.Length == 0)
            {
                state.Errors.Add(row.Error("ID", "is empty; every fund needs its INDIGO id (INDIGO-FUND-nnnn)."));
                continue;
            }

            if (!firstLines.TryAdd(id, row.Line))
            {
                state.Errors.Add(row.Error("ID", $"'{id}' repeats the fund on line {firstLines[id]}; ids must be unique."));
                continue;
            }

            funds.IdsInFile.Add(id);
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
            funds.ById[id] = new FundRecord(id, funder, problems);
        }

        state.Progress(FundsFile, $"{table.Rows.Count} outcome funds");
    }

    private static void ReadFundDocuments(IndigoImportState state, IndigoFunds funds)
    {
        var table = state.Open(FundDocumentsFile, "Fund ID", "Title", "URL");
        if (table is null)
        {
            state.Progress(FundDocumentsFile, "not read");
            return;
        }

        foreach (var row in table.Rows)
        {
            var fundId = row["Fund ID"];
            if (fundId.Length == 0 || !funds.IdsInFile.Contains(fundId))
            {
                state.Errors.Add(row.Error("Fund ID", fundId.Length == 0 ? "is empty." : $"'{fundId}' is not a fund in {FundsFile}."));
                continue;
            }

            if (!funds.ById.TryGetValue(fundId, out var fund))
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

        state.Progress(FundDocumentsFile, $"{table.Rows.Count} fund documents");
    }
}
