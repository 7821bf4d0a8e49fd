using System.Globalization;
using System.Text;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Tests.Export;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Ingest;

/// <summary>
/// The register facts of the seed's own organisations: where a seed organisation cites the Co-operatives UK data,
/// its status, incorporation date, sector, SIC code, nation and postcode are that data's, read here from the
/// publisher's file; a region left out comes from the postcode, a nation from the region, and a region that
/// contradicts the postcode is refused.
/// </summary>
public sealed class SeedOrganisationFactsTests
{
    private static readonly GraphBatch Seed = SeedDataReader.ReadDirectory(Repository.SeedData);

    [Fact]
    public void SeedOrganisationsCitingCooperativesUk_CarryItsFacts()
    {
        var published = Csv.ReadRows(OpenDataApiServer.CoopsUk, Encoding.Latin1).Where(r => r["Registered Number"].Trim().Length > 0)
            .ToLookup(r => r["Registered Number"].Trim());
        var citing = Seed.NodeSources.Where(s => s.Value.Contains("src-coops-uk-2017")).Select(s => s.Key).ToHashSet();
        var organisations = Seed.Organisations.Where(o => citing.Contains(o.Id)).ToList();
        Assert.True(organisations.Count >= 8, $"only {organisations.Count} seed organisations cite the Co-operatives UK data");

        foreach (var organisation in organisations)
        {
            var row = Assert.Single(published[Assert.Single(organisation.Identifiers, i => i.Scheme is "GB-MPR" or "GB-COH").Value]);
            var because = organisation.Id;
            Assert.True(row["Registered Status"] == "Live" ? organisation.Status == OrganisationStatus.Active : organisation.Status == OrganisationStatus.Dissolved, because);
            Assert.Equal(DateOnly.ParseExact(row["Incorporation Date"], "d/M/yyyy", CultureInfo.InvariantCulture), organisation.IncorporatedOn);
            Assert.Equal(row["Sector - Simplified, High Level"], organisation.Sector);
            Assert.Equal(row["SIC Code"].Replace("UKSIC07-", "", StringComparison.Ordinal), organisation.SicCode);
            Assert.Equal(row["UK Nation"], organisation.Nation);
            Assert.Equal(row["Registered Postcode"], organisation.Postcode);
            Assert.NotNull(organisation.Region);
        }
    }

    [Fact]
    public void ARegionLeftOut_ComesFromThePostcode_AndANationFromTheRegion()
    {
        // The Confederation of Co-operative Housing gives its Liverpool postcode (L8) and no region.
        var confederation = Seed.Organisations.Single(o => o.Id == "confederation-of-co-operative-housing");
        Assert.Equal(("L8 3TX", "North West"), (confederation.Postcode, confederation.Region));

        // Every seed organisation with an English region is in England, without saying so.
        Assert.All(Seed.Organisations.Where(o => o.Region is "North East" or "London" or "Yorkshire and The Humber"), o => Assert.Equal("England", o.Nation));
    }

    [Fact]
    public void ARegionContradictingThePostcode_IsRefused()
    {
        var directory = Directory.CreateTempSubdirectory().FullName;
        Directory.CreateDirectory(Path.Combine(directory, "reference"));
        File.Copy(Path.Combine(Repository.SeedData, "reference", "postcode-areas.json"), Path.Combine(directory, "reference", "postcode-areas.json"));
        File.WriteAllText(Path.Combine(directory, "sources.json"), """{ "sources": [ { "id": "s", "title": "A source" } ] }""");
        File.WriteAllText(Path.Combine(directory, "organisations.json"), """
            { "organisations": [
              { "id": "o", "name": "O", "region": "London", "postcode": "NE2 1QU", "sources": ["s"] },
              { "id": "p", "name": "P", "region": "Wales", "nation": "England", "sources": ["s"] }
            ] }
            """);

        var ex = Assert.Throws<SeedDataException>(() => SeedDataReader.ReadDirectory(directory));

        Assert.Contains(ex.Errors, e => e.Field == "region" && e.Message.Contains("'London' contradicts the postcode NE2 1QU, whose area lies in North East", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Field == "nation" && e.Message.Contains("'England' contradicts the region 'Wales'", StringComparison.Ordinal));
    }
}
