using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SocialEconomy.Bench.Report;

namespace SocialEconomy.Bench.Micro;

/// <summary>Runs <see cref="ParseValidateBenchmarks"/> in this process with BenchmarkDotNet and keeps the two means.</summary>
public static class MicroRunner
{
    public static MicroResult Run(string job, string workDirectory, BenchmarkDotNet.Loggers.ILogger? logger = null)
    {
        var chosen = job == "dry" ? Job.Dry : Job.ShortRun;
        var config = ManualConfig.CreateEmpty()
            .AddJob(chosen.WithToolchain(InProcessEmitToolchain.Instance))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(logger ?? NullLogger.Instance)
            .WithArtifactsPath(Path.Combine(workDirectory, "BenchmarkDotNet.Artifacts"))
            // The smoke test runs a Debug build; its figures are never read, only that they are produced.
            .WithOptions(ConfigOptions.DisableOptimizationsValidator | ConfigOptions.JoinSummary);
        var summary = BenchmarkRunner.Run<ParseValidateBenchmarks>(config);
        if (summary.HasCriticalValidationErrors || summary.Reports.Length < 2 || summary.Reports.Any(r => !r.Success))
        {
            throw new InvalidOperationException("BenchmarkDotNet could not run the parse/validate benchmarks (run with --verbose to see why): "
                + string.Join("; ", summary.ValidationErrors.Select(e => e.Message)));
        }

        (double Microseconds, long Bytes) Of(string method)
        {
            var report = summary.Reports.Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method);
            var mean = report.ResultStatistics?.Mean ?? double.NaN;
            return (mean / 1000.0, report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0);
        }

        var without = Of(nameof(ParseValidateBenchmarks.WithoutCacheAsync));
        var with = Of(nameof(ParseValidateBenchmarks.WithCacheAsync));
        return new MicroResult(without.Microseconds, with.Microseconds, without.Bytes, with.Bytes, job);
    }
}
