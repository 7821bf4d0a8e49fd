using System.Diagnostics;

namespace SocialEconomy.Bench.Questions;

/// <summary>Requests per second that a number of concurrent clients get answered, in a fixed time after a warm-up.</summary>
public static class Throughput
{
    public static async Task<double> MeasureAsync(Func<CancellationToken, Task> once, int concurrency, TimeSpan duration, CancellationToken cancellationToken)
    {
        await RunAsync(once, concurrency, TimeSpan.FromSeconds(Math.Min(1, duration.TotalSeconds / 2)), cancellationToken);
        var (count, elapsed) = await RunAsync(once, concurrency, duration, cancellationToken);
        return count / elapsed.TotalSeconds;
    }

    private static async Task<(long Count, TimeSpan Elapsed)> RunAsync(
        Func<CancellationToken, Task> once, int concurrency, TimeSpan duration, CancellationToken cancellationToken)
    {
        long count = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                await once(cancellationToken);
                Interlocked.Increment(ref count);
            }
        }, cancellationToken));
        await Task.WhenAll(workers);
        return (count, clock.Elapsed);
    }
}
