using System.Text;
using System.Text.RegularExpressions;
using SocialEconomy.Graph.Crosswalks;
using SocialEconomy.Graph.Importing;
using SocialEconomy.Graph.Importing.CoopsUk;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Places;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Tests.Export;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Importing;

/// <summary>
/// The Co-operatives UK importer on the publisher's own 2017 file (facts checked against the CSV by hand), and on
/// copies of it with damaged rows: every problem named by file, line and column, nothing returned unless asked to skip.
/// </summary>
public sealed class CoopsUkImporterTests
{
    private const int RowsInFile = 8371;

    private static readonly Lazy<ImportResult> RealFile = new(() => new CoopsUkImporter().Read(DataFile, new ImportOptions(
        Crosswalks: CrosswalkSet.Load(Repository.SeedData), PostcodeAreas: PostcodeAreas.Load(Repository.SeedData))));

    private static string DataFile => Path.Combine(Repository.OpenData, "coops-uk-2017", "open_data_organisations.csv");

    private static GraphBatch Batch => RealFile.Value.Batch;

    /// <summary>The publisher's rows, read here with a CSV reader of the tests' own, to check the importer against.</summary>
    private static readonly Lazy<List<Dictionary<string, string>>> PublishedRows = new(() => Csv.ReadRows(DataFile, Encoding.Latin1));

    private static Organisation Organisation(string cukId) => Batch.Organisations.Single(o => o.Id == "coops-uk-" + cukId.ToLowerInvariant());

    [Fact]
    public void RealFile_ImportsEveryRow_AsOneOrganisation()
    {
        Assert.Empty(RealFile.Value.Skipped);
        Assert.Equal(GraphOrigins.CoopsUk, Batch.Origin);
        Assert.Equal(RowsInFile, Batch.Organisations.Count);
        Assert.Equal(RowsInFile, Batch.Organisations.Select(o => o.Id).Distinct().Count());
    }

    [Fact]
    public void CooperativeGroup_HasItsMutualsRegisterNumber_AndConsumerOwnership()
    {
        var group = Organisation("R000001");

        Assert.Equal("coops-uk-r000001", group.Id);
        Assert.Equal("Co-operative Group Limited", group.Name);
        Assert.Equal("Society", group.LegalForm);
        Assert.Equal("England", group.Nation);
        Assert.Equal("M60 0AG", group.Postcode);
        Assert.Equal("North West", group.Region);
        Assert.Null(group.RegionRule);
        Assert.Equal("Manchester", group.Place);
        Assert.Equal(["The Co-operative Group"], NameList.Split(group.AlternativeNames));
        Assert.Equal(OrganisationStatus.Active, group.Status);
        Assert.Equal(new DateOnly(1863, 8, 11), group.IncorporatedOn);
        Assert.Null(group.DissolvedOn);
        Assert.Equal("Retail", group.Sector);
        Assert.Equal(("4711", "Retail sale in non-specialised stores with food, beverages or tobacco predominating"), (group.SicCode, group.SicDescription));
        var identifier = Assert.Single(group.Identifiers);
        Assert.Equal(("GB-MPR", "525R"), (identifier.Scheme, identifier.Value));
        Assert.Equal(group.Id, identifier.OrganisationId);
        Assert.Equal(
            "Trades as The Co-operative Group. Sector: Retail; ownership classification: Consumers; registered status: Live; incorporated on 11 August 1863.",
            group.Description);

        var runs = Assert.Single(Batch.Relationships, r => r.FromId == group.Id);
        Assert.Equal(RelationshipType.Runs, runs.Type);
        Assert.Equal((NodeKind.Organisation, NodeKind.Model), (runs.FromKind, runs.ToKind));
        Assert.Equal("coops-uk-ownership-consumers", runs.ToId);
        Assert.Equal("ownership classification", runs.Role);
        Assert.Equal(ParticipationRole.Operator, runs.RoleKind);
        Assert.Equal(RelationshipKeys.For(runs), runs.Key);

        var consumers = Batch.Models.Single(m => m.Id == runs.ToId);
        Assert.Equal("Consumer co-operative", consumers.Name);
        Assert.Equal(ModelFamily.CoOperative, consumers.Family);
        Assert.Equal("Consumers", consumers.Subtype);
    }

