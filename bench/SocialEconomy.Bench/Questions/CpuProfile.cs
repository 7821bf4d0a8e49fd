using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers;
using SocialEconomy.Bench.Api;

namespace SocialEconomy.Bench.Questions;

/// <summary>
/// Where the API's CPU goes while it answers one question: the processor time it spends per call (the kernel's
/// account of the process, over calls made without tracing), and how its running threads' samples split between the
/// components it is built from (an EventPipe CPU-sampling trace of the same question, as dotnet-trace takes it).
/// Stores that run in their own process (PostgreSQL) are outside this profile; SQLite runs inside it.
/// </summary>
/// <param name="CpuMillisecondsPerCall">User and system time of the whole API process per call, every thread and the GC included.</param>
/// <param name="Samples">Samples of threads running (not waiting) in the trace.</param>
/// <param name="Shares">Each component's share of those samples, largest first.</param>
/// <param name="GcPauseMillisecondsPerCall">Time the runtime suspended every thread for garbage collection, per call of the trace.</param>
public sealed record CpuProfile(int Calls, double CpuMillisecondsPerCall, int Samples, IReadOnlyList<(string Component, double Share)> Shares, double GcPauseMillisecondsPerCall)
{
    private const string SampleProvider = "Microsoft-DotNETCore-SampleProfiler";

    /// <summary>
    /// The runtime events dotnet-trace's cpu-sampling profile asks for: method loads (to name JIT-compiled frames),
    /// loader and GC events.
    /// </summary>
    private const long RuntimeKeywords = 0x14C14FCCBD;

    /// <summary>
    /// Calls the question for about <paramref name="duration"/> (at least three calls) with the kernel counting the
    /// process's CPU time, then as many times again under the trace.
    /// </summary>
    public static async Task<CpuProfile> MeasureAsync(ApiProcess api, Func<Task> call, TimeSpan duration, string traceDirectory, CancellationToken cancellationToken)
    {
        var calls = 0;
        var before = api.ProcessorTime();
        var clock = Stopwatch.StartNew();
        while (calls < 3 || clock.Elapsed < duration)
        {
            await call();
            calls++;
        }

        var cpuPerCall = (api.ProcessorTime() - before).TotalMilliseconds / calls;

        var tracePath = Path.Combine(traceDirectory, $"api-{Guid.NewGuid():N}.nettrace");
        try
        {
            var client = new DiagnosticsClient(api.ProcessId);
            EventPipeProvider[] providers =
            [
                new(SampleProvider, EventLevel.Informational),
                new(ClrTraceEventParser.ProviderName, EventLevel.Informational, RuntimeKeywords),
            ];
            using (var session = await client.StartEventPipeSessionAsync(providers, requestRundown: true, circularBufferMB: 256, cancellationToken))
            {
                await using var file = File.Create(tracePath);
                var copying = session.EventStream.CopyToAsync(file, cancellationToken);
                for (var i = 0; i < calls; i++)
                {
                    await call();
                }

                await session.StopAsync(cancellationToken);
                await copying;
            }

            var (samples, shares, gcPause) = Read(tracePath);
            return new CpuProfile(calls, cpuPerCall, samples, shares, gcPause / calls);
        }
        finally
        {
            File.Delete(tracePath);
            File.Delete(Path.ChangeExtension(tracePath, ".etlx"));
        }
    }

    /// <summary>
    /// The runtime also suspends every thread for the sampler itself; only suspensions for a collection (reasons 1,
    /// SuspendForGC, and 6, SuspendForGCPrep) are garbage collection.
    /// </summary>
    private static bool IsForGarbageCollection(TraceEvent suspension) =>
        Convert.ToInt32(suspension.PayloadByName("Reason"), CultureInfo.InvariantCulture) is 1 or 6;

    /// <summary>"EF Core 41%, GraphQL.NET 18%, ..." for the components of at least 2%.</summary>
    public string Summary() =>
        string.Join(", ", Shares.Where(s => s.Share >= 0.02).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Component} {s.Share:P0}")));

    private static (int Samples, List<(string, double)> Shares, double GcPauseMilliseconds) Read(string tracePath)
    {
        var etlx = TraceLog.CreateFromEventPipeDataFile(tracePath, Path.ChangeExtension(tracePath, ".etlx"));
        using var log = new TraceLog(etlx);
        var counts = new Dictionary<string, int>();
        var samples = 0;
        double gcPause = 0, suspendedAt = double.NaN;
        foreach (var traceEvent in log.Events)
        {
            if (traceEvent.ProviderName == SampleProvider)
            {
                if (CpuComponents.Running(traceEvent) is not { } stack)
                {
                    continue;
                }

                var component = CpuComponents.Of(stack);
                counts[component] = counts.GetValueOrDefault(component) + 1;
                samples++;
            }
            else if (traceEvent.EventName.StartsWith("GC/SuspendEEStart", StringComparison.Ordinal) && IsForGarbageCollection(traceEvent))
            {
                suspendedAt = traceEvent.TimeStampRelativeMSec;
            }
            else if (traceEvent.EventName.StartsWith("GC/RestartEEStop", StringComparison.Ordinal) && !double.IsNaN(suspendedAt))
            {
                gcPause += traceEvent.TimeStampRelativeMSec - suspendedAt;
                suspendedAt = double.NaN;
            }
        }

        var shares = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => (c.Key, samples == 0 ? 0 : (double)c.Value / samples)).ToList();
        return (samples, shares, gcPause);
    }
}
