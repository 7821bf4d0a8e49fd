using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SocialEconomy.Graph.Nodes;

namespace SocialEconomy.Graph.Store;

/// <summary>
/// An evidence item's ratings on other scales, stored as one JSON column: they are only ever read with their item,
/// never filtered on, and a column keeps the bulk writers' one-row-per-record shape.
/// </summary>
internal static class OtherRatingsJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static readonly ValueConverter<List<EvidenceRating>, string> Converter = new(
        ratings => Write(ratings),
        json => Read(json));

    public static readonly ValueComparer<List<EvidenceRating>> Comparer = new(
        (a, b) => Write(a!) == Write(b!),
        ratings => Write(ratings).GetHashCode(StringComparison.Ordinal),
        ratings => Read(Write(ratings)));

    public static string Write(List<EvidenceRating> ratings) => JsonSerializer.Serialize(ratings, Options);

    public static List<EvidenceRating> Read(string json) => JsonSerializer.Deserialize<List<EvidenceRating>>(json, Options) ?? [];
}
