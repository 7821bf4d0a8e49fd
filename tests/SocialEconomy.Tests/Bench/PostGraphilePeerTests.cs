using SocialEconomy.Bench;
using SocialEconomy.Bench.Peers;
using SocialEconomy.Bench.Questions;
using SocialEconomy.Bench.Report;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Tests.Bench;

/// <summary>
/// A PostGraphile that cannot be installed or started is reported with the reason, and the run goes on; the smoke
/// test covers the peer that runs.
/// </summary>
public sealed class PostGraphilePeerTests
{
    [Fact]
    public async Task EnsureInstalled_WhenNpmCiFails_ReturnsWhyInsteadOfThrowing()
    {
        var project = Directory.CreateTempSubdirectory("peer-broken-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(project, "package.json"), "{ not json");

            var problem = await PostGraphileProcess.EnsureInstalledAsync(project, _ => { }, CancellationToken.None);

            Assert.NotNull(problem);
            Assert.Contains("npm", problem, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }

    [Fact]
    public void Report_WhenThePeerWasNotMeasured_SaysWhyAndListsWhatItCannotAsk()
    {
        var results = new RunResults
        {
            Started = DateTimeOffset.UtcNow, Command = "test", Machine = new Machine("cpu", 2, "1 GiB", "os", ".NET", "3", "15"),
            Options = new BenchOptions { Scales = [1_000], Stores = [StoreProvider.Postgres] }, Finished = true,
        };
        results.Scales.Add(new ScaleResult
        {
            Scale = 1_000, Store = StoreProvider.Postgres, PostGraphile = new PeerResult { NotMeasured = "npm could not reach its registry" },
        });

        var report = MarkdownReport.Render(results);

        Assert.Contains(MarkdownReport.PostGraphileSection, report, StringComparison.Ordinal);
        Assert.Contains("Not measured: npm could not reach its registry", report, StringComparison.Ordinal);
        Assert.All(PeerQuestionSet.Inexpressible, i => Assert.Contains($"- {i.Question}: {i.Why}.", report, StringComparison.Ordinal));
        Assert.Contains($"- {QuestionSet.Search}: ", report, StringComparison.Ordinal);
    }
}
