using System.Text.RegularExpressions;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Ingest;

/// <summary>"ingest validate": every problem reported with file, line, record and field; the curated data is valid.</summary>
public sealed class SeedValidationTests
{
    [Fact]
    public async Task CuratedSeedData_IsValid()
    {
        var result = await IngestRunner.RunAsync(null, "validate", Repository.SeedData);
        Assert.True(result.Exit == 0, result.Error);
        Assert.Matches($@"^{Regex.Escape(Repository.SeedData)}: valid\. \d+ records, \d+ relationships, 4 crosswalks with \d+ rules\.\r?\n$", result.Output);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task InvalidJson_IsReportedWithItsLine()
    {
        var directory = Directory.CreateTempSubdirectory().FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "sources.json"), "{\n  \"sources\": [\n    { \"id\": \"a\", \n");

        var result = await IngestRunner.RunAsync(null, "validate", directory);

        Assert.Equal(1, result.Exit);
        Assert.Contains("sources.json:4: not valid JSON", result.Error);
    }

    [Fact]
    public async Task DuplicateIdsAcrossFiles_AndUnknownSources_AndParentCycles_AreAllReported()
    {
        var directory = Directory.CreateTempSubdirectory().FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "sources.json"), """
            { "sources": [ { "id": "s", "title": "A source" } ] }
            """);
        await File.WriteAllTextAsync(Path.Combine(directory, "challenge-areas.json"), """
            { "challengeAreas": [
              { "id": "a", "name": "A", "parent": "b", "sources": ["s"] },
              { "id": "b", "name": "B", "parent": "a", "sources": ["missing-source"] }
            ] }
            """);
        await File.WriteAllTextAsync(Path.Combine(directory, "outcomes.json"), """
            { "outcomes": [ { "id": "a", "name": "Clash", "sources": ["s"] } ] }
            """);

        var result = await IngestRunner.RunAsync(null, "validate", directory);

        Assert.Equal(1, result.Exit);
        Assert.Contains("outcomes[0] (id 'a'), field 'id': id 'a' is already used by ChallengeArea", result.Error);
        Assert.Contains("challengeAreas[1] (id 'b'), field 'sources': source 'missing-source' is not defined", result.Error);
        Assert.Contains("form a cycle", result.Error);
    }

    [Fact]
    public async Task RealProgram_ExitsNonZero_OnInvalidData()
    {
        var damaged = IngestRunner.CopyOfSeedData();
        await File.WriteAllTextAsync(Path.Combine(damaged, "models.json"), "{ \"models\": [ { \"id\": \"x\", \"name\": \"X\", \"family\": \"GUILD\", \"sources\": [] } ] }");

        var result = await IngestRunner.RunProcessAsync("validate", damaged);

        Assert.Equal(1, result.Exit);
        Assert.Contains("models[0] (id 'x'), field 'family'", result.Error);
        Assert.Contains("CO_OPERATIVE", result.Error);
    }
}
