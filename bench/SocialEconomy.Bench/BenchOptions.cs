using SocialEconomy.Graph.Store;

namespace SocialEconomy.Bench;

/// <summary>What one run measures and how long it spends on each figure.</summary>
public sealed record BenchOptions
{
    public IReadOnlyList<int> Scales { get; init; } = [10_000];

    public IReadOnlyList<StoreProvider> Stores { get; init; } = [StoreProvider.Sqlite, StoreProvider.Postgres];

    public int Seed { get; init; } = 1;

    /// <summary>Timed calls per question and way, after the warm-up (fewer if the time budget runs out first).</summary>
    public int Iterations { get; init; } = 200;

    /// <summary>Least untimed calls before timing a question one way.</summary>
    public int Warmup { get; init; } = 20;

    /// <summary>
    /// Least seconds of untimed calls before timing a question one way. The API's JIT compiler moves hot code to its
    /// optimised tier only after thousands of calls: on 10^4 nodes the headline question's p50 fell from 9 ms to 4 ms
    /// over its first 1,300 calls (about 8 s).
    /// </summary>
    public double WarmupSeconds { get; init; } = 3;

    /// <summary>Seconds of calls of every question in turn, right after the API starts and before anything is timed.</summary>
    public double ApiWarmupSeconds { get; init; } = 10;

    /// <summary>
    /// Least rounds of every question in turn in that warm-up (when it is on), however long they take. The JIT compiler
    /// moves the API's code to its optimised tier only after hundreds of calls: in three fresh API processes on the
    /// PostgreSQL store of 10^5 nodes (one without the garbage collector's dynamic adaptation), the headline question's
    /// median over each 100 calls stayed at 16.6–25.8 ms for the first 400 and was at 6.4–9.7 ms from the 800th on. At
    /// 10^6 nodes ten seconds had been one round, its first calls reading a cold store.
    /// </summary>
    public int ApiWarmupRounds { get; init; } = 600;

    /// <summary>Most seconds spent timing one question one way; a slow question gets fewer samples (at least 10).</summary>
    public double SecondsPerQuestion { get; init; } = 20;

    /// <summary>
    /// Most seconds the direct SQL of a question may run before the run stops it (on SQLite by interrupting the
    /// statement) and reports the GraphQL figure beside "did not finish" instead of waiting for it.
    /// </summary>
    public double SqlTimeoutSeconds { get; init; } = 60;

    /// <summary>
    /// Most seconds a question's SQL preparation (the tables its SQL reads, built once) may run; when stopped, the
    /// question's SQL is not asked and the report says so.
    /// </summary>
    public double SqlPreparationTimeoutSeconds { get; init; } = 300;

    public double ThroughputSeconds { get; init; } = 5;

    public int Concurrency { get; init; } = 8;

    /// <summary>Seconds of calls per question for the API's CPU profile (twice: counted, then traced); 0 leaves it out.</summary>
    public double ProfileSeconds { get; init; } = 2;

    /// <summary>Connections asking the question set at once in the load test.</summary>
    public int LoadConnections { get; init; } = 64;

    /// <summary>Seconds of the load test, after the other figures of a store; 0 leaves it out.</summary>
    public double LoadSeconds { get; init; } = 60;

    /// <summary>Connections asking the question set at once in the soak.</summary>
    public int SoakConnections { get; init; } = 16;

    /// <summary>Seconds of the soak, after the load test, sampling the API's memory; 0 leaves it out.</summary>
    public double SoakSeconds { get; init; } = 600;

    public bool SkipIngestBaseline { get; init; }

    /// <summary>
    /// Start PostGraphile 5 beside the API on each PostgreSQL store and time the questions both can ask (installing
    /// bench/postgraphile's packages with npm first if they are missing).
    /// </summary>
    public bool PostGraphile { get; init; } = true;

    /// <summary>BenchmarkDotNet job for parse/validate: "short", "dry" (one call, for smoke tests) or "none".</summary>
    public string Micro { get; init; } = "short";

    /// <summary>Show BenchmarkDotNet's own output.</summary>
    public bool Verbose { get; init; }

    /// <summary>Folder of the Markdown results.</summary>
    public string Output { get; init; } = Path.Combine("bench", "results");

    /// <summary>An existing PostgreSQL server (admin connection string); otherwise one is started and removed.</summary>
    public string? Postgres { get; init; }

    public string PostgresBin { get; init; } = "/usr/lib/postgresql/15/bin";

    /// <summary>Where the SQLite stores and the temporary PostgreSQL live during the run.</summary>
    public string WorkDirectory { get; init; } = Path.GetTempPath();
}
