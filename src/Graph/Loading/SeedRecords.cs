using System.Text.Json;
using System.Text.Json.Serialization;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;

namespace SocialEconomy.Graph.Loading;

// The shapes of the seed-data files (schema/seed-data/*.schema.json). They are read only after the file has
// passed its JSON Schema, so required members are present and enum values are known.

internal sealed record SourceRecord(string Id, string Title, string? Publisher, string? Url, DateOnly? Retrieved, string? Licence, string? Note);

internal sealed record ChallengeAreaRecord(string Id, string Name, string? Parent, string? Description, EvidenceStatementRecord? EvidenceStatement, List<string> Sources);

/// <summary>What is known about an area's evidence where it is thin or absent, with the sources that say so.</summary>
internal sealed record EvidenceStatementRecord(string Text, List<string> Sources);

internal sealed record ModelRecord(
    string Id, string Name, List<string>? AlternativeNames, ModelFamily Family, string? Subtype, string? Description,
    List<SeedLink>? ChallengeAreas, List<SeedLink>? Outcomes, List<string> Sources);

internal sealed record IdentifierRecord(string Scheme, string Value);

internal sealed record OrganisationRecord(
    string Id, string Name, List<string>? FormerNames, List<string>? AlternativeNames, string? LegalForm, List<IdentifierRecord>? Identifiers,
    OrganisationStatus? Status, DateOnly? IncorporatedOn, DateOnly? DissolvedOn, string? Sector, string? SicCode, string? SicDescription,
    string? Region, string? Nation, string? Postcode, string? Place,
    string? Website, string? Description, List<SeedLink>? Models, List<SeedLink>? ChallengeAreas, List<SeedLink>? Partners,
    List<string> Sources);

internal sealed record FundingRecord(
    string Recipient, FundingInstrument Instrument, decimal? Amount, string? Currency, int? Year, string? Note, List<string>? Sources);

internal sealed record FunderRecord(
    string Id, string Name, List<string>? FormerNames, List<string>? AlternativeNames, FunderKind Kind, string? Organisation, string? Website, string? Description, List<FundingRecord>? Fundings, List<string> Sources);

internal sealed record OutcomeRecord(string Id, string Name, string? Description, List<SeedLink>? ChallengeAreas, List<string> Sources);

/// <summary>A rating on a named scale; one in 'otherRatings' also names its sources.</summary>
internal sealed record RatingRecord(EvidenceScale Scale, int Level, string? Label, string Reason, List<string>? Sources);

internal sealed record FindingRecord(
    string Outcome, Effect? Effect, bool? Primary, string? EffectSize, bool? Significant, string? Note, List<string>? Sources);

internal sealed record EvidenceRecord(
    string Id, string Title, string? Authors, string? Publisher, int? Year, string Url, StudyDesign Design, string? Summary,
    int? StudiesPooled, RatingRecord Rating, List<RatingRecord>? OtherRatings, List<SeedLink>? Evaluates,
    List<SeedLink>? ChallengeAreas, List<FindingRecord>? Findings, List<string> Sources);

/// <summary>A link to another record: written as its id, or as {id, roleKind, role, sources}.</summary>
[JsonConverter(typeof(SeedLinkConverter))]
internal sealed record SeedLink(string Id, string? Role = null, List<string>? Sources = null, ParticipationRole? RoleKind = null);

internal sealed class SeedLinkConverter : JsonConverter<SeedLink>
{
    public override SeedLink Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new SeedLink(reader.GetString()!);
        }

        var shape = JsonSerializer.Deserialize<LinkObject>(ref reader, options)!;
        return new SeedLink(shape.Id, shape.Role, shape.Sources, shape.RoleKind);
    }

    public override void Write(Utf8JsonWriter writer, SeedLink value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, new LinkObject(value.Id, value.Role, value.Sources, value.RoleKind), options);

    private sealed record LinkObject(string Id, string? Role, List<string>? Sources, ParticipationRole? RoleKind);
}

internal static class SeedJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false) },
    };
}
