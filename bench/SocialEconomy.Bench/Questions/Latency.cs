using System.Diagnostics;

namespace SocialEconomy.Bench.Questions;

/// <summary>Latency percentiles of one operation, in milliseconds, from sequential calls after a warm-up.</summary>
public sealed record Latency(double P50, double P99, double Max, int Samples)
{
    /// <summary>How many calls of one operation <see cref="MeasureSideBySideAsync(Func{Task}, Func{Task}, int, TimeSpan, int, TimeSpan, CancellationToken)"/> times in a row.</summary>
    public const int Block = 10;

    public double Spread => P50 > 0 ? P99 / P50 : 0;

    /// <summary>
    /// Times <paramref name="iterations"/> calls, or fewer (at least 10) when <paramref name="budget"/> runs out first,
    /// after untimed calls: <paramref name="warmupTime"/>'s worth (and at least two), then more until there have been
    /// <paramref name="warmupCalls"/>, as long as the warm-up has taken no more than a quarter of the budget.
    /// </summary>
    /// <remarks>
    /// The warm-up time is never cut short by the budget: the API's JIT compiler moves code to its optimised tier only
    /// after many calls, and a question timed too early measures the compiler. Over 100 calls after the first 2 and after
    /// 155, the headline question at 10^5 nodes on PostgreSQL took 18-20 ms at p50; after 411 and 774 calls, 12.3 and
    /// 9.6 ms.
    /// </remarks>
    public static async Task<Latency> MeasureAsync(Func<Task> once, int warmupCalls, TimeSpan warmupTime, int iterations, TimeSpan budget, CancellationToken cancellationToken)
    {
        var warming = Stopwatch.StartNew();
        for (var i = 0; i < 2 || warming.Elapsed < warmupTime || (i < warmupCalls && warming.Elapsed < budget / 4); i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await once();
        }

        var samples = new List<double>(iterations);
        var clock = Stopwatch.StartNew();
        while (samples.Count < iterations && (samples.Count < 10 || clock.Elapsed < budget))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await TimeAsync(once, samples);
        }

        return Of(samples);
    }

    /// <summary>Times one operation with the run's warm-up, number of calls and time for each question.</summary>
    public static Task<Latency> MeasureAsync(Func<Task> once, BenchOptions options, CancellationToken cancellationToken) =>
        MeasureAsync(once, options.Warmup, TimeSpan.FromSeconds(options.WarmupSeconds), options.Iterations, TimeSpan.FromSeconds(options.SecondsPerQuestion), cancellationToken);

    /// <summary>Times two operations side by side with the run's warm-up, number of calls and time for each question.</summary>
    public static Task<(Latency First, Latency Second)> MeasureSideBySideAsync(Func<Task> first, Func<Task> second, BenchOptions options, CancellationToken cancellationToken) =>
        MeasureSideBySideAsync(first, second, options.Warmup, TimeSpan.FromSeconds(options.WarmupSeconds), options.Iterations, TimeSpan.FromSeconds(options.SecondsPerQuestion), cancellationToken);

    /// <summary>
    /// Times two operations side by side, as <see cref="MeasureAsync"/> times one: warmed up in turn, then timed in
    /// blocks of <see cref="Block"/> calls, a block of one then of the other, which goes first swapped each round, until
    /// each has <paramref name="iterations"/> samples or twice the budget has passed. A figure and its baseline are then
    /// taken over the same seconds, so that what the machine does meanwhile (the store's caches, the kernel's, other
    /// processes) weighs on both alike; timed one after the other, each saw a different stretch of time, and on this
    /// 2-core machine one stretch can be twice as slow as the next. Blocks, not single calls in turn: with a call of
    /// each in turn, short statements took longer on both sides (on PostgreSQL at 10^4 the organisation page 1.66 ms
    /// and its SQL 1.75, against 0.68 and 1.30 timed one after the other), where a server answers calls in a row. Each
    /// block starts with an untimed call, the first after the other operation's.
    /// </summary>
    public static async Task<(Latency First, Latency Second)> MeasureSideBySideAsync(
        Func<Task> first, Func<Task> second, int warmupCalls, TimeSpan warmupTime, int iterations, TimeSpan budget, CancellationToken cancellationToken)
    {
        var warming = Stopwatch.StartNew();
        for (var i = 0; i < 2 || warming.Elapsed < warmupTime || (i < warmupCalls && warming.Elapsed < budget / 2); i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await first();
            await second();
        }

        var firstSamples = new List<double>(iterations);
        var secondSamples = new List<double>(iterations);
        var clock = Stopwatch.StartNew();
        for (var round = 0; firstSamples.Count < iterations && (firstSamples.Count < 10 || clock.Elapsed < budget * 2); round++)
        {
            var calls = Math.Min(Block, iterations - firstSamples.Count);
            var (leading, leadingSamples, trailing, trailingSamples) = round % 2 == 0
                ? (first, firstSamples, second, secondSamples)
                : (second, secondSamples, first, firstSamples);
            await TimeBlockAsync(leading, calls, leadingSamples, cancellationToken);
            await TimeBlockAsync(trailing, calls, trailingSamples, cancellationToken);
        }

        return (Of(firstSamples), Of(secondSamples));
    }

    private static async Task TimeBlockAsync(Func<Task> once, int calls, List<double> samples, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await once();
        for (var i = 0; i < calls; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await TimeAsync(once, samples);
        }
    }

    private static async Task TimeAsync(Func<Task> once, List<double> samples)
    {
        var started = Stopwatch.GetTimestamp();
        await once();
        samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private static Latency Of(List<double> samples)
    {
        var sorted = samples.Order().ToArray();
        return new Latency(Percentile(sorted, 0.50), Percentile(sorted, 0.99), sorted[^1], sorted.Length);
    }

    /// <summary>Nearest-rank percentile of sorted samples.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
