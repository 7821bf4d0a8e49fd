using System.Globalization;
using System.Text;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;

namespace SocialEconomy.Graph.Export;

/// <summary>The value types of exported properties; each export maps them to its own (Neo4j: int, double, date, string[]).</summary>
public enum ExportType
{
    String,
    Int,
    Double,
    Boolean,
    Date,
    StringList,
}

/// <summary>A property as exports show it: the API's field name, its type and how to read it.</summary>
public sealed record ExportProperty(string Name, ExportType Type, Func<object, object?> Read);

/// <summary>
/// Labels, relationship types and property names as the GraphQL API names them (types Organisation, Model, ...;
/// enum values such as RUNS or CO_OPERATIVE; camelCase fields), shared by the Neo4j and GraphML exports. Two
/// relationship types exist only in exports: CITES (a node to each of its sources) and PARENT_OF (the challenge-area tree).
/// </summary>
public static class ExportSchema
{
    public const string Cites = "CITES";

    public const string ParentOf = "PARENT_OF";

    /// <summary>The API's interface of every entity; every exported node carries it as a second label.</summary>
    public const string NodeLabel = "Node";

    public static IReadOnlyList<string> RelationshipTypes { get; } =
        [.. Enum.GetValues<RelationshipType>().Select(t => ConstantCase(t)), Cites, ParentOf];

    public static string Label(NodeKind kind) => kind.ToString();

    public static string TypeName(RelationshipType type) => ConstantCase(type);

