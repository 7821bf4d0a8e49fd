using SocialEconomy.Bench;
using SocialEconomy.Bench.Peers;
using SocialEconomy.Bench.Questions;
using SocialEconomy.Bench.Report;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Bench;

/// <summary>
/// The benchmark harness at its smallest (10^3 nodes, a few calls per figure, both stores), so that it cannot rot:
/// the report is written with every section and every row, and GraphQL and the direct SQL still give the same answers.
/// On PostgreSQL, PostGraphile is started beside the API and every question both ask must agree with the direct SQL.
/// Timings are never asserted; they mean nothing on a test machine.
/// </summary>
public sealed class BenchSmokeTests
{
    [SkippableFact]
    public async Task Harness_AtTheSmallestScale_WritesEveryRowOfTheReport()
    {
        var (server, problem) = await PostgresServer.GetAsync();
        var stores = server is null ? [StoreProvider.Sqlite] : new[] { StoreProvider.Sqlite, StoreProvider.Postgres };
        var output = Directory.CreateTempSubdirectory("bench-smoke-").FullName;
        var options = new BenchOptions
        {
            Scales = [1_000], Stores = stores, Iterations = 3, Warmup = 1, WarmupSeconds = 0, ApiWarmupSeconds = 0.5, ApiWarmupRounds = 1, SecondsPerQuestion = 2, ThroughputSeconds = 0.2, Concurrency = 2,
            ProfileSeconds = 0.3, Micro = "dry", Output = output, Postgres = server?.AdminConnectionString,
            // A second of load at a few connections proves the phase; a soak long enough to judge memory takes minutes.
            LoadSeconds = 1, LoadConnections = 4, SoakSeconds = 0,
        };

        // What the harness said, to read when a step fails.
        using var said = new StringWriter();
        var (results, path) = await new Harness(options, TextWriter.Synchronized(said)).RunAsync("bench smoke test", CancellationToken.None);
        var report = await File.ReadAllTextAsync(path);

        Assert.All(results.Scales, s => Assert.True(s.Failure is null, $"{s.Store}: {s.Failure}\n{said}"));
        Assert.Equal(stores.Length, results.Scales.Count);
        Assert.StartsWith("Started ", report.Split('\n')[2], StringComparison.Ordinal);
        Assert.DoesNotContain("**Partial:**", report, StringComparison.Ordinal);

        // The report written between scales says it is partial, so a run that dies late is not mistaken for a whole one.
        results.Finished = false;
        Assert.Contains("**Partial:**", MarkdownReport.Render(results).Split('\n')[2], StringComparison.Ordinal);
        results.Finished = true;
        foreach (var section in (string[])["## Machine", "## Targets", "### Misses, and why", "## Ingest", "## HTTP throughput", "## Memory and start-up",
                     "## Load and soak", "## Where the API's CPU goes", "## Parse and validate, with and without the document cache", "## What was asked"])
        {
            Assert.Contains(section, report, StringComparison.Ordinal);
        }

        Assert.Contains("Comparable models: the direct SQL reads tables its preparation built once", report, StringComparison.Ordinal);
        foreach (var scale in results.Scales)
        {
            Assert.Contains($"### 1e3 nodes, {scale.Store}", report, StringComparison.Ordinal);
            Assert.Equal(QuestionSet.Names, scale.Questions.Select(q => q.Name));
            Assert.True(scale.Load is { Completed: > 0, Held: true }, $"{scale.Store}: the load test did not hold");
            Assert.Null(scale.Soak);
            Assert.All(scale.Questions, q =>
            {
                Assert.Null(q.Error);
                Assert.True(q.AnswersAgree, $"{scale.Store} {q.Name}: GraphQL {q.GraphQLAnswer}, SQL {q.SqlAnswer}");
                Assert.True(q.GraphQL.Samples > 0 && q.Sql.Samples > 0);
            });
            Assert.All(QuestionSet.Names, name => Assert.True(scale.Profiles[name].Statements >= 1, $"{scale.Store} {name}: no SQL statements logged"));

            // Comparable models' SQL reads tables built once beforehand, and the report says how long that took.
            Assert.Equal([QuestionSet.ComparableModels], scale.Questions.Where(q => q.Preparation is { Stopped: false, Seconds: > 0 }).Select(q => q.Name));

            // The statements run one after another inside the request, so their time is part of its duration.
            Assert.All(QuestionSet.Names, name => Assert.True(scale.Profiles[name] is { StoreMilliseconds: > 0 } p && p.StoreMilliseconds <= p.ServerMilliseconds,
                $"{scale.Store} {name}: store time {scale.Profiles[name].StoreMilliseconds} ms beside {scale.Profiles[name].ServerMilliseconds} ms in the API"));
            // Every question has a CPU profile whose samples were read from the trace and named: SQLite runs inside the API,
            // so its frames must be found there by name.
            Assert.Equal([.. QuestionSet.Names, Harness.SmallQuery], scale.CpuProfiles.Keys);
            Assert.All(scale.CpuProfiles.Values, p =>
            {
                Assert.True(p.Calls >= 3 && p.CpuMillisecondsPerCall > 0 && p.Samples > 0, $"{scale.Store}: {p}");
                Assert.Equal(1, p.Shares.Sum(c => c.Share), 6);
            });
            if (scale.Store == StoreProvider.Sqlite)
            {
                Assert.Contains(scale.CpuProfiles.Values, p => p.Shares.Any(c => c.Component.StartsWith("SQLite", StringComparison.Ordinal)));
            }

            Assert.True(scale.RawIngest > TimeSpan.Zero && scale.ProductIngest > TimeSpan.Zero);
            Assert.True(scale.Startup > TimeSpan.Zero && scale.PeakRss > 0);
            Assert.True(scale.GraphQLThroughput > 0 && scale.MinimalThroughput > 0);
        }

        string? peerProblem = null;
        foreach (var scale in results.Scales)
        {
            if (scale.Store == StoreProvider.Sqlite)
            {
                Assert.Null(scale.PostGraphile);
                continue;
            }

            var peer = scale.PostGraphile;
            Assert.NotNull(peer);
            if (peer.NotMeasured is not null && !PostgresServer.Required)
            {
                // Without GRAPH_REQUIRE_POSTGRES a machine with no npm skips the peer, as it skips PostgreSQL; with it, this fails.
                peerProblem = peer.NotMeasured;
                Assert.Contains(peer.NotMeasured, report, StringComparison.Ordinal);
                continue;
            }

            Assert.True(peer.Started, $"PostGraphile did not run: {peer.NotMeasured}");
            Assert.Equal(
                [QuestionSet.OrganisationPage, QuestionSet.Headline, PeerQuestionSet.ModelsPage, PeerQuestionSet.OrganisationsByName, PeerQuestionSet.NameContains, PeerQuestionSet.RegionWithIdentifiers],
                peer.Questions.Select(q => q.Name));
            Assert.All(peer.Questions, q =>
            {
                Assert.True(q.AnswersAgree, $"{q.Name}: API {q.ApiAnswer}, PostGraphile {q.PeerAnswer}, SQL {q.SqlAnswer}, error {q.Error}");
                Assert.True(q.Api.Samples > 0 && q.Peer.Samples > 0 && q.ApiThroughput > 0 && q.PeerThroughput > 0, q.Name);
            });
            // The headline and the organisation page must find something, or agreeing would prove little.
            Assert.DoesNotContain("total=0", peer.Questions.Single(q => q.Name == QuestionSet.Headline).SqlAnswer, StringComparison.Ordinal);
            Assert.Contains(MarkdownReport.PostGraphileSection, report, StringComparison.Ordinal);
            Assert.All(PeerQuestionSet.Inexpressible, i => Assert.Contains($"- {i.Question}: ", report, StringComparison.Ordinal));
        }

        // Every target row says PASS or MISS, and every miss has its line of explanation.
        var targets = MarkdownReport.Targets(results).ToList();
        Assert.Equal(targets.Count, report.Split('\n').Count(l => l.EndsWith($"| {MarkdownReport.Pass} |", StringComparison.Ordinal) && l.Contains("| 1e3 |", StringComparison.Ordinal)
            || l.EndsWith($"| {MarkdownReport.Miss} |", StringComparison.Ordinal) && l.Contains("| 1e3 |", StringComparison.Ordinal)));
        Assert.Equal(targets.Count(t => !t.Met), report.Split('\n').Count(l => l.StartsWith("- **", StringComparison.Ordinal)));
        Assert.NotNull(results.Micro);
        Assert.False(double.IsNaN(results.Micro.WithoutCacheMicroseconds) || double.IsNaN(results.Micro.WithCacheMicroseconds));
        Skip.If(server is null, $"Ran on SQLite only; PostgreSQL is unavailable: {problem}");
        Skip.If(peerProblem is not null, $"PostGraphile was not measured: {peerProblem}");
    }
}
