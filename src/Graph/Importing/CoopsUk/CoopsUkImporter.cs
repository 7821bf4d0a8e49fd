using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SocialEconomy.Graph.Crosswalks;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Places;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;

namespace SocialEconomy.Graph.Importing.CoopsUk;

/// <summary>
/// Reads the Co-operatives UK open dataset of organisations (open_data_organisations.csv, 2017 release; Latin-1)
/// into a <see cref="GraphBatch"/> of origin <see cref="GraphOrigins.CoopsUk"/>: one organisation per row with its
/// registered number as an org-id identifier, one co-operative model per ownership classification, and the
/// dataset itself as the source of every node and relationship.
/// </summary>
/// <remarks>
/// Registered numbers become identifiers only where the registrar has an org-id.guide scheme: FCA (the Mutuals
/// Public Register) as GB-MPR and Companies House as GB-COH, both exactly as written in the file. Numbers of
/// other registrars (DETINI for Northern Ireland, OSCR, the Charity Commission) and of rows whose registrar is
/// unknown ("Legal Form is not defined", "Unknown legal form") are not turned into identifiers.
/// </remarks>
public sealed partial class CoopsUkImporter : IDatasetImporter
{
    public const string SourceId = "coops-uk-open-data-2017";

    public const string OrganisationIdPrefix = "coops-uk-";

    internal const int MaxIdLength = 120;

    private const int MaxNameLength = 300;
    private const int MaxDescriptionLength = 4000;
    private const int MaxIdentifierLength = 60;
    private const int ProgressEvery = 1000;

    // The dataset's UTF-8 replacement character (EF BF BD) read as Latin-1: the publisher's export had already
    // lost the original character, so the honest reading is U+FFFD, not three accented letters.
    private const string ReplacementCharacterAsLatin1 = "\u00EF\u00BF\u00BD";

    private static class Column
    {
        public const string Id = "CUK Organisation ID";
        public const string RegisteredNumber = "Registered Number";
        public const string Registrar = "Registrar";
        public const string RegisteredName = "Registered Name";
        public const string TradingName = "Trading Name";
        public const string LegalForm = "Legal Form";
        public const string City = "Registered City";
        public const string Postcode = "Registered Postcode";
        public const string SicCode = "SIC Code";
        public const string Nation = "UK Nation";
        public const string Sector = "Sector - Simplified, High Level";
        public const string Ownership = "Ownership Classification";
        public const string Status = "Registered Status";
        public const string Incorporated = "Incorporation Date";
        public const string Dissolved = "Dissolved Date";

        /// <summary>The descriptions of the SIC code's levels, the most detailed first.</summary>
        public static readonly string[] SicDescriptions =
        [
            "SIC code  - level 5 description", "SIC code  - level 4 description", "SIC code  - level 3 description", "SIC code  - level 2 description",
        ];

        public static readonly string[] Required =
            [Id, RegisteredNumber, Registrar, RegisteredName, TradingName, LegalForm, City, Postcode, Nation, SicCode, .. SicDescriptions, Sector, Ownership, Status, Incorporated, Dissolved];
    }

    private const string SicPrefix = "UKSIC07-";

    private const string AreasCrosswalk = "coops-uk-to-areas";

    /// <summary>The nations whose region is the nation itself; in England the region comes from the postcode.</summary>
    private static readonly HashSet<string> NationsWithoutRegions = new(StringComparer.Ordinal) { "Scotland", "Wales", "Northern Ireland" };

    /// <summary>Org-id.guide schemes of the registrars named in the "Registrar" column.</summary>
    private static readonly Dictionary<string, string> SchemeOfRegistrar = new(StringComparer.OrdinalIgnoreCase)
    {
        ["FCA"] = "GB-MPR",
        ["Companies House"] = "GB-COH",
    };

    public string Name => "coops-uk";

    public string Description => "The Co-operatives UK open dataset of co-operatives.";

    public DatasetLayout Layout => DatasetLayout.File;

    public string PathDescription => "The Co-operatives UK open data CSV (open_data_organisations.csv, Latin-1).";

    /// <summary>Null: the dataset covers only the UK, so a country filter on the command line could only keep all or nothing.</summary>
    public string? CountryDescription => null;

