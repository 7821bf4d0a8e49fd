using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;

namespace SocialEconomy.Graph.Export;

/// <summary>
/// The canonical JSON of each node and relationship, one line each (see docs/dump-format.md): fixed property
/// order, no whitespace, absent values left out, enums by their names in the store, amounts without trailing
/// zeros, dates as yyyy-mm-dd. The same graph gives the same bytes from either store, so the content hash is a
/// hash of these lines.
/// </summary>
public static class DumpRecords
{
    public const string Format = "social-economy-graph-dump";

    public const int Version = 1;

    internal static JsonWriterOptions WriterOptions { get; } = new()
    {
        // Non-ASCII text as itself, not \u escapes: the file stays readable, and it is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static void WriteNode(Utf8JsonWriter json, NodeRecord record)
    {
        json.WriteStartObject();
        json.WriteString("record", "node");
        json.WriteString("kind", record.Kind.ToString());
        json.WriteString("id", record.Node.Id);
        json.WriteString("origin", record.Node.Origin);
        switch (record.Node)
        {
            case Source s:
                Text(json, "title", s.Title);
                Text(json, "publisher", s.Publisher);
                Text(json, "url", s.Url);
                Text(json, "retrieved", DateText(s.Retrieved));
                Text(json, "licence", s.Licence);
                Text(json, "note", s.Note);
                break;
            case ChallengeArea a:
                Text(json, "name", a.Name);
                Text(json, "description", a.Description);
                Text(json, "parentId", a.ParentId);
                Text(json, "path", a.Path);
                json.WriteNumber("depth", a.Depth);
                break;
            case Model m:
                Text(json, "name", m.Name);
                Names(json, "alternativeNames", m.AlternativeNames);
                json.WriteString("family", m.Family.ToString());
                Text(json, "subtype", m.Subtype);
                Text(json, "description", m.Description);
                Text(json, "sector", m.Sector);
                break;
            case Organisation o:
                Text(json, "name", o.Name);
                Names(json, "formerNames", o.FormerNames);
                Names(json, "alternativeNames", o.AlternativeNames);
                Text(json, "legalForm", o.LegalForm);
                Text(json, "status", o.Status?.ToString());
                Text(json, "incorporatedOn", DateText(o.IncorporatedOn));
                Text(json, "dissolvedOn", DateText(o.DissolvedOn));
                Text(json, "sector", o.Sector);
                Text(json, "sicCode", o.SicCode);
                Text(json, "sicDescription", o.SicDescription);
                Text(json, "region", o.Region);
                Text(json, "regionRule", o.RegionRule);
                Text(json, "nation", o.Nation);
                Text(json, "postcode", o.Postcode);
                Text(json, "place", o.Place);
                Text(json, "website", o.Website);
                Text(json, "description", o.Description);
                json.WriteStartArray("identifiers");
                foreach (var identifier in o.Identifiers)
                {
                    json.WriteStartObject();
                    json.WriteString("scheme", identifier.Scheme);
                    json.WriteString("value", identifier.Value);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                break;
            case Funder f:
                Text(json, "name", f.Name);
                Names(json, "formerNames", f.FormerNames);
                Names(json, "alternativeNames", f.AlternativeNames);
                json.WriteString("funderKind", f.FunderKind.ToString());
                Text(json, "organisationId", f.OrganisationId);
                Text(json, "website", f.Website);
                Text(json, "description", f.Description);
                break;
            case Outcome o:
                Text(json, "name", o.Name);
                Text(json, "description", o.Description);
                break;
            case EvidenceItem e:
                Text(json, "title", e.Title);
                Text(json, "authors", e.Authors);
                Text(json, "publisher", e.Publisher);
                Number(json, "year", e.Year);
                Text(json, "url", e.Url);
                json.WriteString("design", e.Design.ToString());
                Text(json, "summary", e.Summary);
                Number(json, "studiesPooled", e.StudiesPooled);
                if (e.Rating is { } rating)
                {
                    json.WritePropertyName("rating");
                    WriteRating(json, rating);
                }

                if (e.OtherRatings.Count > 0)
                {
                    json.WriteStartArray("otherRatings");
                    e.OtherRatings.ForEach(other => WriteRating(json, other));
                    json.WriteEndArray();
                }

                break;
            default:
                throw new ArgumentException($"Unknown node type {record.Node.GetType().Name}.", nameof(record));
        }

        Sources(json, record.Sources);
        json.WriteEndObject();
    }

    public static void WriteRelationship(Utf8JsonWriter json, RelationshipRecord record)
    {
        var r = record.Relationship;
        json.WriteStartObject();
        json.WriteString("record", "relationship");
        json.WriteString("key", r.Key);
        json.WriteString("origin", r.Origin);
        json.WriteString("type", r.Type.ToString());
        json.WriteString("fromKind", r.FromKind.ToString());
        json.WriteString("fromId", r.FromId);
        json.WriteString("toKind", r.ToKind.ToString());
        json.WriteString("toId", r.ToId);
        Text(json, "roleKind", r.RoleKind?.ToString());
        Text(json, "role", r.Role);
        if (r.Amount is { } amount)
        {
            json.WritePropertyName("amount");
            json.WriteRawValue(CanonicalDecimal(amount), skipInputValidation: true);
        }

        Text(json, "currency", r.Currency);
        Number(json, "year", r.Year);
        Text(json, "instrument", r.Instrument?.ToString());
        Text(json, "effect", r.Effect?.ToString());
        Boolean(json, "primary", r.Primary);
        Text(json, "effectSize", r.EffectSize);
        Boolean(json, "significant", r.Significant);
        Text(json, "note", r.Note);
        Text(json, "rule", r.Rule);
        Text(json, "readValue", r.ReadValue);
        Sources(json, record.Sources);
        json.WriteEndObject();
    }

    /// <summary>A decimal without trailing zeros: 1500000.00 in PostgreSQL and 1500000.0 in SQLite are both "1500000".</summary>
    public static string CanonicalDecimal(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    /// <summary>Reads one record line back into a node; throws <see cref="FormatException"/> naming the field that is wrong.</summary>
    public static NodeRecord ReadNode(JsonElement json)
    {
        var kind = Enum<NodeKind>(json, "kind");
        var id = Required(json, "id");
        var origin = Required(json, "origin");
        INode node = kind switch
        {
            NodeKind.Source => new Source
            {
                Id = id, Origin = origin, Title = Required(json, "title"), Publisher = Optional(json, "publisher"), Url = Optional(json, "url"),
                Retrieved = OptionalDate(json, "retrieved"),
                Licence = Optional(json, "licence"), Note = Optional(json, "note"),
            },
            NodeKind.ChallengeArea => new ChallengeArea
            {
                Id = id, Origin = origin, Name = Required(json, "name"), Description = Optional(json, "description"),
                ParentId = Optional(json, "parentId"), Path = Required(json, "path"), Depth = Int(json, "depth") ?? throw Missing("depth"),
            },
            NodeKind.Model => new Model
            {
                Id = id, Origin = origin, Name = Required(json, "name"), AlternativeNames = ReadNames(json, "alternativeNames"),
                Family = Enum<ModelFamily>(json, "family"), Subtype = Optional(json, "subtype"), Description = Optional(json, "description"),
                Sector = Optional(json, "sector"),
            },
            NodeKind.Organisation => new Organisation
            {
                Id = id, Origin = origin, Name = Required(json, "name"), FormerNames = ReadNames(json, "formerNames"),
                AlternativeNames = ReadNames(json, "alternativeNames"), LegalForm = Optional(json, "legalForm"),
                Status = Optional(json, "status") is null ? null : Enum<OrganisationStatus>(json, "status"),
                IncorporatedOn = OptionalDate(json, "incorporatedOn"), DissolvedOn = OptionalDate(json, "dissolvedOn"),
                Sector = Optional(json, "sector"), SicCode = Optional(json, "sicCode"), SicDescription = Optional(json, "sicDescription"),
                Region = Optional(json, "region"), RegionRule = Optional(json, "regionRule"), Nation = Optional(json, "nation"),
                Postcode = Optional(json, "postcode"), Place = Optional(json, "place"), Website = Optional(json, "website"), Description = Optional(json, "description"),
                Identifiers = [.. Array(json, "identifiers").Select(i => new OrganisationIdentifier
                {
                    OrganisationId = id, Scheme = Required(i, "scheme"), Value = Required(i, "value"),
                })],
            },
            NodeKind.Funder => new Funder
            {
                Id = id, Origin = origin, Name = Required(json, "name"), FormerNames = ReadNames(json, "formerNames"),
                AlternativeNames = ReadNames(json, "alternativeNames"), FunderKind = Enum<FunderKind>(json, "funderKind"),
                OrganisationId = Optional(json, "organisationId"), Website = Optional(json, "website"), Description = Optional(json, "description"),
            },
            NodeKind.Outcome => new Outcome { Id = id, Origin = origin, Name = Required(json, "name"), Description = Optional(json, "description") },
            NodeKind.Evidence => new EvidenceItem
            {
                Id = id, Origin = origin, Title = Required(json, "title"), Authors = Optional(json, "authors"), Publisher = Optional(json, "publisher"),
                Year = Int(json, "year"), Url = Required(json, "url"), Design = Enum<StudyDesign>(json, "design"), Summary = Optional(json, "summary"),
                StudiesPooled = Int(json, "studiesPooled"),
                Rating = json.TryGetProperty("rating", out var rating) && rating.ValueKind == JsonValueKind.Object ? ReadRating(rating) : null,
                OtherRatings = json.TryGetProperty("otherRatings", out var others) && others.ValueKind == JsonValueKind.Array
                    ? [.. others.EnumerateArray().Select(ReadRating)]
                    : [],
            },
            _ => throw new FormatException($"field 'kind': '{kind}' is not a node kind."),
        };
        return new NodeRecord(kind, node, ReadSources(json));
    }

    public static RelationshipRecord ReadRelationship(JsonElement json)
    {
        var relationship = new Relationship
        {
            Key = Required(json, "key"),
            Origin = Required(json, "origin"),
            Type = Enum<RelationshipType>(json, "type"),
            FromKind = Enum<NodeKind>(json, "fromKind"),
            FromId = Required(json, "fromId"),
            ToKind = Enum<NodeKind>(json, "toKind"),
            ToId = Required(json, "toId"),
            RoleKind = Optional(json, "roleKind") is null ? null : Enum<ParticipationRole>(json, "roleKind"),
            Role = Optional(json, "role"),
            Amount = json.TryGetProperty("amount", out var amount) && amount.ValueKind != JsonValueKind.Null
                ? amount.TryGetDecimal(out var value) ? value : throw new FormatException("field 'amount': not a decimal number.")
                : null,
            Currency = Optional(json, "currency"),
            Year = Int(json, "year"),
            Instrument = Optional(json, "instrument") is null ? null : Enum<FundingInstrument>(json, "instrument"),
            Effect = Optional(json, "effect") is null ? null : Enum<Effect>(json, "effect"),
            Primary = Bool(json, "primary"),
            EffectSize = Optional(json, "effectSize"),
            Significant = Bool(json, "significant"),
            Note = Optional(json, "note"),
            Rule = Optional(json, "rule"),
            ReadValue = Optional(json, "readValue"),
        };
        if (!RelationshipEnds.Allows(relationship.Type, relationship.FromKind, relationship.ToKind))
        {
            throw new FormatException($"a {relationship.Type} relationship cannot join {relationship.FromKind} to {relationship.ToKind}.");
        }

        return new RelationshipRecord(relationship, ReadSources(json));
    }

    private static void Sources(Utf8JsonWriter json, IReadOnlyList<SourceAttribution> sources)
    {
        json.WriteStartArray("sources");
        foreach (var source in sources)
        {
            json.WriteStartObject();
            json.WriteString("source", source.SourceId);
            json.WriteString("origin", source.Origin);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void Text(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    /// <summary>A list of names (stored one per line) as a JSON array; left out when empty.</summary>
    private static void Names(Utf8JsonWriter json, string name, string? stored)
    {
        if (stored is null)
        {
            return;
        }

        json.WriteStartArray(name);
        foreach (var item in NameList.Split(stored))
        {
            json.WriteStringValue(item);
        }

        json.WriteEndArray();
    }

    private static string? ReadNames(JsonElement json, string name)
    {
        if (!json.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (array.ValueKind != JsonValueKind.Array || array.EnumerateArray().Any(i => i.ValueKind != JsonValueKind.String))
        {
            throw new FormatException($"field '{name}': expected an array of strings.");
        }

        try
        {
            return NameList.Join(array.EnumerateArray().Select(i => i.GetString()!));
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"field '{name}': {ex.Message}");
        }
    }

    private static string? DateText(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? OptionalDate(JsonElement json, string name) => Optional(json, name) is { } text ? Date(text, name) : null;

    private static void Number(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
    }

    private static void Boolean(Utf8JsonWriter json, string name, bool? value)
    {
        if (value is { } flag)
        {
            json.WriteBoolean(name, flag);
        }
    }

    private static List<SourceAttribution> ReadSources(JsonElement json) =>
        [.. Array(json, "sources").Select(s => new SourceAttribution(Required(s, "source"), Required(s, "origin")))];

    private static IEnumerable<JsonElement> Array(JsonElement json, string name) =>
        json.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : throw Missing(name);

    private static string Required(JsonElement json, string name) => Optional(json, name) ?? throw Missing(name);

    private static string? Optional(JsonElement json, string name) =>
        !json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new FormatException($"field '{name}': expected a string, found {value.ValueKind}.");

    private static void WriteRating(Utf8JsonWriter json, EvidenceRating rating)
    {
        json.WriteStartObject();
        json.WriteString("scale", rating.Scale.ToString());
        json.WriteNumber("level", rating.Level);
        Text(json, "label", rating.Label);
        Text(json, "reason", rating.Reason);
        if (rating.Sources.Count > 0)
        {
            json.WriteStartArray("sources");
            rating.Sources.ForEach(json.WriteStringValue);
            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static EvidenceRating ReadRating(JsonElement rating) => new()
    {
        Scale = Enum<EvidenceScale>(rating, "scale"), Level = Int(rating, "level") ?? throw Missing("rating.level"),
        Label = Optional(rating, "label"), Reason = Required(rating, "reason"),
        Sources = rating.TryGetProperty("sources", out var sources) && sources.ValueKind == JsonValueKind.Array
            ? [.. sources.EnumerateArray().Select(s => s.GetString() ?? throw new FormatException("field 'rating.sources': expected strings."))]
            : [],
    };

    private static bool? Bool(JsonElement json, string name) =>
        !json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : throw new FormatException($"field '{name}': expected true or false.");

    private static int? Int(JsonElement json, string name) =>
        !json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number
        : throw new FormatException($"field '{name}': expected a whole number.");

    private static T Enum<T>(JsonElement json, string name)
        where T : struct, Enum
    {
        var text = Required(json, name);
        return System.Enum.TryParse<T>(text, ignoreCase: false, out var value) && System.Enum.IsDefined(value) && !char.IsAsciiDigit(text[0])
            ? value
            : throw new FormatException($"field '{name}': '{text}' is not one of {string.Join(", ", System.Enum.GetNames<T>())}.");
    }

    private static DateOnly Date(string text, string name) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new FormatException($"field '{name}': '{text}' is not a date (yyyy-mm-dd).");

    private static FormatException Missing(string name) => new($"field '{name}' is missing.");
}