    [Fact]
    public void CompaniesHouseNumbers_AreKeptAsWritten()
    {
        // R000039 Littleton & Badsey Growers Ltd, Companies House 04518100: the leading zero stays.
        var growers = Organisation("R000039");
        Assert.Equal("Littleton & Badsey Growers Ltd", growers.Name);
        var identifier = Assert.Single(growers.Identifiers);
        Assert.Equal(("GB-COH", "04518100"), (identifier.Scheme, identifier.Value));
        Assert.Contains("ownership classification: Enterprises", growers.Description);

        // R021003 is written "7569" in the file; org-id.guide does not state a length to pad to, so it is not padded.
        Assert.Equal(("GB-COH", "7569"), Organisation("R021003").Identifiers.Select(i => (i.Scheme, i.Value)).Single());
    }

    [Fact]
    public void NorthernIrelandSocieties_RegisteredWithDetini_GetNoIdentifier()
    {
        // R000045 Fane Valley Co-operative Society Limited, DETINI IP000348: no org-id scheme for that register.
        var fane = Organisation("R000045");
        Assert.Equal("Fane Valley Co-operative Society Limited", fane.Name);
        Assert.Equal("Northern Ireland", fane.Region);
        Assert.Empty(fane.Identifiers);
    }

    [Fact]
    public void IdentifierCounts_FollowTheRegistrars()
    {
        var identifiers = Batch.Organisations.SelectMany(o => o.Identifiers).ToList();

        Assert.Equal(["GB-COH", "GB-MPR"], identifiers.Select(i => i.Scheme).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(6464, identifiers.Count(i => i.Scheme == "GB-MPR"));
        Assert.Equal(1332, identifiers.Count(i => i.Scheme == "GB-COH"));
    }

    [Fact]
    public void DissolvedSociety_StatesItsStatusAndDates()
    {
        var anglia = Organisation("R000006");

        Assert.Equal("Anglia Regional Co-operative Society Limited", anglia.Name);
        Assert.Equal(
            "Sector: Retail; ownership classification: Consumers; registered status: Dead; incorporated on 10 March 1921; dissolved on 11 December 2013.",
            anglia.Description);
    }

    [Fact]
    public void OwnershipClassifications_BecomeOneCooperativeModelEach()
    {
        Assert.Equal(
            [
                "coops-uk-ownership-co-operatives", "coops-uk-ownership-community-of-interest", "coops-uk-ownership-consumers",
                "coops-uk-ownership-employee-trust", "coops-uk-ownership-enterprises", "coops-uk-ownership-multi-stakeholder",
                "coops-uk-ownership-self-employed", "coops-uk-ownership-tenants", "coops-uk-ownership-workers",
            ],
            Batch.Models.Select(m => m.Id));
        Assert.All(Batch.Models, m => Assert.Equal(ModelFamily.CoOperative, m.Family));
        Assert.Equal("Worker co-operative", Batch.Models.Single(m => m.Subtype == "Workers").Name);

        // Every row with a classification (all but 1,365) runs its model.
        Assert.Equal(RowsInFile - 1365, Batch.Relationships.Count(r => r.Type == RelationshipType.Runs));
        Assert.Equal(633, Batch.Relationships.Count(r => r.ToId == "coops-uk-ownership-workers"));
    }

    [Fact]
    public void EveryNodeAndRelationship_HasTheDatasetAsSource()
    {
        var source = Assert.Single(Batch.Sources);
        Assert.Equal("coops-uk-open-data-2017", source.Id);
        Assert.Equal("Co-operatives UK open data: organisations (2017 release)", source.Title);
        Assert.Equal("Co-operatives UK", source.Publisher);

        Assert.All(Batch.Organisations.Select(o => o.Id).Concat(Batch.Models.Select(m => m.Id)),
            id => Assert.Equal([source.Id], Batch.NodeSources[id]));
        Assert.All(Batch.Relationships.Where(r => r.Rule is null), r => Assert.Equal([source.Id], Batch.RelationshipSources[r.Key]));
        Assert.Equal(Batch.Relationships.Count, Batch.RelationshipSources.Count);
    }

    [Fact]
    public void IdsNamesAndDescriptions_FitTheStore()
    {
        var ids = new Regex("^[a-z0-9]+(-[a-z0-9]+)*$");
        var nodes = Batch.Organisations.Select(o => (o.Id, o.Name, o.Description))
            .Concat(Batch.Models.Select(m => (m.Id, m.Name, m.Description)));

        Assert.All(nodes, n =>
        {
            Assert.Matches(ids, n.Id);
            Assert.InRange(n.Id.Length, 1, 120);
            Assert.InRange(n.Name.Length, 1, 300);
            Assert.InRange(n.Description?.Length ?? 0, 0, 4000);
        });
    }

    [Fact]
    public void StatusesDatesSectorsAndNations_AreTheFilesOwn()
    {
        var rows = PublishedRows.Value;

        Assert.Equal(rows.Count(r => r["Registered Status"] == "Live"), Batch.Organisations.Count(o => o.Status == OrganisationStatus.Active));
        Assert.Equal(rows.Count(r => r["Registered Status"] == "Dead"), Batch.Organisations.Count(o => o.Status == OrganisationStatus.Dissolved));
        Assert.Equal(rows.Count(r => r["Dissolved Date"].Length > 0), Batch.Organisations.Count(o => o.DissolvedOn is not null));
        Assert.Equal(
            rows.GroupBy(r => r["Sector - Simplified, High Level"]).Where(g => g.Key.Length > 0).ToDictionary(g => g.Key, g => g.Count()),
            Batch.Organisations.Where(o => o.Sector is not null).GroupBy(o => o.Sector!).ToDictionary(g => g.Key, g => g.Count()));
        Assert.Equal(
            rows.GroupBy(r => r["UK Nation"]).Where(g => g.Key.Length > 0).ToDictionary(g => g.Key, g => g.Count()),
            Batch.Organisations.Where(o => o.Nation is not null).GroupBy(o => o.Nation!).ToDictionary(g => g.Key, g => g.Count()));
    }

    [Fact]
    public void Regions_AreTheNationOutsideEngland_AndFromThePostcodeAreaInside()
    {
        foreach (var organisation in Batch.Organisations)
        {
            switch (organisation.Nation)
            {
                case "Scotland" or "Wales" or "Northern Ireland":
                    Assert.Equal(organisation.Nation, organisation.Region);
                    break;
                case "England" when organisation.Region is not null:
                    Assert.Contains(organisation.Region, PostcodeAreas.EnglishRegions);
                    break;
                default:
                    Assert.Null(organisation.Region);
                    break;
            }
        }

        // A postcode area spanning regions is given the one that holds most of it, and the record says so.
        var spanning = Batch.Organisations.Where(o => o.RegionRule is not null).ToList();
        Assert.NotEmpty(spanning);
        Assert.All(spanning, o => Assert.StartsWith($"postcode area {PostcodeAreas.AreaOf(o.Postcode)} spans ", o.RegionRule, StringComparison.Ordinal));
    }

    [Fact]
    public void SicCodesNamingAnArea_AreLinkedToIt_WithTheRuleAndTheValueRead_AndOthersAreListedUnmapped()
    {
        var rows = PublishedRows.Value;
        var homeCare = rows.Where(r => r["SIC Code"].StartsWith("UKSIC07-8810", StringComparison.Ordinal)).Select(r => "coops-uk-" + r["CUK Organisation ID"].ToLowerInvariant()).ToHashSet();

        var links = Batch.Relationships.Where(r => r.Type == RelationshipType.WorksIn && r.ToId == "co-operative-home-care").ToList();

        Assert.Equal(homeCare.Order(), links.Select(l => l.FromId).Order());
        Assert.All(links, l => Assert.Equal("coops-uk-to-areas/home-care", l.Rule));
        Assert.All(links, l => Assert.StartsWith("sicCode: 8810", l.ReadValue, StringComparison.Ordinal));
        Assert.All(links, l => Assert.Equal(["coops-uk-open-data-2017", "src-coops-uk-2017"], Batch.RelationshipSources[l.Key]));
        var unmapped = RealFile.Value.Crosswalked!.Unmapped["coops-uk-to-areas"];
        Assert.Equal(rows.Count - Batch.Relationships.Where(r => r.Type == RelationshipType.WorksIn).Select(r => r.FromId).Distinct().Count(), unmapped.Values.Sum());
    }

    [Fact]
    public void Output_IsSortedById_AndTheSameOnEveryRead()
    {
        Assert.Equal(Batch.Organisations.Select(o => o.Id).Order(StringComparer.Ordinal), Batch.Organisations.Select(o => o.Id));
        Assert.Equal(Batch.Relationships.Select(r => r.Key).Order(StringComparer.Ordinal), Batch.Relationships.Select(r => r.Key));

        var again = new CoopsUkImporter().Read(DataFile, new ImportOptions(
            Crosswalks: CrosswalkSet.Load(Repository.SeedData), PostcodeAreas: PostcodeAreas.Load(Repository.SeedData))).Batch;
        Assert.Equal(Batch.Organisations.Select(o => (o.Id, o.Name, o.Description)), again.Organisations.Select(o => (o.Id, o.Name, o.Description)));
        Assert.Equal(Batch.Relationships.Select(r => r.Key), again.Relationships.Select(r => r.Key));
    }

    [Fact]
    public void FileIsReadAsLatin1_AndItsLostCharacterStaysAReplacementCharacter()
    {
        // The file's only bytes above 127 are EF BF BD (a replacement character the export had already put in
        // place of a lost letter), e.g. R007626 "Film Caf? Co-op Limited": it must not come out as "Cafï¿½".
        var film = Organisation("R007626");
        Assert.Equal("Film Caf\uFFFD Co-op Limited", film.Name);
        Assert.Equal("Trades as Film Caf\uFFFD Co-op.", film.Description![..("Trades as Film Caf\uFFFD Co-op.".Length)]);
        Assert.DoesNotContain(Batch.Organisations, o => o.Name.Contains('\u00EF') || (o.Description ?? "").Contains('\u00EF'));
    }

    [Fact]
    public void Latin1Bytes_AreDecodedAsLatin1()
    {
        // A test-made copy: the replacement character of R007626 turned into the single Latin-1 byte E9.
        var file = DamagedCopy(text => text.Replace("Film Caf\u00EF\u00BF\u00BD Co-op Limited", "Film Caf\u00E9 Co-op Limited", StringComparison.Ordinal));

        var organisation = new CoopsUkImporter().Read(file, new ImportOptions()).Batch.Organisations.Single(o => o.Id == "coops-uk-r007626");

        Assert.Equal("Film Café Co-op Limited", organisation.Name);
    }

    [Fact]
    public void DamagedRows_StopTheImport_NamingFileLineAndColumn()
    {
        var file = DamagedFile();

        var ex = Assert.Throws<ImportException>(() => new CoopsUkImporter().Read(file, new ImportOptions()));

        Assert.Equal(4, ex.Errors.Count);
        Assert.All(ex.Errors, e => Assert.Equal(file, e.File));

        var badDate = ex.Errors[0];
        Assert.Equal((2L, 25, "Incorporation Date"), (badDate.Line, badDate.Column, badDate.Field));
        Assert.Contains("'31/2/1863' is not a date", badDate.Message);
        Assert.StartsWith($"{file}:2:25: column 'Incorporation Date': ", badDate.ToString());

        var duplicate = ex.Errors[1];
        Assert.Equal((3L, 1, "CUK Organisation ID"), (duplicate.Line, duplicate.Column, duplicate.Field));
        Assert.Contains("already used by the row on line 2", duplicate.Message);

        var missingName = ex.Errors[2];
        Assert.Equal((38L, 4, "Registered Name"), (missingName.Line, missingName.Column, missingName.Field));
        Assert.Contains("is empty", missingName.Message);

        // The last row (R022004, lines 14798-14800) has lost the closing quote of its last field.
        var unclosed = ex.Errors[3];
        Assert.Equal(14798L, unclosed.Line);
        Assert.NotNull(unclosed.Column);
        Assert.Contains("line 14800", unclosed.Message);
        Assert.Contains("never closed", unclosed.Message);
    }

    [Fact]
    public void SkipInvalid_ImportsTheRest_AndListsTheSkippedRows()
    {
        var file = DamagedFile();

        var result = new CoopsUkImporter().Read(file, new ImportOptions(SkipInvalid: true));

        Assert.Equal([2L, 3L, 38L, 14798L], result.Skipped.Select(e => e.Line));
        var ids = result.Batch.Organisations.Select(o => o.Id).ToHashSet();
        Assert.Equal(RowsInFile - 4, ids.Count);
        Assert.DoesNotContain("coops-uk-r000001", ids);
        Assert.DoesNotContain("coops-uk-r000039", ids);
        Assert.DoesNotContain("coops-uk-r022004", ids);
        Assert.Contains("coops-uk-r000004", ids);
        Assert.DoesNotContain(result.Batch.Relationships, r => r.FromId == "coops-uk-r000001");
        Assert.All(result.Batch.Relationships, r => Assert.Contains(r.FromId, ids));
    }

    [Fact]
    public void MissingHeading_IsAnErrorOfTheFile_EvenWhenSkippingInvalidRows()
    {
        var file = DamagedCopy(text => text.Replace("\"Registered Name\"", "\"Name\"", StringComparison.Ordinal));

        var ex = Assert.Throws<ImportException>(() => new CoopsUkImporter().Read(file, new ImportOptions(SkipInvalid: true)));

        var error = Assert.Single(ex.Errors);
        Assert.Equal((1L, "Registered Name"), (error.Line, error.Field));
    }

    [Fact]
    public void Country_GbImportsEverything_AnyOtherCountryNothing()
    {
        Assert.Equal(RowsInFile, new CoopsUkImporter().Read(DataFile, new ImportOptions(Country: "GB")).Batch.Organisations.Count);

        var ireland = new CoopsUkImporter().Read(DataFile, new ImportOptions(Country: "IE"));
        Assert.Equal(0, ireland.Batch.NodeCount);
        Assert.Empty(ireland.Batch.Relationships);
        Assert.Empty(ireland.Skipped);
    }

    [Fact]
    public void Progress_IsReportedEveryThousandRows_AndAtTheEnd()
    {
        var reports = new List<string>();

        new CoopsUkImporter().Read(DataFile, new ImportOptions(Progress: new ListProgress(reports)));

        Assert.Equal(9, reports.Count);
        Assert.Contains("1,000 of 8,371 rows", reports[0]);
        Assert.Contains("8,000 of 8,371 rows", reports[7]);
        Assert.Contains("8,371 rows read: 8,371 organisations, 9 ownership models", reports[8]);
    }

    /// <summary>
    /// A copy of the real file with four damaged rows: R000001's incorporation date made impossible (31/2/1863),
    /// R000003 given R000001's id, R000039's registered name emptied, and the last row's closing quote removed.
    /// </summary>
    private static string DamagedFile() => DamagedCopy(text =>
    {
        text = ReplaceOnce(text, "\"Live\",\"11/8/1863\"", "\"Live\",\"31/2/1863\"");
        text = ReplaceOnce(text, "\"R000003\",", "\"R000001\",");
        text = ReplaceOnce(text, "\"Companies House\",\"Littleton & Badsey Growers Ltd\",", "\"Companies House\",\"\",");
        Assert.EndsWith("\"19/5/2009\",\"\"\r\n", text);
        return text[..^"\"\r\n".Length] + "\r\n";
    });

    private static string ReplaceOnce(string text, string from, string to)
    {
        var at = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0 && text.IndexOf(from, at + 1, StringComparison.Ordinal) < 0, $"expected '{from}' exactly once in the file.");
        return string.Concat(text.AsSpan(0, at), to, text.AsSpan(at + from.Length));
    }

    /// <summary>Writes a changed copy of the data file to a temporary folder; Latin-1 keeps every byte as it was.</summary>
    private static string DamagedCopy(Func<string, string> change)
    {
        var text = File.ReadAllText(DataFile, Encoding.Latin1);
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "open_data_organisations.csv");
        File.WriteAllText(path, change(text), Encoding.Latin1);
        return path;
    }

    private sealed class ListProgress(List<string> reports) : IProgress<string>
    {
        public void Report(string value) => reports.Add(value);
    }
}