    /// <summary>
    /// Reads <paramref name="file"/>. Every row that cannot be imported (a missing CUK Organisation ID or
    /// Registered Name, an unparseable date, a repeated id, a row the CSV reader could not read) is an
    /// <see cref="ImportError"/> naming file, line and column: with <see cref="ImportOptions.SkipInvalid"/> those
    /// rows are left out and listed in <see cref="ImportResult.Skipped"/>, otherwise <see cref="ImportException"/>
    /// is thrown and nothing is returned. A file without the expected headings always throws.
    /// </summary>
    /// <param name="file">The path of open_data_organisations.csv.</param>
    /// <param name="options">
    /// <see cref="ImportOptions.Country"/>: the dataset covers the UK only, so null or "GB" (any case) imports
    /// every row and any other country imports nothing (an empty batch, without reading the file).
    /// </param>
    public ImportResult Read(string file, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(options);

        var batch = new GraphBatch(GraphOrigins.CoopsUk);
        if (options.Country is { } country && !string.Equals(country.Trim(), "GB", StringComparison.OrdinalIgnoreCase))
        {
            options.Progress?.Report($"Co-operatives UK: the dataset covers only the UK (GB), not {country}; nothing to import.");
            return new ImportResult(batch, [], new CrosswalkTally());
        }

        var table = CsvTable.Read(file, Encoding.Latin1, Column.Required);
        if (table.Headings.Count == 0 || Column.Required.Any(h => !table.HasColumn(h)))
        {
            // Without its headings no row can be read: this is the wrong file, not a file with bad rows.
            throw new ImportException(table.Errors);
        }

        var errors = new List<ImportError>(table.Errors);
        var crosswalk = options.Crosswalks?.Find(AreasCrosswalk);
        var tally = new CrosswalkTally();
        var postcodeAreas = options.PostcodeAreas ?? PostcodeAreas.None;
        var firstLineOfId = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        var models = new SortedDictionary<string, Model>(StringComparer.Ordinal);
        var organisations = new List<Organisation>();
        var read = 0;
        foreach (var row in table.Rows)
        {
            if (TryReadRow(row, firstLineOfId, postcodeAreas, errors) is { } parsed)
            {
                organisations.Add(parsed.Organisation);
                if (crosswalk is not null)
                {
                    var fields = new Dictionary<string, string?>
                    {
                        ["sicCode"] = parsed.Organisation.SicCode,
                        ["sicDescription"] = parsed.Organisation.SicDescription,
                        ["sector"] = parsed.Organisation.Sector,
                    };
                    var result = crosswalk.Map(fields);
                    tally.Record(crosswalk, result, $"SIC {parsed.Organisation.SicCode ?? "none"} {parsed.Organisation.SicDescription}; sector {parsed.Organisation.Sector ?? "none"}".TrimEnd());
                    batch.Relationships.AddRange(result.Links.Select(link => WorksIn(parsed.Organisation.Id, link)));
                }

                if (parsed.Ownership is { } ownership)
                {
                    var model = CoopsUkOwnership.ModelOf(ownership);
                    models.TryAdd(model.Id, model);
                    batch.Relationships.Add(RunsModel(parsed.Organisation.Id, model.Id));
                }
            }

            if (++read % ProgressEvery == 0)
            {
                options.Progress?.Report($"Co-operatives UK: {Count(read)} of {Count(table.Rows.Count)} rows read.");
            }
        }

        errors.Sort((a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : (a.Column ?? 0).CompareTo(b.Column ?? 0));
        options.Progress?.Report(
            $"Co-operatives UK: {Count(read)} rows read: {Count(organisations.Count)} organisations, {Count(models.Count)} ownership models, {Count(errors.Count)} problem(s).");
        if (errors.Count > 0 && !options.SkipInvalid)
        {
            throw new ImportException(errors);
        }

        if (organisations.Count > 0)
        {
            batch.Sources.Add(new Source
            {
                Id = SourceId,
                Title = "Co-operatives UK open data: organisations (2017 release)",
                Publisher = "Co-operatives UK",
                Note = "The organisations table (open_data_organisations.csv) of the Co-operatives UK open dataset, 2017 release.",
            });
        }

        batch.Organisations.AddRange(organisations.OrderBy(o => o.Id, StringComparer.Ordinal));
        batch.Models.AddRange(models.Values);
        foreach (var relationship in batch.Relationships)
        {
            // A derived link rests on the row and on the crosswalk's own sources.
            var sources = relationship.Rule is null ? [SourceId] : crosswalk!.Sources.Prepend(SourceId);
            batch.RelationshipSources[relationship.Key] = new SortedSet<string>(sources, StringComparer.Ordinal);
        }

        batch.Relationships.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var id in batch.Organisations.Select(o => o.Id).Concat(batch.Models.Select(m => m.Id)))
        {
            batch.NodeSources[id] = new SortedSet<string>([SourceId], StringComparer.Ordinal);
        }

        return new ImportResult(batch, errors, tally);
    }

