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
    /// Starts the server <paramref name="startOn"/> describes for a free port (its output kept line by line) and probes
    /// it with <paramref name="ready"/> until it says yes; throws, with what it wrote, if it exits first or takes longer
    /// than <paramref name="within"/>. A port is free when chosen but may be taken by another process before the server
    /// binds it (the tests run many servers at once): an answer on it counts only when the listener is this server, and
    /// on a port taken the server is started again on another.
    /// </summary>
    public static async Task<(Process Process, Uri Address, TimeSpan Startup, ConcurrentQueue<string> Output)> StartAsync(
        string name, Func<int, ProcessStartInfo> startOn, Func<HttpClient, CancellationToken, Task<bool>> ready, TimeSpan within,
        CancellationToken cancellationToken)
    {
        const int Attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var started = await TryStartAsync(name, startOn(port), port, ready, within, cancellationToken);
            if (started is { } server)
            {
                return server;
            }

            if (attempt == Attempts)
            {
                throw new InvalidOperationException($"{name} could not listen: another process took each of the {Attempts} free ports chosen for it before it did.");
            }
        }
    }

    /// <summary>The started server, or null when another process was listening on its port.</summary>
    private static async Task<(Process, Uri, TimeSpan, ConcurrentQueue<string>)?> TryStartAsync(
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
                        if (ListeningTree(port).Contains(process.Id))
                        {
                            return (process, address, clock.Elapsed, output);
                        }

                        Stop(process);
                        return null;
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
            Stop(process);
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

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    /// <summary>
    /// The processes listening on a TCP port, and every process they descend from: the kernel's socket tables give the
    /// listening socket, a process's open files say whose it is, and its status its parent.
    /// </summary>
    private static HashSet<int> ListeningTree(int port)
    {
        var sockets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in (string[])["/proc/net/tcp", "/proc/net/tcp6"])
        {
            // Columns: sl, local address (hex address:hex port), remote address, state (0A is LISTEN), ..., inode (the tenth).
            foreach (var line in File.Exists(table) ? File.ReadLines(table).Skip(1) : [])
            {
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (columns.Length > 9 && columns[3] == "0A"
                    && int.Parse(columns[1][(columns[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                {
                    sockets.Add($"socket:[{columns[9]}]");
                }
            }
        }

        var tree = new HashSet<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                if (Directory.EnumerateFileSystemEntries(Path.Combine(directory, "fd")).Any(fd => new FileInfo(fd).LinkTarget is { } target && sockets.Contains(target)))
                {
                    for (var at = pid; at > 1 && tree.Add(at);)
                    {
                        at = ParentOf(at);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A process that has ended, or another user's: not one of ours.
            }
        }

        return tree;
    }

    private static int ParentOf(int pid)
    {
        // /proc/<pid>/stat: "pid (command) state ppid ..."; the command may hold spaces, so read after its last ')'.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
    }
}
