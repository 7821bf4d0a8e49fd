using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SocialEconomy.Bench.Api;

/// <summary>A server the benchmark runs in a process of its own (the API, PostGraphile): started, waited for, and never left behind.</summary>
public static class ServerProcess
{
    /// <summary>A free port on the loopback interface, for the next server to listen on.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Starts <paramref name="start"/> (its output kept line by line) and probes it with <paramref name="ready"/> until it
    /// says yes; throws, with what it wrote, if it exits first or takes longer than <paramref name="within"/>.
    /// </summary>
    public static async Task<(Process Process, Uri Address, TimeSpan Startup, ConcurrentQueue<string> Output)> StartAsync(
        string name, ProcessStartInfo start, int port, Func<HttpClient, CancellationToken, Task<bool>> ready, TimeSpan within,
        CancellationToken cancellationToken)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
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
                    throw new InvalidOperationException($"{name} exited with {process.ExitCode} before it was ready: {string.Join('\n', output)}");
                }

                if (clock.Elapsed > within)
                {
                    throw new TimeoutException($"{name} was not ready after {within.TotalMinutes:F0} minutes: {string.Join('\n', output)}");
                }

                try
                {
                    if (await ready(client, cancellationToken))
                    {
                        return (process, address, clock.Elapsed, output);
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
            // Cancelled (Ctrl+C, SIGTERM) or failed while starting: never leave the server running behind.
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
}