    private sealed record ParsedRow(Organisation Organisation, string? Ownership);

    private static ParsedRow? TryReadRow(CsvRow row, Dictionary<string, long> firstLineOfId, PostcodeAreas postcodeAreas, List<ImportError> errors)
    {
        var problems = new List<ImportError>();

        var cukId = Text(row, Column.Id);
        var id = OrganisationIdPrefix + cukId.ToLowerInvariant();
        if (cukId.Length == 0)
        {
            problems.Add(row.Error(Column.Id, "is empty; every row needs its Co-operatives UK id (e.g. R000001)."));
        }
        else if (!CukId().IsMatch(cukId) || id.Length > MaxIdLength)
        {
            problems.Add(row.Error(Column.Id, $"'{cukId}' cannot be made into a graph id: expected letters and digits (e.g. R000001), at most {MaxIdLength - OrganisationIdPrefix.Length} characters."));
        }
        else if (firstLineOfId.TryGetValue(cukId, out var firstLine))
        {
            problems.Add(row.Error(Column.Id, $"'{cukId}' is already used by the row on line {firstLine}; each organisation must appear once."));
        }
        else
        {
            firstLineOfId[cukId] = row.Line;
        }

        var name = Text(row, Column.RegisteredName);
        if (name.Length == 0)
        {
            problems.Add(row.Error(Column.RegisteredName, "is empty; every organisation needs its registered name."));
        }
        else if (name.Length > MaxNameLength)
        {
            problems.Add(row.Error(Column.RegisteredName, $"is {name.Length} characters long; at most {MaxNameLength} are allowed."));
        }

        var legalForm = Optional(row, Column.LegalForm, MaxNameLength, problems);
        var nation = Optional(row, Column.Nation, MaxNameLength, problems);
        var sector = Optional(row, Column.Sector, MaxNameLength, problems);
        var postcode = Optional(row, Column.Postcode, 12, problems)?.ToUpperInvariant();
        var sicCode = Optional(row, Column.SicCode, 20, problems) is { } code && code.StartsWith(SicPrefix, StringComparison.Ordinal) ? code[SicPrefix.Length..] : null;
        var sicDescription = Column.SicDescriptions.Select(heading => Optional(row, heading, MaxNameLength, problems)).FirstOrDefault(d => d is not null);
        var status = Text(row, Column.Status) switch
        {
            "Live" => OrganisationStatus.Active,
            "Dead" => OrganisationStatus.Dissolved,
            _ => (OrganisationStatus?)null,
        };
        var region = nation is not null && NationsWithoutRegions.Contains(nation) ? new RegionOfPostcode(nation, null)
            : nation == "England" ? postcodeAreas.EnglishRegionOf(postcode)
            : null;
        var place = Optional(row, Column.City, MaxNameLength, problems);
        var incorporated = Date(row, Column.Incorporated, problems);
        var dissolved = Date(row, Column.Dissolved, problems);
        if (incorporated is { } from && dissolved is { } to && to < from)
        {
            problems.Add(row.Error(Column.Dissolved, $"{Describe(to)} is before the incorporation date {Describe(from)}."));
        }

        var ownership = Text(row, Column.Ownership);
        if (ownership.Length > 0 && !CoopsUkOwnership.CanMakeId(ownership))
        {
            problems.Add(row.Error(Column.Ownership, $"'{ownership}' cannot be made into a model id; expected a classification such as Workers or Consumers."));
        }

        var identifier = Identifier(row, problems);
        var description = DescriptionOf(row, name, ownership, incorporated, dissolved);
        if (description.Length > MaxDescriptionLength)
        {
            problems.Add(row.Error(Column.TradingName, $"makes the description {description.Length} characters long; at most {MaxDescriptionLength} are kept."));
        }

        if (problems.Count > 0)
        {
            errors.AddRange(problems);
            return null;
        }

        var tradingName = Text(row, Column.TradingName);
        var organisation = new Organisation
        {
            Id = id,
            Name = name,
            AlternativeNames = tradingName.Length > 0 && tradingName.Length <= MaxNameLength && !string.Equals(tradingName, name, StringComparison.OrdinalIgnoreCase)
                ? NameList.Join([tradingName])
                : null,
            LegalForm = legalForm,
            Status = status,
            IncorporatedOn = incorporated,
            DissolvedOn = dissolved,
            Sector = sector,
            SicCode = sicCode,
            SicDescription = sicCode is null ? null : sicDescription,
            Region = region?.Region,
            RegionRule = region?.Rule,
            Nation = nation,
            Postcode = postcode,
            Place = place,
            Description = description,
        };
        if (identifier is { } registered)
        {
            organisation.Identifiers.Add(new OrganisationIdentifier { OrganisationId = id, Scheme = registered.Scheme, Value = registered.Value });
        }

        return new ParsedRow(organisation, ownership.Length > 0 ? ownership : null);
    }

