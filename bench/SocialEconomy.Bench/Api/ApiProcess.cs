using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
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
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
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
        start.Environment["DOTNET_gcServer"] = "0";
        var clock = Stopwatch.StartNew();
        var output = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var address = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"The API exited with {process.ExitCode} before it was ready: {string.Join('\n', output)}");
                }

                if (clock.Elapsed > TimeSpan.FromMinutes(5))
                {
                    throw new TimeoutException("The API was not ready after 5 minutes.");
                }

                try
                {
                    using var ready = await client.GetAsync("/readyz", cancellationToken);
                    if (ready.StatusCode == HttpStatusCode.OK)
                    {
                        return new ApiProcess(process, address, clock.Elapsed, output);
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // Listening but slow to answer its first probe (a busy machine): probe again, within the limit above.
                }

                await Task.Delay(10, cancellationToken);
            }
        }
        catch
        {
            // Cancelled (Ctrl+C, SIGTERM) or failed while starting: never leave the API running behind.
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
            throw;
        }

        void Keep(string? line)
        {
            if (line is not null)
            {
                output.Enqueue(line);
            }
        }
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
