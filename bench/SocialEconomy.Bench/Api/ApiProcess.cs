using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using SocialEconomy.Bench.Stores;

namespace SocialEconomy.Bench.Api;

/// <summary>
/// The API in a child process on a free loopback port, against one store: its start-up time (process start to the
/// first 200 from /readyz) and its memory (VmRSS and VmHWM from /proc/&lt;pid&gt;/status) are its own, not the
/// benchmark's. The API logs at Warning, so the one-line-per-request log is not written while it is measured; a
/// profiling process turns that log on to read, per request, the API's own duration and the SQL statements it ran.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    private ApiProcess(Process process, Uri address, TimeSpan startup, ConcurrentQueue<string> output)
    {
        _process = process;
        Address = address;
        StartupTime = startup;
        _output = output;
    }

    /// <summary>What the API has written to standard output and error so far, line by line.</summary>
    public IReadOnlyCollection<string> Output => _output;

    public Uri Address { get; }

    public TimeSpan StartupTime { get; }

    public int ProcessId => _process.Id;

    public static async Task<ApiProcess> StartAsync(BenchStore store, bool requestLog, CancellationToken cancellationToken)
    {
        var (process, address, startup, output) = await ServerProcess.StartAsync("The API", port =>
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory };
            foreach (var argument in (string[])
            [
                typeof(ApiProcess).Assembly.Location, ApiHost.Command, Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
                $"--urls=http://127.0.0.1:{port}",
                $"--Store:Provider={store.Provider}",
                $"--Store:ConnectionString={store.ConnectionString}",
                "--Store:MigrateOnStart=false",
                "--Seed:LoadWhenEmpty=false",
                "--Limits:RateLimitPermits=0",
                "--Logging:LogLevel:Default=Warning",
                $"--Logging:LogLevel:SocialEconomy.Api.Requests={(requestLog ? "Information" : "Warning")}",
            ])
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            // The garbage collector the API is shipped with: its runtimeconfig (the Web SDK's default) asks for the
            // server collector, and this host, in the benchmark's own assembly, would otherwise get the workstation one.
            start.Environment["DOTNET_gcServer"] = "1";
            return start;
        }, async (client, ct) =>
        {
            using var ready = await client.GetAsync("/readyz", ct);
            return ready.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromMinutes(5), cancellationToken);
        return new ApiProcess(process, address, startup, output);
    }

    /// <summary>User and system time the process has had so far, all its threads together.</summary>
    public TimeSpan ProcessorTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>Resident memory now and at its highest, in bytes.</summary>
    public (long Rss, long Peak) Memory() => MemoryOf(_process.Id);

    /// <summary>A process's resident memory now and at its highest, in bytes (VmRSS and VmHWM of /proc/&lt;pid&gt;/status).</summary>
    public static (long Rss, long Peak) MemoryOf(int processId)
    {
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line);
            }
        }

        return (rss, peak);

        static long Kilobytes(string line) =>
            long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
