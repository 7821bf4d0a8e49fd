using SocialEconomy.Bench.Peers;
using SocialEconomy.Bench.Questions;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Bench.Report;

/// <summary>Everything one run measured, as the report shows it.</summary>
public sealed class RunResults
{
    public required DateTimeOffset Started { get; init; }

    public required string Command { get; init; }

    public required Machine Machine { get; set; }

    public required BenchOptions Options { get; init; }

    public List<ScaleResult> Scales { get; } = [];

    public MicroResult? Micro { get; set; }

    public TimeSpan Elapsed { get; set; }

    /// <summary>False while the run goes on: the report is written after every store and scale, so a run that dies late keeps what it measured.</summary>
    public bool Finished { get; set; }
}

/// <summary>One store at one scale.</summary>
public sealed class ScaleResult
{
    public required int Scale { get; init; }

    public required StoreProvider Store { get; init; }

    public int Nodes { get; set; }

    public int Relationships { get; set; }

    public long Rows { get; set; }

    public TimeSpan Generated { get; set; }

    /// <summary>The product's loader, into a freshly migrated store.</summary>
    public TimeSpan ProductIngest { get; set; }

    /// <summary>The raw baseline writing the same rows; null when skipped.</summary>
    public TimeSpan? RawIngest { get; set; }

    public long StoreBytes { get; set; }

    /// <summary>Of <see cref="StoreBytes"/>, the full-text search indexes (see <c>BenchStore.SearchIndexSizeAsync</c>).</summary>
    public long SearchIndexBytes { get; set; }

    public TimeSpan Startup { get; set; }

    public long RssAfterStart { get; set; }

    public long RssAfterRun { get; set; }

    public long PeakRss { get; set; }

    public Targets? Targets { get; set; }

    public List<QuestionResult> Questions { get; } = [];

    /// <summary>Inside the API, per question (from a separate, untimed API process with its request log on).</summary>
    public Dictionary<string, ServerProfile> Profiles { get; } = [];

    /// <summary>Where the API's CPU goes, per question and for the small query (in the timed process, after its timings).</summary>
    public Dictionary<string, CpuProfile> CpuProfiles { get; } = [];

    /// <summary>The fixed costs: the minimal endpoint and '{ __typename }', sequential.</summary>
    public Latency? MinimalLatency { get; set; }

    public Latency? TypenameLatency { get; set; }

    public double GraphQLThroughput { get; set; }

    public double MinimalThroughput { get; set; }

    /// <summary>The question set from many connections at once, in an API process of its own; null when left out.</summary>
    public LoadTest? Load { get; set; }

    /// <summary>The question set from fewer connections for longer, in the same process after the load test; null when left out.</summary>
    public LoadTest? Soak { get; set; }

    /// <summary>PostGraphile beside the API (PostgreSQL stores only); null when not asked for.</summary>
    public PeerResult? PostGraphile { get; set; }

    public string? Failure { get; set; }
}

/// <param name="SqlStoppedAfterSeconds">Set when the direct SQL ran past the run's limit and was stopped; Sql is then empty.</param>
/// <param name="Preparation">The SQL's preparation, for a question that has one.</param>
public sealed record QuestionResult(
    string Name, string Asks, Latency GraphQL, Latency Sql, string GraphQLAnswer, string SqlAnswer, string? Error, double? SqlStoppedAfterSeconds = null,
    SqlPreparation? Preparation = null)
{
    /// <summary>The direct SQL ran to its end and was timed: not stopped, and its preparation (if any) finished.</summary>
    public bool SqlMeasured => Error is null && SqlStoppedAfterSeconds is null && Preparation is not { Stopped: true };

    public bool AnswersAgree => SqlMeasured && GraphQLAnswer == SqlAnswer;
}

/// <summary>How long a question's SQL preparation took, or that it was stopped after <paramref name="Seconds"/>.</summary>
public sealed record SqlPreparation(double Seconds, bool Stopped);

public sealed record MicroResult(double WithoutCacheMicroseconds, double WithCacheMicroseconds, long WithoutCacheBytes, long WithCacheBytes, string Job);
