using System.Globalization;
using System.Text;
using SocialEconomy.Bench.Peers;
using SocialEconomy.Bench.Questions;

namespace SocialEconomy.Bench.Report;

/// <summary>
/// The run as a dated Markdown file: the machine, every target with PASS or MISS, the tables, and a line per miss
/// saying where the time or memory goes, from the run's own measurements.
/// </summary>
public static class MarkdownReport
{
    public const string Pass = "PASS";
    public const string Miss = "MISS";

    /// <summary>At this size the absolute targets apply (search and neighbourhood under 10 ms, API under 1 GB).</summary>
    public const int NationalScale = 1_000_000;

    /// <summary>The small query's throughput must reach this share of the minimal endpoint's.</summary>
    private const double SmallQueryThroughputShare = 0.5;

    public static string Write(RunResults results, string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName(results));
        File.WriteAllText(path, Render(results));
        return path;
    }

    public static string FileName(RunResults results) =>
        $"{results.Started:yyyy-MM-dd}-{string.Join('-', results.Options.Scales.Select(Scale))}.md";

    public static string Render(RunResults results)
    {
        var md = new StringBuilder();
        var scales = string.Join(", ", results.Options.Scales.Select(s => s.ToString("N0", CultureInfo.InvariantCulture)));
        md.Line($"# Benchmark of {results.Started:yyyy-MM-dd}: {scales} nodes on {string.Join(" and ", results.Options.Stores)}");
        md.Line();
        md.Line(results.Finished
            ? $"Started {results.Started:yyyy-MM-dd HH:mm} UTC, took {results.Elapsed.TotalMinutes:F1} min. Reproduce with:"
            : $"Started {results.Started:yyyy-MM-dd HH:mm} UTC. **Partial:** written {results.Elapsed.TotalMinutes:F1} min in, before the run had finished; what follows is what it had measured by then. Reproduce with:");
        md.Line();
        md.Line("```sh");
        md.Line(results.Command);
        md.Line("```");
        md.Line();
        md.Line("Every figure stands beside a baseline measured in the same run (ratios), since absolute times on shared machines are noisy. "
            + $"The API is first warmed up with every question in turn for {results.Options.ApiWarmupSeconds:0.#} s and at least {results.Options.ApiWarmupRounds:N0} rounds (its JIT compiler optimises hot code after hundreds of calls); then latencies are from {results.Options.Iterations} "
            + $"sequential calls after {results.Options.WarmupSeconds:0.#} s of warm-up calls, and at least {results.Options.Warmup} of them where they fit in a quarter of "
            + $"{results.Options.SecondsPerQuestion:0.#} s; a question and its direct SQL are warmed up and timed in turn, {Latency.Block} calls of one then of the other, each block after an untimed call "
            + "and the one going first swapped each round, so that both are measured over the same seconds; the client, the API (its own process, with the server garbage collector it is shipped with) and the store share the machine.");
        md.Line();

        var m = results.Machine;
        md.Line("## Machine");
        md.Line();
        md.Line("| | |");
        md.Line("|---|---|");
        md.Line($"| CPU | {m.Cpu} |");
        md.Line($"| cores | {m.Cores} |");
        md.Line($"| memory | {m.Memory} |");
        md.Line($"| OS | {m.OperatingSystem} |");
        md.Line($"| .NET | {m.Dotnet} |");
        md.Line($"| SQLite | {m.Sqlite} (Microsoft.Data.Sqlite, WAL) |");
        md.Line($"| PostgreSQL | {m.Postgres ?? "not used"} |");
        md.Line();

        var targets = Targets(results).ToList();
        md.Line("## Targets");
        md.Line();
        md.Line($"{targets.Count(t => t.Met)} of {targets.Count} met.");
        md.Line();
        md.Line("| target | nodes | store | measured | result |");
        md.Line("|---|---:|---|---|---|");
        foreach (var t in targets)
        {
            md.Line($"| {t.Name} | {Scale(t.Scale)} | {t.Store} | {t.Measured} | {(t.Met ? Pass : Miss)} |");
        }

        md.Line();
        md.Line("### Misses, and why");
        md.Line();
        var misses = targets.Where(t => !t.Met).ToList();
        if (misses.Count == 0)
        {
            md.Line("None.");
        }

        foreach (var t in misses)
        {
            md.Line($"- **{t.Name}**, {Scale(t.Scale)} nodes, {t.Store}: {t.Why}");
        }

        foreach (var failed in results.Scales.Where(s => s.Failure is not null))
        {
            md.Line($"- **run failed**, {Scale(failed.Scale)} nodes, {failed.Store}: {failed.Failure}");
        }

        md.Line();
        md.Line("## Ingest");
        md.Line();
        md.Line("The product's loader (`GraphLoader.LoadAsync`, as `ingest generate` runs it) into a freshly migrated store, beside the raw baseline writing "
            + "the same rows into another freshly migrated store: SQLite a prepared INSERT per table executed per row in one transaction "
            + "(Microsoft.Data.Sqlite), PostgreSQL a binary COPY per table in one transaction (Npgsql). Ratio = baseline time / loader time; the target is at least 0.5. "
            + "The loader's time includes building the secondary indexes again and gathering the planner statistics of every table (`ANALYZE`), which the baseline does not do; "
            + "the questions are then asked of the store exactly as the loader leaves it.");
        md.Line();
        md.Line("| nodes | store | relationships | rows | loader (s) | raw baseline (s) | ratio | loader rows/s | baseline rows/s |");
        md.Line("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in results.Scales)
        {
            md.Line($"| {Scale(s.Scale)} | {s.Store} | {s.Relationships:N0} | {s.Rows:N0} | {s.ProductIngest.TotalSeconds:F2} | "
                + $"{(s.RawIngest is { } raw ? raw.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) : "skipped")} | {IngestRatio(s)?.ToString("F2", CultureInfo.InvariantCulture) ?? "-"} | "
                + $"{Rate(s.Rows, s.ProductIngest)} | {(s.RawIngest is { } r ? Rate(s.Rows, r) : "-")} |");
        }

        md.Line();
        md.Line("## Questions: GraphQL over HTTP beside the direct SQL");
        md.Line();
        md.Line("Each question is a GraphQL document POSTed to `/graphql` and read whole, beside hand-written SQL producing the same answer, run from the "
            + "benchmark process on a pooled connection with every value read. *answers* says whether both gave the same counts and keys. "
            + "*round trip* is the target GraphQL p50 ≤ 1.5 × SQL p50 (or ≤ SQL + 0.5 ms when the SQL takes under 1 ms); *tail* is GraphQL p99 ≤ 5 × p50. "
            + "*in API*, *statements* and *in store* profile the request inside the API, from its own request log in a separate untimed process, warmed up the same way (medians of up to 10 calls): "
            + "the time from request to response without HTTP, the SQL statements it ran (the direct SQL is one), and their time from start to end, their rows' reading "
            + "and materialising included; the rest of *in API* is resolving fields and writing the response. Times in ms.");
        foreach (var s in results.Scales.Where(s => s.Questions.Count > 0))
        {
            md.Line();
            md.Line($"### {Scale(s.Scale)} nodes, {s.Store}");
            md.Line();
            md.Line("| question | GraphQL p50 | GraphQL p99 | p99/p50 | SQL p50 | SQL p99 | GraphQL/SQL | extra | in API | statements | in store | response bytes | answers | round trip | tail |");
            md.Line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|");
            foreach (var q in s.Questions)
            {
                if (q.Error is not null)
                {
                    md.Line($"| {q.Name} | failed: {q.Error.Replace('|', '/')} | | | | | | | | | | | | {Miss} | {Miss} |");
                    continue;
                }

                if (q.SqlStoppedAfterSeconds is { } stopped)
                {
                    md.Line($"| {q.Name} | {q.GraphQL.P50:F2} | {q.GraphQL.P99:F2} | {q.GraphQL.Spread:F1} | > {stopped * 1000:F0} (stopped) | - | - | - | {Profile(s, q.Name)} | "
                        + $"not compared: the SQL did not finish | {(RoundTripMet(q) ? Pass : Miss)} | {(TailMet(q) ? Pass : Miss)} |");
                    continue;
                }

                if (q.Preparation is { Stopped: true } unprepared)
                {
                    md.Line($"| {q.Name} | {q.GraphQL.P50:F2} | {q.GraphQL.P99:F2} | {q.GraphQL.Spread:F1} | not asked | - | - | - | {Profile(s, q.Name)} | "
                        + $"not compared: the SQL's preparation did not finish in {unprepared.Seconds:0.#} s | {Miss} | {(TailMet(q) ? Pass : Miss)} |");
                    continue;
                }

                md.Line($"| {q.Name} | {q.GraphQL.P50:F2} | {q.GraphQL.P99:F2} | {q.GraphQL.Spread:F1} | {q.Sql.P50:F2} | {q.Sql.P99:F2} | "
                    + $"{Ratio(q.GraphQL.P50, q.Sql.P50)} | {q.GraphQL.P50 - q.Sql.P50:F2} | {Profile(s, q.Name)} | {(q.AnswersAgree ? "same" : $"differ: {q.GraphQLAnswer} / {q.SqlAnswer}")} | "
                    + $"{(RoundTripMet(q) ? Pass : Miss)} | {(TailMet(q) ? Pass : Miss)} |");
            }

            foreach (var q in s.Questions.Where(q => q.Preparation is { Stopped: false }))
            {
                md.Line();
                md.Line($"{char.ToUpperInvariant(q.Name[0])}{q.Name[1..]}: the direct SQL reads tables its preparation built once, before it was timed, in {q.Preparation!.Seconds:F2} s "
                    + "(as the API builds what it answers from once, when it starts or the store changes).");
            }

            if (s.MinimalLatency is { } minimal && s.TypenameLatency is { } typename)
            {
                md.Line();
                md.Line($"Fixed costs in the same run: the minimal JSON endpoint p50 {minimal.P50:F2} ms (p99 {minimal.P99:F2}); `{{ __typename }}` through the whole "
                    + $"GraphQL endpoint p50 {typename.P50:F2} ms (p99 {typename.P99:F2}).");
            }
        }

        if (results.Scales.Any(s => s.CpuProfiles.Count > 0))
        {
            md.Line();
            md.Line("## Where the API's CPU goes");
            md.Line();
            md.Line("In the timed API process, after its timings: each question called sequentially for "
                + $"{results.Options.ProfileSeconds:0.#} s while the kernel counts the process's CPU time (every thread, the garbage collector included), then as many "
                + "times again under an EventPipe CPU-sampling trace (what `dotnet-trace --profile cpu-sampling` takes). A sample of a running thread goes to the "
                + "component of its innermost frame that belongs to one, so framework code a library calls counts as that library's; threads blocked in a wait are "
                + "left out. *GC pauses* is the time the runtime stopped every thread for a collection. PostgreSQL runs in its own processes, so its work is not in "
                + "these figures; SQLite runs inside the API, so its work is. The shares are of CPU, not of a request's wall time: thread-pool workers that spin "
                + "for work between requests burn the other core beside a request, not in its way.");
            foreach (var s in results.Scales.Where(s => s.CpuProfiles.Count > 0))
            {
                md.Line();
                md.Line($"### {Scale(s.Scale)} nodes, {s.Store}");
                md.Line();
                md.Line("| question | calls | CPU ms a call | GC pauses ms a call | samples | components (share of samples, 2% or more) |");
                md.Line("|---|---:|---:|---:|---:|---|");
                foreach (var (name, p) in s.CpuProfiles)
                {
                    md.Line($"| {(name == Harness.SmallQuery ? $"small query `{name}`" : name)} | {p.Calls:N0} | {p.CpuMillisecondsPerCall:F2} | {p.GcPauseMillisecondsPerCall:F2} | {p.Samples:N0} | {p.Summary()} |");
                }
            }
        }

        md.Line();
        md.Line("## HTTP throughput");
        md.Line();
        md.Line($"`{Harness.SmallQuery}` (a small query, its document cached after the first request) beside a minimal JSON endpoint in the same API process "
            + $"and pipeline, {results.Options.Concurrency} concurrent clients for {results.Options.ThroughputSeconds:F0} s each. Target: at least {SmallQueryThroughputShare:F1}.");
        md.Line();
        md.Line("| nodes | store | small query (req/s) | minimal endpoint (req/s) | ratio |");
        md.Line("|---:|---|---:|---:|---:|");
        foreach (var s in results.Scales.Where(s => s.MinimalThroughput > 0))
        {
            md.Line($"| {Scale(s.Scale)} | {s.Store} | {s.GraphQLThroughput:F0} | {s.MinimalThroughput:F0} | {s.GraphQLThroughput / s.MinimalThroughput:F2} |");
        }

        if (results.Scales.Any(s => s.Load is not null || s.Soak is not null))
        {
            var o = results.Options;
            md.Line();
            md.Line("## Load and soak");
            md.Line();
            md.Line("Last for each store, in an API process of its own, started and warmed up as the first: the questions above (those that answered), POSTed "
                + "to `/graphql` with their targets as timed, each request taking the next question in turn, from concurrent connections, each a loop "
                + "sending its next request as soon as the last is answered and read whole; *seconds* runs until the last request in flight at the end is answered. The *load* test runs "
                + $"{o.LoadConnections} connections for {o.LoadSeconds:0.#} s; the *soak* follows in the same process with {o.SoakConnections} connections for {o.SoakSeconds:0.#} s. "
                + "Latencies (ms) are of every answer, whatever its status; a request with no answer after "
                + $"{LoadTest.RequestTimeout.TotalSeconds:0} s (longer than the API's own 30 s execution limit) is a timeout. A connection error is a request that got no "
                + "response (refused, reset, closed mid-response, timed out); its loop pauses 100 ms before the next. *other failures* are answers that are not 2xx "
                + "or carry GraphQL errors. The API's resident memory (VmRSS from `/proc/<pid>/status`) is read at the start, every "
                + $"{LoadTest.SampleInterval.TotalSeconds:0} s and at the end. *Settled* is the median of the soak's samples from {LoadTest.SettleFrom.TotalSeconds:0} s "
                + $"to {LoadTest.SettleTo.TotalSeconds:0} s, after the first minute's growth (JIT, pools, caches); the soak holds when its final memory is within "
                + $"{LoadTest.MemoryTolerance:P0} of settled, either way, with no 5xx, connection errors or other failures. The load holds with none of those.");
            foreach (var s in results.Scales.Where(s => s.Load is not null || s.Soak is not null))
            {
                md.Line();
                md.Line($"### {Scale(s.Scale)} nodes, {s.Store}");
                md.Line();
                md.Line("| phase | connections | seconds | answers | answers/s | p50 | p90 | p99 | max | by status | 5xx | connection errors | other failures "
                    + "| RSS start (MiB) | RSS end (MiB) | RSS samples min–max (MiB) | settled (MiB) | final / settled | verdict |");
                md.Line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---:|---:|---:|---|---:|---:|---|");
                foreach (var (phase, t) in (ReadOnlySpan<(string, LoadTest?)>)[("load", s.Load), ("soak", s.Soak)])
                {
                    if (t is null)
                    {
                        continue;
                    }

                    var soak = phase == "soak";
                    md.Line($"| {phase} | {t.Connections} | {t.Elapsed.TotalSeconds:F0} | {t.Completed:N0} | {t.RequestsPerSecond:F0} | {t.P50:F1} | {t.P90:F1} | {t.P99:F1} | {t.Max:F1} | "
                        + $"{ByStatus(t)} | {t.ServerErrors:N0} | {ConnectionErrors(t)} | {t.OtherFailures:N0} | {MiB(t.RssAtStart)} | {MiB(t.RssAtEnd)} | "
                        + $"{(t.Memory.Count > 0 ? $"{MiB(t.Memory.Min(m => m.Rss))}–{MiB(t.Memory.Max(m => m.Rss))}" : "-")} | "
                        + $"{(soak ? MiB(t.SettledRss) : "-")} | {(soak && t.FinalToSettled is { } ratio ? ratio.ToString("F3", CultureInfo.InvariantCulture) : "-")} | {Verdict(t, soak)} |");
                }
            }
        }

        if (results.Scales.Any(s => s.PostGraphile is not null))
        {
            RenderPostGraphile(md, results);
        }

        md.Line();
        md.Line("## Memory and start-up");
        md.Line();
        md.Line("The API's own process: start-up from process start to the first 200 from `/readyz` (the store answers); resident memory from "
            + "`/proc/<pid>/status` (VmRSS after start and after all the questions and throughput runs, VmHWM the peak).");
        md.Line();
        md.Line("| nodes | store | start-up (ms) | RSS after start (MiB) | RSS after run (MiB) | peak RSS (MiB) | store size (MiB) | of which search indexes (MiB) |");
        md.Line("|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var s in results.Scales.Where(s => s.Startup > TimeSpan.Zero))
        {
            md.Line($"| {Scale(s.Scale)} | {s.Store} | {s.Startup.TotalMilliseconds:F0} | {MiB(s.RssAfterStart)} | {MiB(s.RssAfterRun)} | {MiB(s.PeakRss)} | {MiB(s.StoreBytes)} | {(s.SearchIndexBytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture)} |");
        }

        md.Line();
        md.Line("Search indexes: on SQLite the data of the FTS5 tables (the full text, and the titles alone, each with prefix indexes of 2 to 6 "
            + "characters); on PostgreSQL the GIN indexes of the search documents and the words they hold (SearchWords, by which a word's start is asked as whole words). The search question's latency is in the tables above.");

        if (results.Micro is { } micro)
        {
            md.Line();
            md.Line("## Parse and validate, with and without the document cache");
            md.Line();
            md.Line($"BenchmarkDotNet ({micro.Job} job, in process), the organisation-profile document: without the cache the endpoint parses it, measures its "
                + "shape and runs every validation rule; with it, it looks it up, checks the cached shape against the limits and runs the cost rule (which page sizes in variables can change).");
            md.Line();
            md.Line("| | mean (µs) | allocated (bytes) |");
            md.Line("|---|---:|---:|");
            md.Line($"| parse + validate, no cache | {micro.WithoutCacheMicroseconds:F1} | {micro.WithoutCacheBytes:N0} |");
            md.Line($"| cached document | {micro.WithCacheMicroseconds:F1} | {micro.WithCacheBytes:N0} |");
            md.Line($"| ratio | {Ratio(micro.WithCacheMicroseconds, micro.WithoutCacheMicroseconds)} | |");
        }

        md.Line();
        md.Line("## What was asked");
        md.Line();
        md.Line("Targets are picked from the loaded graph the same way every run (typical records, not hubs).");
        md.Line();
        foreach (var s in results.Scales.Where(s => s.Questions.Count > 0 && s.Store == results.Scales.First(f => f.Scale == s.Scale).Store))
        {
            md.Line($"{Scale(s.Scale)} nodes:");
            md.Line();
            foreach (var q in s.Questions)
            {
                md.Line($"- {q.Name}: {q.Asks}");
            }

            md.Line();
        }

        return md.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    public const string PostGraphileSection = "## PostGraphile beside this API";

    /// <summary>The peer's section: per store, each shared question on both servers side by side, and what PostGraphile cannot ask.</summary>
    private static void RenderPostGraphile(StringBuilder md, RunResults results)
    {
        var o = results.Options;
        md.Line();
        md.Line(PostGraphileSection);
        md.Line();
        md.Line("PostGraphile 5 (`postgraphile` with `postgraphile-plugin-connection-filter`, relation filters on; versions in bench/postgraphile/package-lock.json) on Node 22, "
            + "as a production server (`NODE_ENV=production`, no GraphiQL, no watch mode), over the same PostgreSQL database as the API, through a role that may only read "
            + "the views of bench/postgraphile/setup.sql: a view per node kind and per relationship type (per end kind where a type joins two kinds) with smart-comment foreign keys, since the store keeps every "
            + "relationship in one table keyed by kind, which PostGraphile cannot follow by itself. It runs beside the API process just timed; each question is "
            + "asked of one server at a time, first once each way and as the direct SQL (the *answers* column: all three signatures, counts and keys, equal; the SQL's shown), then timed as the API's "
            + $"questions are against their SQL, the two servers in turn, in blocks ({o.Iterations} sequential calls of each after the warm-up, p50 and p99 in ms), then {o.Concurrency} concurrent clients for {o.ThroughputSeconds:0.#} s "
            + "on each (req/s). Each question is written once per API, in that API's own GraphQL.");
        foreach (var s in results.Scales.Where(s => s.PostGraphile is not null))
        {
            var peer = s.PostGraphile!;
            md.Line();
            md.Line($"### {Scale(s.Scale)} nodes, {s.Store}");
            md.Line();
            if (peer.NotMeasured is not null)
            {
                md.Line($"Not measured: {peer.NotMeasured}");
                continue;
            }

            md.Line(string.Create(CultureInfo.InvariantCulture,
                $"PostGraphile ready in {peer.Startup.TotalMilliseconds:F0} ms (process start to its first answer), RSS {MiB(peer.RssAfterStart)} MiB after start, peak {MiB(peer.PeakRss)} MiB."));
            md.Line();
            md.Line("| question | API p50 | PostGraphile p50 | API p99 | PostGraphile p99 | API req/s | PostGraphile req/s | answers |");
            md.Line("|---|---:|---:|---:|---:|---:|---:|---|");
            foreach (var q in peer.Questions)
            {
                md.Line(q.Error is not null
                    ? $"| {q.Name} | - | - | - | - | - | - | failed: {q.Error} |"
                    : string.Create(CultureInfo.InvariantCulture,
                        $"| {q.Name} | {q.Api.P50:F2} | {q.Peer.P50:F2} | {q.Api.P99:F2} | {q.Peer.P99:F2} | {q.ApiThroughput:F0} | {q.PeerThroughput:F0} | "
                        + $"{(q.AnswersAgree ? $"agree (`{q.SqlAnswer}`)" : $"DIFFER: API {q.ApiAnswer}, PostGraphile {q.PeerAnswer}, SQL {q.SqlAnswer}")} |"));
            }
        }

        md.Line();
        md.Line("What the shared questions ask:");
        md.Line();
        foreach (var q in results.Scales.Select(s => s.PostGraphile).OfType<PeerResult>().SelectMany(p => p.Questions).DistinctBy(q => q.Name))
        {
            md.Line($"- {q.Name}: {q.Asks}");
        }

        md.Line();
        md.Line("What PostGraphile cannot ask of these views, and why:");
        md.Line();
        foreach (var (question, why) in PeerQuestionSet.Inexpressible)
        {
            md.Line($"- {question}: {why}.");
        }
    }

    public sealed record TargetResult(string Name, int Scale, string Store, string Measured, bool Met, string Why);

    /// <summary>Every target the issue sets, for every scale and store measured.</summary>
    public static IEnumerable<TargetResult> Targets(RunResults results)
    {
        foreach (var s in results.Scales.Where(s => s.Failure is null))
        {
            var store = s.Store.ToString();
            if (IngestRatio(s) is { } ratio)
            {
                yield return new TargetResult("ingest ≥ 0.5 × raw baseline", s.Scale, store, $"{ratio:F2}", ratio >= 0.5,
                    $"the loader wrote {Rate(s.Rows, s.ProductIngest)} rows/s ({s.ProductIngest.TotalSeconds:F2} s) where the raw baseline wrote "
                    + $"{Rate(s.Rows, s.RawIngest!.Value)} rows/s ({s.RawIngest.Value.TotalSeconds:F2} s) for the same {s.Rows:N0} rows: the time is in the loader, not in the store.");
            }

            foreach (var q in s.Questions)
            {
                if (q.Error is not null)
                {
                    yield return new TargetResult($"{q.Name}: round trip", s.Scale, store, "failed", false, q.Error);
                    continue;
                }

                if (q.SqlStoppedAfterSeconds is { } stopped)
                {
                    yield return new TargetResult($"{q.Name}: GraphQL ≤ 1.5 × SQL (or + 0.5 ms)", s.Scale, store,
                        $"{q.GraphQL.P50:F2} ms vs SQL stopped after {stopped:0.#} s", RoundTripMet(q),
                        $"the direct SQL did not finish in {stopped:0.#} s and was stopped, so GraphQL's p50 of {q.GraphQL.P50:F2} ms is set beside that lower bound; "
                        + "the answers could not be compared.");
                }
                else if (q.Preparation is { Stopped: true } unprepared)
                {
                    yield return new TargetResult($"{q.Name}: GraphQL ≤ 1.5 × SQL (or + 0.5 ms)", s.Scale, store,
                        $"{q.GraphQL.P50:F2} ms vs SQL not asked", false,
                        $"the tables the direct SQL reads were not built in {unprepared.Seconds:0.#} s (--sql-preparation-timeout-seconds), so the SQL was not asked "
                        + "and there is nothing to set GraphQL beside: the target is not shown to be met.");
                }
                else
                {
                    yield return new TargetResult($"{q.Name}: GraphQL ≤ 1.5 × SQL (or + 0.5 ms)", s.Scale, store,
                        $"{q.GraphQL.P50:F2} ms vs {q.Sql.P50:F2} ms ({Ratio(q.GraphQL.P50, q.Sql.P50)})", RoundTripMet(q), RoundTripWhy(s, q));
                }

                yield return new TargetResult($"{q.Name}: p99 ≤ 5 × p50", s.Scale, store, $"{q.GraphQL.Spread:F1}", TailMet(q),
                    $"p50 {q.GraphQL.P50:F2} ms, p99 {q.GraphQL.P99:F2} ms, slowest {q.GraphQL.Max:F2} ms of {q.GraphQL.Samples} calls; "
                    + (!q.SqlMeasured ? "the SQL was not timed (stopped, or not asked), so there is no tail of its own to compare."
                        : $"the SQL alone had p99/p50 {q.Sql.Spread:F1}, "
                            + (q.Sql.Spread > 5 ? "so the tail comes from the store or the machine, not from GraphQL." : "so the tail is added between HTTP and the resolvers."))
                    + Cpu(s, q.Name));
                if (!q.AnswersAgree && q.SqlMeasured)
                {
                    yield return new TargetResult($"{q.Name}: same answer as the SQL", s.Scale, store, $"{q.GraphQLAnswer} / {q.SqlAnswer}", false,
                        "the GraphQL answer and the direct SQL's differ, so their times are not comparable until the SQL is corrected.");
                }

                if (s.Scale >= NationalScale && q.Name is QuestionSet.Search or QuestionSet.Neighbourhood)
                {
                    yield return new TargetResult($"{q.Name}: p50 < 10 ms", s.Scale, store, $"{q.GraphQL.P50:F2} ms", q.GraphQL.P50 < 10,
                        (q.SqlStoppedAfterSeconds is { } limit ? $"the direct SQL did not finish in {limit:0.#} s"
                            : !q.SqlMeasured ? "the direct SQL was not asked (its preparation did not finish)"
                            : q.GraphQL.P50 <= q.Sql.P50 ? $"the direct SQL alone takes {q.Sql.P50:F2} ms at p50, more than GraphQL, so the time is the store's work on this question"
                            : $"the direct SQL alone takes {q.Sql.P50:F2} ms at p50, GraphQL adds {q.GraphQL.P50 - q.Sql.P50:F2} ms")
                        + (s.Profiles.TryGetValue(q.Name, out var at) && at.Statements >= 0
                            ? $"; inside the API the request took {at.ServerMilliseconds:F2} ms, of which its {at.Statements} SQL statements took {at.StoreMilliseconds:F2} ms "
                                + $"(rows read and materialised included), and wrote {at.ResponseBytes:N0} bytes."
                            : ".")
                        + Cpu(s, q.Name));
                }
            }

            if (s.MinimalThroughput > 0)
            {
                var throughput = s.GraphQLThroughput / s.MinimalThroughput;
                yield return new TargetResult($"small cached query ≥ {SmallQueryThroughputShare:F1} × minimal endpoint throughput", s.Scale, store, $"{throughput:F2}", throughput >= SmallQueryThroughputShare,
                    $"{s.GraphQLThroughput:F0} req/s beside {s.MinimalThroughput:F0} req/s; sequentially `{{ __typename }}` takes {s.TypenameLatency?.P50:F2} ms and the minimal endpoint "
                    + $"{s.MinimalLatency?.P50:F2} ms, so the GraphQL pipeline costs about {Math.Max(0, (s.TypenameLatency?.P50 ?? 0) - (s.MinimalLatency?.P50 ?? 0)):F2} ms a request before the store is asked"
                    + (s.Profiles.TryGetValue(Harness.SmallQuery, out var small)
                        ? $"; the small query itself takes {small.ServerMilliseconds:F2} ms inside the API with {small.Statements} SQL statement(s): a store context leased from the pool, a pooled connection, the store's count and GraphQL execution, which the minimal endpoint does not do. With {Environment.ProcessorCount} cores shared by the clients, the API and the store, that per-request work bounds throughput."
                        : ".")
                    + Cpu(s, Harness.SmallQuery));
            }

            if (s.Load is { } load)
            {
                yield return new TargetResult("load held: 0 5xx, 0 connection errors", s.Scale, store,
                    $"{load.ServerErrors:N0} 5xx, {load.ConnectionErrorCount:N0} connection errors, {load.OtherFailures:N0} other failures of {load.Completed + load.ConnectionErrorCount:N0} requests",
                    load.Held, $"{load.Connections} connections for {load.Elapsed.TotalSeconds:F0} s: {Failures(load)}");
            }

            if (s.Soak is { FinalToSettled: { } soakRatio } soak)
            {
                yield return new TargetResult($"soak held: final memory within {LoadTest.MemoryTolerance:P0} of settled, 0 5xx, 0 connection errors", s.Scale, store,
                    $"final / settled {soakRatio:F3}; {soak.ServerErrors:N0} 5xx, {soak.ConnectionErrorCount:N0} connection errors, {soak.OtherFailures:N0} other failures",
                    soak.Held && soak.MemoryHeld,
                    $"{soak.Connections} connections for {soak.Elapsed.TotalSeconds:F0} s: the API's resident memory settled at {MiB(soak.SettledRss)} MiB "
                    + $"(median from {LoadTest.SettleFrom.TotalSeconds:0} s to {LoadTest.SettleTo.TotalSeconds:0} s) and ended at {MiB(soak.RssAtEnd)} MiB; its samples ranged "
                    + $"from {MiB(soak.Memory.Min(m => m.Rss))} to {MiB(soak.Memory.Max(m => m.Rss))} MiB"
                    + (soak.MemoryHeld ? ", within the tolerance" : soakRatio > 1 ? ", so it kept growing after the first two minutes" : ", so it fell well below where it settled")
                    + $"; {Failures(soak)}");
            }

            if (s.Scale >= NationalScale && s.PeakRss > 0)
            {
                yield return new TargetResult("API memory < 1 GB", s.Scale, store, $"peak {MiB(s.PeakRss)} MiB", s.PeakRss < 1_000_000_000L,
                    $"resident {MiB(s.RssAfterStart)} MiB after start and {MiB(s.RssAfterRun)} MiB after the run.");
            }
        }
    }

    /// <summary>"0 5xx, 0 connection errors: held", or what failed.</summary>
    private static string Verdict(LoadTest t, bool soak)
    {
        var traffic = $"{t.ServerErrors:N0} 5xx, {t.ConnectionErrorCount:N0} connection errors" + (t.OtherFailures > 0 ? $", {t.OtherFailures:N0} other failures" : "");
        if (!soak)
        {
            return $"{traffic}: {(t.Held ? "held" : "not held")}";
        }

        if (t.FinalToSettled is not { } ratio)
        {
            return $"{traffic}; memory not judged, the soak was shorter than {LoadTest.SettleTo.TotalSeconds:0} s: {(t.Held ? "traffic held" : "not held")}";
        }

        var memory = t.MemoryHeld ? $"final memory within {LoadTest.MemoryTolerance:P0} of settled" : $"final memory {ratio - 1:+0.00%;-0.00%} from settled";
        return $"{traffic}, {memory}: {(t.Held && t.MemoryHeld ? "held" : "not held")}";
    }

    /// <summary>What went wrong under load, in figures, or that nothing did.</summary>
    private static string Failures(LoadTest t) =>
        (t.Held ? "every request was answered with a 2xx without GraphQL errors" : $"answers by status {ByStatus(t)}, connection errors {ConnectionErrors(t)}, "
            + $"{t.ErrorAnswers:N0} 2xx answers with GraphQL errors")
        + $"; {t.Completed:N0} answers at {t.RequestsPerSecond:F0}/s, p50 {t.P50:F1} ms, p99 {t.P99:F1} ms, slowest {t.Max:F1} ms."
        + (t.ConnectionErrors.ContainsKey("timeout") ? $" A timeout is a request unanswered after {LoadTest.RequestTimeout.TotalSeconds:0} s, queued behind the others on a saturated API." : "")
        + (t.ConnectionErrors.ContainsKey("refused") ? " Refused connections mean the API was not listening: it had stopped, or its accept queue was full." : "");

    private static string ByStatus(LoadTest t) =>
        t.ByStatusClass.Count == 0 ? "-" : string.Join(", ", t.ByStatusClass.OrderBy(c => c.Key).Select(c => $"{c.Key}xx {c.Value:N0}"));

    private static string ConnectionErrors(LoadTest t) =>
        t.ConnectionErrorCount == 0 ? "0" : $"{t.ConnectionErrorCount:N0} ({string.Join(", ", t.ConnectionErrors.OrderByDescending(e => e.Value).Select(e => $"{e.Key} {e.Value:N0}"))})";

    private static string Profile(ScaleResult s, string question) =>
        s.Profiles.TryGetValue(question, out var p) ? $"{p.ServerMilliseconds:F2} | {p.Statements} | {p.StoreMilliseconds:F2} | {p.ResponseBytes:N0}" : "- | - | - | -";

    /// <summary>" CPU profile: ..." for the explanation of a miss, or nothing when the question was not profiled.</summary>
    private static string Cpu(ScaleResult s, string question) =>
        s.CpuProfiles.TryGetValue(question, out var p) && p.Samples > 0
            ? $" CPU profile of the API ({p.Calls:N0} calls): {p.CpuMillisecondsPerCall:F2} ms of CPU a call, GC pauses {p.GcPauseMillisecondsPerCall:F2} ms a call; "
                + $"samples by component: {p.Summary()}."
            : "";

    private static string RoundTripWhy(ScaleResult s, QuestionResult q)
    {
        var extra = q.GraphQL.P50 - q.Sql.P50;
        var http = s.MinimalLatency?.P50 ?? 0;
        var pipeline = Math.Max(0, (s.TypenameLatency?.P50 ?? 0) - http);
        var why = $"GraphQL takes {extra:F2} ms more than the direct SQL at p50 ({q.GraphQL.P50:F2} vs {q.Sql.P50:F2}). The fixed costs are small: the HTTP round trip "
            + $"(minimal endpoint) is {http:F2} ms and the GraphQL pipeline without store work (`{{ __typename }}` minus that) {pipeline:F2} ms.";
        if (s.Profiles.TryGetValue(q.Name, out var p) && p.Statements >= 0)
        {
            var statements = p.Statements == 1 ? "1 SQL statement, as the direct SQL does" : $"{p.Statements} SQL statements where the direct SQL runs one";
            var answering = Math.Max(0, p.ServerMilliseconds - p.StoreMilliseconds);
            why += $" Inside the API (its own request log, warm calls) the request took {p.ServerMilliseconds:F2} ms and ran {statements}; the statements took "
                + $"{p.StoreMilliseconds:F2} ms from start to end (rows read and materialised included) and the other {answering:F2} ms went on resolving fields and "
                + $"building and writing {p.ResponseBytes:N0} bytes of JSON: most of the extra time is "
                + (p.StoreMilliseconds - q.Sql.P50 >= answering
                    ? $"in the store ({p.StoreMilliseconds - q.Sql.P50:F2} ms more than the direct SQL's p50), not HTTP or parsing."
                    : "the API's work on the answer, not HTTP or parsing.");
            // The request log is read in a process of its own, after fewer calls: where the client's p50 is well above
            // it, the explanation above does not account for the whole of the extra time, and says so.
            var unseen = q.GraphQL.P50 - http - p.ServerMilliseconds;
            if (unseen > Math.Max(0.5, 0.25 * p.ServerMilliseconds))
            {
                why += $" The client's p50, less the HTTP round trip, is {unseen:F2} ms above the request's time inside the API: time the API's own clock does not "
                    + "see (the client, the API and the store share the machine's cores).";
            }
        }

        return why + Cpu(s, q.Name);
    }

    /// <summary>A stopped SQL took at least its limit: GraphQL within 1.5 × that lower bound meets the target whatever the SQL would have taken.</summary>
    private static bool RoundTripMet(QuestionResult q) =>
        q.Error is null && q.Preparation is not { Stopped: true } && (q.SqlStoppedAfterSeconds is { } stopped ? q.GraphQL.P50 <= 1.5 * stopped * 1000
            : q.Sql.P50 < 1 ? q.GraphQL.P50 <= q.Sql.P50 + 0.5 : q.GraphQL.P50 <= 1.5 * q.Sql.P50);

    private static bool TailMet(QuestionResult q) => q.Error is null && q.GraphQL.P99 <= 5 * q.GraphQL.P50;

    private static double? IngestRatio(ScaleResult s) =>
        s.RawIngest is { } raw && s.ProductIngest > TimeSpan.Zero ? raw / s.ProductIngest : null;

    private static string Ratio(double a, double b) => b > 0 ? (a / b).ToString("F2", CultureInfo.InvariantCulture) : "-";

    private static string Rate(long rows, TimeSpan time) => time > TimeSpan.Zero ? (rows / time.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture) : "-";

    private static string MiB(long bytes) => (bytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture);

    private static string MiB(long? bytes) => bytes is { } b ? MiB(b) : "-";

    /// <summary>10^k as "1e{k}", any other size in digits.</summary>
    private static string Scale(int nodes)
    {
        var exponent = (int)Math.Round(Math.Log10(nodes));
        return Math.Pow(10, exponent) == nodes ? $"1e{exponent}" : nodes.ToString(CultureInfo.InvariantCulture);
    }

    private static void Line(this StringBuilder md, string text = "") => md.Append(text).Append('\n');
}
