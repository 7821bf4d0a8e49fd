using System.Diagnostics;
using System.Net.Sockets;

namespace SocialEconomy.Bench.Questions;

/// <summary>
/// Many connections asking the question set at once for a while, each request taking the next question in turn:
/// what the API answered (requests, rate, latency percentiles, status classes, answers carrying GraphQL errors), what
/// never got an answer (connection errors by kind), and the API process's resident memory every few seconds.
/// </summary>
/// <param name="ByStatusClass">Responses by the first digit of their status: 2 for 2xx, 5 for 5xx.</param>
/// <param name="ErrorAnswers">2xx responses whose body carries GraphQL errors.</param>
/// <param name="ConnectionErrors">Requests that got no response, by kind: refused, reset, timeout...</param>
/// <param name="Memory">Resident memory at the start, every <see cref="SampleInterval"/>, and at the end.</param>
public sealed record LoadTest(
    int Connections,
    TimeSpan Elapsed,
    long Completed,
    double P50,
    double P90,
    double P99,
    double Max,
    IReadOnlyDictionary<int, long> ByStatusClass,
    long ErrorAnswers,
    IReadOnlyDictionary<string, long> ConnectionErrors,
    IReadOnlyList<LoadTest.Sample> Memory)
{
    /// <summary>
    /// Longer than the API's own limit (Limits:ExecutionTimeoutSeconds, 30 s), so a request the API stops is counted
    /// as the API's answer, and only one it never answers counts as a timeout.
    /// </summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(40);

    public static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(5);

    /// <summary>The samples whose median is the settled memory: after the first minute's growth (JIT, pools, caches), before any slow leak adds up.</summary>
    public static readonly TimeSpan SettleFrom = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan SettleTo = TimeSpan.FromSeconds(120);

    /// <summary>How far the final memory may be from the settled memory, either way, for the soak to hold.</summary>
    public const double MemoryTolerance = 0.10;

    /// <summary>A connection that failed is retried after this pause, so a dead API is not hammered.</summary>
    private static readonly TimeSpan ErrorPause = TimeSpan.FromMilliseconds(100);

    public readonly record struct Sample(TimeSpan At, long Rss);

    public double RequestsPerSecond => Elapsed > TimeSpan.Zero ? Completed / Elapsed.TotalSeconds : 0;

    public long ServerErrors => ByStatusClass.GetValueOrDefault(5);

    /// <summary>Responses neither 2xx nor 5xx (a 4xx: the question set should never get one), and 2xx answers with GraphQL errors.</summary>
    public long OtherFailures => Completed - ByStatusClass.GetValueOrDefault(2) - ServerErrors + ErrorAnswers;

    public long ConnectionErrorCount => ConnectionErrors.Values.Sum();

    /// <summary>No 5xx, no connection errors, and every answer a 2xx without GraphQL errors.</summary>
    public bool Held => ServerErrors == 0 && ConnectionErrorCount == 0 && OtherFailures == 0;

    public long? RssAtStart => Memory.Count > 0 ? Memory[0].Rss : null;

    public long? RssAtEnd => Memory.Count > 0 ? Memory[^1].Rss : null;

    /// <summary>The median of the samples from <see cref="SettleFrom"/> to <see cref="SettleTo"/>; null when the run was shorter.</summary>
    public long? SettledRss
    {
        get
        {
            var window = Memory.Where(s => s.At >= SettleFrom && s.At <= SettleTo).Select(s => s.Rss).Order().ToArray();
            return Elapsed >= SettleTo && window.Length > 0 ? window[(window.Length - 1) / 2] : null;
        }
    }

    public double? FinalToSettled => SettledRss is { } settled && settled > 0 && RssAtEnd is { } final ? final / (double)settled : null;

    public bool MemoryHeld => FinalToSettled is { } ratio && Math.Abs(ratio - 1) <= MemoryTolerance;

    /// <summary>
    /// <paramref name="connections"/> loops, each on its own connection, sending the next of <paramref name="bodies"/>
    /// until <paramref name="duration"/> has passed; a request in flight at the end is waited for. <paramref name="memory"/>
    /// gives the API's resident bytes, or null when it cannot be read (the process is gone); <paramref name="progress"/>
    /// hears of each sample with the responses so far.
    /// </summary>
    public static async Task<LoadTest> RunAsync(
        Clients clients, IReadOnlyList<byte[]> bodies, int connections, TimeSpan duration, Func<long?> memory, Action<Sample, long>? progress,
        CancellationToken cancellationToken)
    {
        var samples = new List<Sample>();
        var clock = Stopwatch.StartNew();
        Take();
        long next = -1, completed = 0;
        using var stopSampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = SampleAsync(stopSampling.Token);
        var tallies = await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            var tally = new Tally();
            while (clock.Elapsed < duration)
            {
                var body = bodies[(int)(Interlocked.Increment(ref next) % bodies.Count)];
                if (!await tally.AskAsync(clients, body, cancellationToken))
                {
                    await Task.Delay(ErrorPause, cancellationToken);
                    continue;
                }

                Interlocked.Increment(ref completed);
            }

            return tally;
        }, cancellationToken)));
        var elapsed = clock.Elapsed;
        await stopSampling.CancelAsync();
        try
        {
            await sampler;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        Take();
        var latencies = tallies.SelectMany(t => t.Latencies).Order().ToArray();
        double At(double p) => latencies.Length > 0 ? Latency.Percentile(latencies, p) : 0;
        return new LoadTest(
            connections, elapsed, latencies.Length, At(0.50), At(0.90), At(0.99), latencies.Length > 0 ? latencies[^1] : 0,
            Enumerable.Range(1, 5).Select(c => (Class: c, Count: tallies.Sum(t => t.ByStatusClass[c]))).Where(c => c.Count > 0).ToDictionary(c => c.Class, c => c.Count),
            tallies.Sum(t => t.ErrorAnswers),
            tallies.SelectMany(t => t.ConnectionErrors).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Sum(e => e.Value)),
            samples);

        async Task SampleAsync(CancellationToken token)
        {
            using var timer = new PeriodicTimer(SampleInterval);
            while (await timer.WaitForNextTickAsync(token))
            {
                if (Take() is { } sample)
                {
                    progress?.Invoke(sample, Interlocked.Read(ref completed));
                }
            }
        }

        Sample? Take()
        {
            if (memory() is not { } rss)
            {
                return null;
            }

            var sample = new Sample(clock.Elapsed, rss);
            samples.Add(sample);
            return sample;
        }
    }

    /// <summary>What one connection's loop saw.</summary>
    private sealed class Tally
    {
        public List<double> Latencies { get; } = [];

        public long[] ByStatusClass { get; } = new long[6];

        public long ErrorAnswers { get; private set; }

        public Dictionary<string, long> ConnectionErrors { get; } = [];

        /// <summary>False when the request got no response.</summary>
        public async Task<bool> AskAsync(Clients clients, byte[] body, CancellationToken cancellationToken)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(RequestTimeout);
            var started = Stopwatch.GetTimestamp();
            try
            {
                var (status, answer) = await clients.AskAsync(body, timeout.Token);
                Latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                var statusClass = Math.Clamp((int)status / 100, 1, 5);
                ByStatusClass[statusClass]++;
                // Compact JSON: the key can only appear as the response's own errors, never inside a string (its quotes would be escaped).
                if (statusClass == 2 && answer.AsSpan().IndexOf("\"errors\":"u8) >= 0)
                {
                    ErrorAnswers++;
                }

                return true;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Count("timeout");
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                Count(Kind(ex));
            }

            return false;
        }

        private void Count(string kind) => ConnectionErrors[kind] = ConnectionErrors.GetValueOrDefault(kind) + 1;

        private static string Kind(Exception ex)
        {
            for (var inner = ex; inner is not null; inner = inner.InnerException)
            {
                if (inner is SocketException socket)
                {
                    return socket.SocketErrorCode switch
                    {
                        SocketError.ConnectionRefused => "refused",
                        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => "reset",
                        SocketError.TimedOut => "timeout",
                        var code => code.ToString(),
                    };
                }
            }

            return ex switch
            {
                HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } or HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded } => "closed mid-response",
                HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } http => http.HttpRequestError.ToString(),
                HttpIOException io => io.HttpRequestError.ToString(),
                _ => ex.GetType().Name,
            };
        }
    }
}