    /// <summary>An enum value as GraphQL.NET prints it: WorksIn is WORKS_IN, CoOperative is CO_OPERATIVE.</summary>
    public static string ConstantCase(Enum value)
    {
        var name = value.ToString();
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])))
            {
                text.Append('_');
            }

            text.Append(char.ToUpperInvariant(name[i]));
        }

        return text.ToString();
    }

    /// <summary>The properties of a node kind, in column order.</summary>
    public static IReadOnlyList<ExportProperty> NodeProperties(NodeKind kind) => kind switch
    {
        NodeKind.Source =>
        [
            Text<Source>("title", s => s.Title), Text<Source>("publisher", s => s.Publisher), Text<Source>("url", s => s.Url),
            new("retrieved", ExportType.Date, n => ((Source)n).Retrieved), Text<Source>("licence", s => s.Licence),
            Text<Source>("note", s => s.Note), Origin,
        ],
        NodeKind.ChallengeArea =>
        [
            Text<ChallengeArea>("name", a => a.Name), Text<ChallengeArea>("description", a => a.Description),
            new("depth", ExportType.Int, n => ((ChallengeArea)n).Depth), Origin,
        ],
        NodeKind.Model =>
        [
            Text<Model>("name", m => m.Name), Names<Model>("alternativeNames", m => m.AlternativeNames),
            Text<Model>("family", m => ConstantCase(m.Family)), Text<Model>("subtype", m => m.Subtype),
            Text<Model>("description", m => m.Description), Text<Model>("sector", m => m.Sector), Origin,
        ],
        NodeKind.Organisation =>
        [
            Text<Organisation>("name", o => o.Name), Names<Organisation>("formerNames", o => o.FormerNames),
            Names<Organisation>("alternativeNames", o => o.AlternativeNames), Text<Organisation>("legalForm", o => o.LegalForm),
            Text<Organisation>("status", o => o.Status is { } status ? ConstantCase(status) : null),
            new("incorporatedOn", ExportType.Date, n => ((Organisation)n).IncorporatedOn),
            new("dissolvedOn", ExportType.Date, n => ((Organisation)n).DissolvedOn),
            Text<Organisation>("sector", o => o.Sector), Text<Organisation>("sicCode", o => o.SicCode),
            Text<Organisation>("sicDescription", o => o.SicDescription), Text<Organisation>("region", o => o.Region),
            Text<Organisation>("regionRule", o => o.RegionRule), Text<Organisation>("nation", o => o.Nation),
            Text<Organisation>("postcode", o => o.Postcode), Text<Organisation>("place", o => o.Place), Text<Organisation>("website", o => o.Website),
            Text<Organisation>("description", o => o.Description),
            // org-id.guide form, e.g. GB-COH-04518100: the scheme, a hyphen, the value.
            new("identifiers", ExportType.StringList, n => ((Organisation)n).Identifiers.Select(i => $"{i.Scheme}-{i.Value}").ToList()),
            Origin,
        ],
        NodeKind.Funder =>
        [
            Text<Funder>("name", f => f.Name), Names<Funder>("formerNames", f => f.FormerNames),
            Names<Funder>("alternativeNames", f => f.AlternativeNames), Text<Funder>("kind", f => ConstantCase(f.FunderKind)),
            Text<Funder>("organisationId", f => f.OrganisationId), Text<Funder>("website", f => f.Website),
            Text<Funder>("description", f => f.Description), Origin,
        ],
        NodeKind.Outcome => [Text<Outcome>("name", o => o.Name), Text<Outcome>("description", o => o.Description), Origin],
        NodeKind.Evidence =>
        [
            Text<EvidenceItem>("title", e => e.Title), Text<EvidenceItem>("authors", e => e.Authors), Text<EvidenceItem>("publisher", e => e.Publisher),
            new("year", ExportType.Int, n => ((EvidenceItem)n).Year), Text<EvidenceItem>("url", e => e.Url),
            Text<EvidenceItem>("design", e => ConstantCase(e.Design)), Text<EvidenceItem>("summary", e => e.Summary),
            new("studiesPooled", ExportType.Int, n => ((EvidenceItem)n).StudiesPooled),
            Text<EvidenceItem>("ratingScale", e => e.Rating is { } rating ? ConstantCase(rating.Scale) : null),
            new("ratingLevel", ExportType.Int, n => ((EvidenceItem)n).Rating?.Level),
            Text<EvidenceItem>("ratingLabel", e => e.Rating?.Label), Text<EvidenceItem>("ratingReason", e => e.Rating?.Reason),
            // Ratings on other scales, one "SCALE level (label)" per scale: a flat value every export format can hold.
            new("otherRatings", ExportType.StringList, n => ((EvidenceItem)n).OtherRatings
                .Select(r => r.Label is null ? $"{ConstantCase(r.Scale)} {r.Level}" : $"{ConstantCase(r.Scale)} {r.Level} ({r.Label})").ToList()),
            Origin,
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a node kind."),
    };

    /// <summary>The properties of every relationship of the graph's own types (read from a <see cref="RelationshipRecord"/>).</summary>
    public static IReadOnlyList<ExportProperty> RelationshipProperties { get; } =
    [
        Rel("key", ExportType.String, r => r.Relationship.Key),
        Rel("origin", ExportType.String, r => r.Relationship.Origin),
        Rel("roleKind", ExportType.String, r => r.Relationship.RoleKind is { } role ? ConstantCase(role) : null),
        Rel("role", ExportType.String, r => r.Relationship.Role),
        Rel("amount", ExportType.Double, r => r.Relationship.Amount),
        Rel("currency", ExportType.String, r => r.Relationship.Currency),
        Rel("year", ExportType.Int, r => r.Relationship.Year),
        Rel("instrument", ExportType.String, r => r.Relationship.Instrument is { } i ? ConstantCase(i) : null),
        Rel("effect", ExportType.String, r => r.Relationship.Effect is { } e ? ConstantCase(e) : null),
        Rel("primary", ExportType.Boolean, r => r.Relationship.Primary),
        Rel("effectSize", ExportType.String, r => r.Relationship.EffectSize),
        Rel("significant", ExportType.Boolean, r => r.Relationship.Significant),
        Rel("note", ExportType.String, r => r.Relationship.Note),
        Rel("rule", ExportType.String, r => r.Relationship.Rule),
        Rel("readValue", ExportType.String, r => r.Relationship.ReadValue),
        // Provenance of a relationship cannot be an edge to a Source: the source ids, and beside them who attributed each.
        Rel("sources", ExportType.StringList, r => r.Sources.Select(s => s.SourceId).ToList()),
        Rel("sourceOrigins", ExportType.StringList, r => r.Sources.Select(s => s.Origin).ToList()),
    ];

    /// <summary>A value as text in invariant form: decimals without trailing zeros, booleans in lower case, dates as yyyy-mm-dd.</summary>
    public static string? Format(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        decimal d => DumpRecords.CanonicalDecimal(d),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static ExportProperty Origin { get; } = new("origin", ExportType.String, n => ((INode)n).Origin);

    private static ExportProperty Names<T>(string name, Func<T, string?> read) =>
        new(name, ExportType.StringList, n => NameList.Split(read((T)n)).ToList());

    private static ExportProperty Text<T>(string name, Func<T, string?> read) => new(name, ExportType.String, n => read((T)n));

    private static ExportProperty Rel(string name, ExportType type, Func<RelationshipRecord, object?> read) => new(name, type, r => read((RelationshipRecord)r));
}
