using SocialEconomy.Graph.Nodes;

namespace SocialEconomy.Graph.Importing.Indigo;

/// <summary>The outcome funds of the export and their documents, as <see cref="FundReader"/> read them.</summary>
internal sealed class IndigoFunds
{
    /// <summary>Ids seen in the funds file, valid or not: a reference to one of these is not "unknown".</summary>
    public HashSet<string> IdsInFile { get; } = new(StringComparer.Ordinal);

    /// <summary>Every fund with an id, by INDIGO id, including those with problems.</summary>
    public Dictionary<string, FundRecord> ById { get; } = new(StringComparer.Ordinal);

    /// <summary>The funds an imported project is linked to; under a country filter only these are imported.</summary>
    public HashSet<string> Used { get; } = new(StringComparer.Ordinal);
}

/// <summary>A fund as read; its problems, and those of its documents, count only if it is imported.</summary>
internal sealed record FundRecord(string Id, Funder Funder, List<ImportError> Problems)
{
    public List<CsvRow> Documents { get; } = [];

    public List<ImportError> DocumentProblems { get; } = [];
}