    /// <summary>The registered number as an org-id identifier, where the registrar has a scheme.</summary>
    private static (string Scheme, string Value)? Identifier(CsvRow row, List<ImportError> problems)
    {
        var number = Text(row, Column.RegisteredNumber);
        if (number.Length == 0 || !SchemeOfRegistrar.TryGetValue(Text(row, Column.Registrar), out var scheme))
        {
            return null;
        }

        if (number.Length > MaxIdentifierLength)
        {
            problems.Add(row.Error(Column.RegisteredNumber, $"is {number.Length} characters long; a registered number has at most {MaxIdentifierLength}."));
            return null;
        }

        return (scheme, number);
    }

    /// <summary>One factual sentence from the row: trading name (when it differs), sector, ownership, status and dates.</summary>
    private static string DescriptionOf(CsvRow row, string name, string ownership, DateOnly? incorporated, DateOnly? dissolved)
    {
        var facts = new List<string>();
        var sector = Text(row, Column.Sector);
        if (sector.Length > 0)
        {
            facts.Add($"sector: {sector}");
        }

        if (ownership.Length > 0)
        {
            facts.Add($"ownership classification: {ownership}");
        }

        var status = Text(row, Column.Status);
        if (status.Length > 0)
        {
            facts.Add($"registered status: {status}");
        }

        if (incorporated is { } from)
        {
            facts.Add($"incorporated on {Describe(from)}");
        }

        if (dissolved is { } to)
        {
            facts.Add($"dissolved on {Describe(to)}");
        }

        var text = new StringBuilder();
        var tradingName = Text(row, Column.TradingName);
        if (tradingName.Length > 0 && !string.Equals(tradingName, name, StringComparison.OrdinalIgnoreCase))
        {
            text.Append($"Trades as {tradingName}").Append(tradingName.EndsWith('.') ? "" : ".");
        }

        if (facts.Count > 0)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(char.ToUpperInvariant(facts[0][0])).Append(facts[0].AsSpan(1));
            foreach (var fact in facts.Skip(1))
            {
                text.Append("; ").Append(fact);
            }

            text.Append('.');
        }

        return text.ToString();
    }

    private static Relationship RunsModel(string organisationId, string modelId)
    {
        var relationship = new Relationship
        {
            Key = "",
            Type = RelationshipType.Runs,
            FromKind = NodeKind.Organisation,
            FromId = organisationId,
            ToKind = NodeKind.Model,
            ToId = modelId,
            RoleKind = ParticipationRole.Operator,
            Role = "ownership classification",
        };
        relationship.Key = RelationshipKeys.For(relationship);
        return relationship;
    }

    private static Relationship WorksIn(string organisationId, CrosswalkMatch link)
    {
        var relationship = new Relationship
        {
            Key = "",
            Type = RelationshipType.WorksIn,
            FromKind = NodeKind.Organisation,
            FromId = organisationId,
            ToKind = NodeKind.ChallengeArea,
            ToId = link.Target,
            Rule = link.Rule,
            ReadValue = link.ReadValue,
        };
        relationship.Key = RelationshipKeys.For(relationship);
        return relationship;
    }

    /// <summary>A date written d/m/yyyy; empty is no date, anything else that is not a real date is an error.</summary>
    private static DateOnly? Date(CsvRow row, string heading, List<ImportError> problems)
    {
        var value = Text(row, heading);
        if (value.Length == 0)
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, ["d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        problems.Add(row.Error(heading, $"'{value}' is not a date written day/month/year (e.g. 11/8/1863)."));
        return null;
    }

    private static string? Optional(CsvRow row, string heading, int maxLength, List<ImportError> problems)
    {
        var value = Text(row, heading);
        if (value.Length > maxLength)
        {
            problems.Add(row.Error(heading, $"is {value.Length} characters long; at most {maxLength} are allowed."));
            return null;
        }

        return value.Length > 0 ? value : null;
    }

    private static string Text(CsvRow row, string heading) => row[heading].Replace(ReplacementCharacterAsLatin1, "\uFFFD", StringComparison.Ordinal);

    private static string Describe(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$")]
    private static partial Regex CukId();
}
