using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Bench.Api;
using SocialEconomy.Bench.Ingest;
using SocialEconomy.Bench.Micro;
using SocialEconomy.Bench.Peers;
using SocialEconomy.Bench.Questions;
using SocialEconomy.Bench.Report;
using SocialEconomy.Bench.Stores;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Store;
using SocialEconomy.Graph.Synthetic;

namespace SocialEconomy.Bench;

/// <summary>
/// One benchmark run: parse/validate in-process first; then for each scale, a synthetic graph loaded into each store
/// by the product's loader (beside the raw baseline), the API started on it in its own process and warmed up, the
/// seven questions asked over HTTP and as direct SQL, HTTP throughput beside the minimal endpoint, memory and
/// start-up, then each question profiled inside the API (its CPU, and its request log in a second process), and last
/// a load test and a soak in a third. The report is written after each store and scale (marked partial) and again at
/// the end.
/// </summary>
public sealed class Harness(BenchOptions options, TextWriter log)
{
    /// <summary>The small query whose throughput is compared with the minimal endpoint.</summary>
    public const string SmallQuery = "{ challengeAreas(first: 5) { totalCount } }";

    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>bench/postgraphile, once installed; or why PostGraphile cannot run in this run (asked once).</summary>
    private (string? Project, string? Problem)? _postGraphile;

