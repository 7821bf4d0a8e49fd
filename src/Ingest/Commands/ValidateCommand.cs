using System.CommandLine;
using SocialEconomy.Graph.Crosswalks;
using SocialEconomy.Graph.Loading;

namespace SocialEconomy.Ingest.Commands;

/// <summary>ingest validate &lt;dir&gt;: checks seed-data files without touching any store.</summary>
public sealed class ValidateCommand : Command
{
    public ValidateCommand(TextWriter output, TextWriter error)
        : base("validate", "Check a seed-data directory (and its crosswalks) against its JSON Schemas and cross-references, without writing anything.")
    {
        var directory = new Argument<DirectoryInfo>("directory") { Description = "The folder of seed-data *.json files, e.g. seed-data." };
        Arguments.Add(directory);
        SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(directory)!.ToString();
            try
            {
                var batch = SeedDataReader.ReadDirectory(path);
                var crosswalks = CrosswalkSet.Load(path);
                await output.WriteLineAsync(
                    $"{path}: valid. {batch.NodeCount} records, {batch.Relationships.Count} relationships, {crosswalks.All.Count} crosswalks with {crosswalks.All.Sum(c => c.Rules.Count)} rules.");
                return ExitCodes.Success;
            }
            catch (SeedDataException ex)
            {
                await SeedDataErrors.ReportAsync(error, ex);
                return ExitCodes.InvalidInput;
            }
        });
    }
}

internal static class SeedDataErrors
{
    public static async Task ReportAsync(TextWriter error, SeedDataException ex)
    {
        foreach (var problem in ex.Errors)
        {
            await error.WriteLineAsync($"error: {problem}");
        }

        await error.WriteLineAsync(ex.Message);
    }
}