    /// <summary>Runs everything and writes the report; returns its path.</summary>
    public async Task<(RunResults Results, string ReportPath)> RunAsync(string command, CancellationToken cancellationToken)
    {
        var workDirectory = Directory.CreateTempSubdirectory("graph-bench-").FullName;
        ThrowawayPostgres? server = null;
        try
        {
            string? postgresAdmin = null;
            string? postgresVersion = null;
            if (options.Stores.Contains(StoreProvider.Postgres))
            {
                if (options.Postgres is null)
                {
                    Say($"Starting a throwaway PostgreSQL from {options.PostgresBin}...");
                    server = await ThrowawayPostgres.StartAsync(options.PostgresBin, cancellationToken);
                }

                postgresAdmin = options.Postgres ?? server!.AdminConnectionString;
                postgresVersion = await ThrowawayPostgres.VersionAsync(postgresAdmin);
            }

            var results = new RunResults
            {
                Started = DateTimeOffset.UtcNow, Command = command, Machine = Machine.Describe(postgresVersion), Options = options,
            };
            // First, while the process is small: run after the 10^6 stores, with gigabytes of heap behind it, the
            // in-process BenchmarkDotNet step ran for minutes and once took the process down with it.
            if (options.Micro != "none")
            {
                Say($"Parse and validate with and without the document cache (BenchmarkDotNet, {options.Micro} job)...");
                results.Micro = MicroRunner.Run(options.Micro, workDirectory, options.Verbose ? BenchmarkDotNet.Loggers.ConsoleLogger.Default : null);
            }

            foreach (var scale in options.Scales)
            {
                Say($"Generating a synthetic graph of {scale:N0} nodes (seed {options.Seed})...");
                var generating = Stopwatch.StartNew();
                var batch = SyntheticGraph.Generate(scale, options.Seed);
                var generated = generating.Elapsed;
                Say($"  {batch.NodeCount:N0} nodes, {batch.Relationships.Count:N0} relationships in {generated.TotalSeconds:F1} s");
                foreach (var provider in options.Stores)
                {
                    var result = new ScaleResult { Scale = scale, Store = provider, Nodes = batch.NodeCount, Relationships = batch.Relationships.Count, Generated = generated };
                    results.Scales.Add(result);
                    try
                    {
                        await RunScaleAsync(batch, result, workDirectory, postgresAdmin, cancellationToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        result.Failure = ex.GetBaseException().Message;
                        Say($"  FAILED at {scale:N0} on {provider}: {result.Failure}");
                    }

                    results.Elapsed = _clock.Elapsed;
                    MarkdownReport.Write(results, options.Output);
                }

                batch = null;
                GC.Collect();
            }

            results.Elapsed = _clock.Elapsed;
            results.Finished = true;
            var path = MarkdownReport.Write(results, options.Output);
            Say($"Report written to {path}");
            return (results, path);
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            Directory.Delete(workDirectory, recursive: true);
        }
    }

    private async Task RunScaleAsync(GraphBatch batch, ScaleResult result, string workDirectory, string? postgresAdmin, CancellationToken cancellationToken)
    {
        var name = $"{result.Store.ToString().ToLowerInvariant()}-{result.Scale}";
        result.Rows = RawRows.CountRows(batch);
        if (!options.SkipIngestBaseline)
        {
            var baseline = await BenchStore.CreateAsync(result.Store, workDirectory, postgresAdmin, name + "-raw");
            try
            {
                await baseline.MigrateAsync(cancellationToken);
                Say($"[{result.Scale:N0} {result.Store}] raw baseline: writing {result.Rows:N0} rows...");
                var clock = Stopwatch.StartNew();
                var tables = RawRows.For(batch);
                await (result.Store == StoreProvider.Sqlite
                    ? RawLoaders.SqliteAsync(baseline.ConnectionString, tables, cancellationToken)
                    : RawLoaders.PostgresAsync(baseline.ConnectionString, tables, cancellationToken));
                result.RawIngest = clock.Elapsed;
                Say($"[{result.Scale:N0} {result.Store}]   {result.RawIngest.Value.TotalSeconds:F2} s");
            }
            finally
            {
                await baseline.DropAsync();
            }
        }

        var store = await BenchStore.CreateAsync(result.Store, workDirectory, postgresAdmin, name);
        try
        {
            await store.MigrateAsync(cancellationToken);
            Say($"[{result.Scale:N0} {result.Store}] product loader: loading {batch.NodeCount:N0} nodes and {batch.Relationships.Count:N0} relationships...");
            // A batch loaded once carries the ids the store gave its relationships; a fresh store must give its own.
            foreach (var relationship in batch.Relationships)
            {
                relationship.Id = 0;
            }

            var clock = Stopwatch.StartNew();
            await using (var services = store.CreateServices())
            {
                using var scope = services.CreateScope();
                await scope.ServiceProvider.GetRequiredService<GraphLoader>().LoadAsync(batch, cancellationToken);
            }

            result.ProductIngest = clock.Elapsed;
            result.StoreBytes = await store.SizeAsync();
            result.SearchIndexBytes = await store.SearchIndexSizeAsync();
            Say($"[{result.Scale:N0} {result.Store}]   {result.ProductIngest.TotalSeconds:F2} s, store {result.StoreBytes / 1048576.0:F0} MiB, "
                + $"search indexes {result.SearchIndexBytes / 1048576.0:F1} MiB");

            await MeasureApiAsync(store, result, workDirectory, cancellationToken);
        }
        finally
        {
            await store.DropAsync();
        }
    }

    private async Task MeasureApiAsync(BenchStore store, ScaleResult result, string workDirectory, CancellationToken cancellationToken)
    {
        var prefix = $"[{result.Scale:N0} {result.Store}]";
        Say($"{prefix} starting the API...");
        List<Question> questions;
        await using (var api = await ApiProcess.StartAsync(store, requestLog: false, cancellationToken))
        {
            questions = await TimeAsync(api, store, result, cancellationToken);
            if (options.PostGraphile && store.Provider == StoreProvider.Postgres)
            {
                await ComparePostGraphileAsync(api, store, result, cancellationToken);
            }

            if (options.ProfileSeconds > 0)
            {
                await ProfileCpuAsync(api, store, questions, result, workDirectory, cancellationToken);
            }
        }

        Say($"{prefix} profiling each question inside the API (its request log: duration, SQL statements and their time)...");
        await using (var api = await ApiProcess.StartAsync(store, requestLog: true, cancellationToken))
        {
            using var http = new HttpClient { BaseAddress = api.Address, Timeout = TimeSpan.FromMinutes(2) };
            var clients = new Clients(http, store);
            await WarmUpAsync(clients, questions, prefix, cancellationToken);
            var warmup = TimeSpan.FromSeconds(options.WarmupSeconds);
            foreach (var question in questions)
            {
                var profile = await ServerProfile.MeasureAsync(api, clients, Clients.Body(question.Document), ProfileCalls(question.Name, result), warmup, cancellationToken);
                result.Profiles[question.Name] = profile;
                Say(string.Create(CultureInfo.InvariantCulture,
                    $"{prefix}   {question.Name}: {profile.ServerMilliseconds:F2} ms in the API, {profile.Statements} SQL statements taking {profile.StoreMilliseconds:F2} ms, {profile.ResponseBytes:N0} bytes"));
            }

            result.Profiles[SmallQuery] = await ServerProfile.MeasureAsync(api, clients, Clients.Body(SmallQuery), 10, warmup, cancellationToken);
        }

        if (questions.Count > 0 && (options.LoadSeconds > 0 || options.SoakSeconds > 0))
        {
            await LoadAsync(store, questions, result, cancellationToken);
        }
    }

    /// <summary>
    /// PostGraphile beside the API that has just been timed: the shared questions on both. A peer that cannot be
    /// installed or started is reported with the reason, and the run goes on.
    /// </summary>
    private async Task ComparePostGraphileAsync(ApiProcess api, BenchStore store, ScaleResult result, CancellationToken cancellationToken)
    {
        var prefix = $"[{result.Scale:N0} {result.Store}]";
        if (_postGraphile is null)
        {
            var project = PostGraphileProcess.FindProject();
            _postGraphile = project is null
                ? (null, $"bench/postgraphile was not found above {AppContext.BaseDirectory}.")
                : (project, await PostGraphileProcess.EnsureInstalledAsync(project, Say, cancellationToken));
        }

        if (_postGraphile.Value is not (string found, null))
        {
            result.PostGraphile = new PeerResult { NotMeasured = _postGraphile.Value.Problem };
            Say($"{prefix} PostGraphile not measured: {_postGraphile.Value.Problem}");
            return;
        }

        try
        {
            result.PostGraphile = await new PeerComparison(options, Say).RunAsync(
                found, api.Address, store, result.Targets!, QuestionSet.For(result.Targets!, store.Provider), prefix, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            result.PostGraphile = new PeerResult { NotMeasured = $"PostGraphile failed: {ex.GetBaseException().Message}" };
            Say($"{prefix} PostGraphile not measured: {ex.GetBaseException().Message}");
        }
    }

    /// <summary>
    /// In an API process of its own, warmed up as the first was, so that its memory is the load's alone: the questions
    /// in turn from many connections at once, then from fewer for longer while the memory is watched.
    /// </summary>
    private async Task LoadAsync(BenchStore store, List<Question> questions, ScaleResult result, CancellationToken cancellationToken)
    {
        var prefix = $"[{result.Scale:N0} {result.Store}]";
        Say($"{prefix} starting the API for the load test and soak...");
        await using var api = await ApiProcess.StartAsync(store, requestLog: false, cancellationToken);
        using (var http = new HttpClient { BaseAddress = api.Address, Timeout = TimeSpan.FromMinutes(2) })
        {
            await WarmUpAsync(new Clients(http, store), questions, prefix, cancellationToken);
        }

        var bodies = questions.Select(q => Clients.Body(q.Document)).ToList();
        if (options.LoadSeconds > 0)
        {
            Say($"{prefix} load test: {options.LoadConnections} connections for {options.LoadSeconds:0.#} s, each asking the next question in turn...");
            result.Load = await LoadTestAsync(api, store, bodies, options.LoadConnections, options.LoadSeconds, prefix, cancellationToken);
            Say($"{prefix}   {Summary(result.Load)}");
        }

        if (options.SoakSeconds > 0)
        {
            Say($"{prefix} soak: {options.SoakConnections} connections for {options.SoakSeconds:0.#} s, memory sampled every {LoadTest.SampleInterval.TotalSeconds:0} s...");
            result.Soak = await LoadTestAsync(api, store, bodies, options.SoakConnections, options.SoakSeconds, prefix, cancellationToken);
            var soak = result.Soak;
            Say($"{prefix}   {Summary(soak)}; " + (soak.SettledRss is { } settled
                ? string.Create(CultureInfo.InvariantCulture, $"settled {settled / 1048576.0:F0} MiB, final {soak.RssAtEnd / 1048576.0:F0} MiB ({soak.FinalToSettled:F3} × settled)")
                : $"too short for a settled memory (samples from {LoadTest.SettleFrom.TotalSeconds:0} s to {LoadTest.SettleTo.TotalSeconds:0} s)"));
        }
    }

    private async Task<LoadTest> LoadTestAsync(
        ApiProcess api, BenchStore store, IReadOnlyList<byte[]> bodies, int connections, double seconds, string prefix, CancellationToken cancellationToken)
    {
        // One pooled connection per loop; the loops time their requests out themselves, so that a timeout is counted, not thrown.
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = api.Address, Timeout = Timeout.InfiniteTimeSpan };
        var minutesSaid = 0;
        return await LoadTest.RunAsync(new Clients(http, store), bodies, connections, TimeSpan.FromSeconds(seconds), Rss, (sample, completed) =>
        {
            if ((int)sample.At.TotalMinutes > minutesSaid)
            {
                minutesSaid = (int)sample.At.TotalMinutes;
                Say(string.Create(CultureInfo.InvariantCulture, $"{prefix}   {sample.At.TotalSeconds:F0} s: {completed:N0} answers, RSS {sample.Rss / 1048576.0:F0} MiB"));
            }
        }, cancellationToken);

        // The process may have died under the load: its connection errors say so, and its memory is then unknown.
        long? Rss()
        {
            try
            {
                return api.Memory().Rss;
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    private static string Summary(LoadTest load) => string.Create(CultureInfo.InvariantCulture,
        $"{load.Completed:N0} answers, {load.RequestsPerSecond:F0}/s, p50 {load.P50:F1} ms p90 {load.P90:F1} ms p99 {load.P99:F1} ms max {load.Max:F1} ms; "
        + $"{load.ServerErrors} 5xx, {load.ConnectionErrorCount} connection errors, {load.OtherFailures} other failures; "
        + $"RSS {load.RssAtStart / 1048576.0:F0} to {load.RssAtEnd / 1048576.0:F0} MiB");

    private async Task<List<Question>> TimeAsync(ApiProcess api, BenchStore store, ScaleResult result, CancellationToken cancellationToken)
    {
        var prefix = $"[{result.Scale:N0} {result.Store}]";
        var answered = new List<Question>();
        result.Startup = api.StartupTime;
        result.RssAfterStart = api.Memory().Rss;
        Say($"{prefix}   ready in {result.Startup.TotalMilliseconds:F0} ms, RSS {result.RssAfterStart / 1048576.0:F0} MiB");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = api.Address, Timeout = TimeSpan.FromMinutes(2) };
        var clients = new Clients(http, store);
        Targets targets;
        await using (var connection = store.OpenConnection())
        {
            targets = Targets.Pick(connection);
        }

        result.Targets = targets;
        await WarmUpAsync(clients, QuestionSet.For(targets, store.Provider), prefix, cancellationToken);
        foreach (var question in QuestionSet.For(targets, store.Provider))
        {
            Say($"{prefix} {question.Name}...");
            string graphQLAnswer, sqlAnswer = "";
            double? sqlStopped = null;
            SqlPreparation? preparation = null;
            try
            {
                graphQLAnswer = question.GraphQLAnswer(await clients.DataAsync(question.Document, cancellationToken));
                if (question.Preparation is { Count: > 0 })
                {
                    preparation = await PrepareAsync(clients, question, prefix, cancellationToken);
                }

                if (preparation is not { Stopped: true })
                {
                    using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    limit.CancelAfter(TimeSpan.FromSeconds(options.SqlTimeoutSeconds));
                    try
                    {
                        sqlAnswer = question.SqlAnswer(await clients.QueryAsync(question, limit.Token));
                    }
                    catch (Exception) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                    {
                        sqlStopped = options.SqlTimeoutSeconds;
                        Say(string.Create(CultureInfo.InvariantCulture, $"{prefix}   the direct SQL did not finish in {options.SqlTimeoutSeconds:0.#} s; stopped, GraphQL measured alone"));
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                result.Questions.Add(new QuestionResult(question.Name, question.Asks, new Latency(0, 0, 0, 0), new Latency(0, 0, 0, 0), "", "", ex.GetBaseException().Message));
                Say($"{prefix}   FAILED: {ex.GetBaseException().Message}");
                continue;
            }

            answered.Add(question);
            var body = Clients.Body(question.Document);
            var sqlAsked = sqlStopped is null && preparation is not { Stopped: true };
            var (graphQL, sql) = sqlAsked
                ? await Latency.MeasureSideBySideAsync(() => clients.PostAsync(body, cancellationToken), () => clients.QueryAsync(question, cancellationToken), options, cancellationToken)
                : (await Latency.MeasureAsync(() => clients.PostAsync(body, cancellationToken), options, cancellationToken), new Latency(0, 0, 0, 0));
            result.Questions.Add(new QuestionResult(question.Name, question.Asks, graphQL, sql, graphQLAnswer, sqlAnswer, null, sqlStopped, preparation));
            Say(string.Create(CultureInfo.InvariantCulture,
                $"{prefix}   GraphQL p50 {graphQL.P50:F2} ms p99 {graphQL.P99:F2} ms; SQL p50 {sql.P50:F2} ms p99 {sql.P99:F2} ms; answers {(!sqlAsked ? "not compared" : graphQLAnswer == sqlAnswer ? "agree" : $"DIFFER ({graphQLAnswer} / {sqlAnswer})")}"));
        }

        var minimalBody = Clients.Body("{ __typename }");
        result.MinimalLatency = await Latency.MeasureAsync(() => http.GetByteArrayAsync(ApiHost.MinimalPath, cancellationToken), options, cancellationToken);
        result.TypenameLatency = await Latency.MeasureAsync(() => clients.PostAsync(minimalBody, cancellationToken), options, cancellationToken);

        Say($"{prefix} HTTP throughput, {options.Concurrency} clients, {options.ThroughputSeconds:F0} s each...");
        var duration = TimeSpan.FromSeconds(options.ThroughputSeconds);
        result.MinimalThroughput = await Throughput.MeasureAsync(ct => http.GetByteArrayAsync(ApiHost.MinimalPath, ct), options.Concurrency, duration, cancellationToken);
        var smallBody = Clients.Body(SmallQuery);
        result.GraphQLThroughput = await Throughput.MeasureAsync(ct => clients.PostAsync(smallBody, ct), options.Concurrency, duration, cancellationToken);
        Say(string.Create(CultureInfo.InvariantCulture, $"{prefix}   GraphQL {result.GraphQLThroughput:F0}/s, minimal endpoint {result.MinimalThroughput:F0}/s"));

        (result.RssAfterRun, result.PeakRss) = api.Memory();
        return answered;
    }

    /// <summary>
    /// Runs the question's preparation (the tables its SQL reads) once, timed, and stopped after
    /// --sql-preparation-timeout-seconds: the question's SQL is then not asked.
    /// </summary>
    private async Task<SqlPreparation> PrepareAsync(Clients clients, Question question, string prefix, CancellationToken cancellationToken)
    {
        Say($"{prefix}   preparing what the direct SQL reads ({question.Preparation!.Count} statements)...");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(options.SqlPreparationTimeoutSeconds));
        var clock = Stopwatch.StartNew();
        try
        {
            await clients.PrepareAsync(question, limit.Token);
            Say(string.Create(CultureInfo.InvariantCulture, $"{prefix}   prepared in {clock.Elapsed.TotalSeconds:F2} s"));
            return new SqlPreparation(clock.Elapsed.TotalSeconds, Stopped: false);
        }
        catch (Exception) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Say(string.Create(CultureInfo.InvariantCulture,
                $"{prefix}   the preparation did not finish in {options.SqlPreparationTimeoutSeconds:0.#} s; stopped, GraphQL measured alone"));
            return new SqlPreparation(options.SqlPreparationTimeoutSeconds, Stopped: true);
        }
    }

    /// <summary>
    /// Every question in turn for a while before anything is timed, so that the code they share (GraphQL execution,
    /// EF Core, the store's provider) has been through the JIT compiler's tiers. A question that fails here is left
    /// to fail, and be reported, when it is timed.
    /// </summary>
    private async Task WarmUpAsync(Clients clients, IEnumerable<Question> questions, string prefix, CancellationToken cancellationToken)
    {
        if (options.ApiWarmupSeconds <= 0)
        {
            return;
        }

        Say($"{prefix} warming the API up: every question in turn for {options.ApiWarmupSeconds:0.#} s and at least {options.ApiWarmupRounds:N0} rounds...");
        var bodies = questions.Select(q => Clients.Body(q.Document)).ToList();
        var clock = Stopwatch.StartNew();
        var calls = 0;
        for (var round = 0; clock.Elapsed.TotalSeconds < options.ApiWarmupSeconds || round < options.ApiWarmupRounds; round++)
        {
            foreach (var body in bodies)
            {
                try
                {
                    await clients.PostAsync(body, cancellationToken);
                    calls++;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    bodies.Remove(body);
                    break;
                }
            }

            if (bodies.Count == 0)
            {
                break;
            }
        }

        Say(string.Create(CultureInfo.InvariantCulture, $"{prefix}   {calls:N0} calls in {clock.Elapsed.TotalSeconds:F0} s"));
    }

    /// <summary>
    /// After the timed calls, in the same process: where its CPU goes for each question and the small query. A
    /// failed profile is reported and the run goes on.
    /// </summary>
    private async Task ProfileCpuAsync(ApiProcess api, BenchStore store, List<Question> questions, ScaleResult result, string workDirectory, CancellationToken cancellationToken)
    {
        var prefix = $"[{result.Scale:N0} {result.Store}]";
        Say($"{prefix} CPU profile of each question inside the API (EventPipe sampling, {options.ProfileSeconds:0.#} s each)...");
        using var http = new HttpClient { BaseAddress = api.Address, Timeout = TimeSpan.FromMinutes(2) };
        var clients = new Clients(http, store);
        foreach (var (name, document) in questions.Select(q => (q.Name, q.Document)).Append((SmallQuery, SmallQuery)))
        {
            var body = Clients.Body(document);
            try
            {
                var profile = await CpuProfile.MeasureAsync(api, () => clients.PostAsync(body, cancellationToken), TimeSpan.FromSeconds(options.ProfileSeconds), workDirectory, cancellationToken);
                result.CpuProfiles[name] = profile;
                Say(string.Create(CultureInfo.InvariantCulture,
                    $"{prefix}   {name}: {profile.CpuMillisecondsPerCall:F2} ms CPU a call over {profile.Calls} calls; {profile.Summary()}; GC pauses {profile.GcPauseMillisecondsPerCall:F2} ms a call"));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Say($"{prefix}   {name}: no CPU profile: {ex.GetBaseException().Message}");
            }
        }
    }

    /// <summary>Ten warm calls, or as many as a fifth of the time budget allows for a slow question (at least three).</summary>
    private int ProfileCalls(string question, ScaleResult result)
    {
        var p50 = result.Questions.FirstOrDefault(q => q.Name == question)?.GraphQL.P50 ?? 0;
        return p50 <= 0 ? 10 : Math.Clamp((int)(options.SecondsPerQuestion * 1000 / 5 / p50), 3, 10);
    }

    private void Say(string message) =>
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{_clock.Elapsed:hh\\:mm\\:ss} {message}"));
}
