using System.Diagnostics;
using Npgsql;
using SocialEconomy.Bench.Api;

namespace SocialEconomy.Bench.Stores;

/// <summary>
/// A PostgreSQL server for one run: started from the machine's binaries (initdb, pg_ctl) in a temporary directory on a
/// free port, as the postgres user when running as root, and stopped and deleted when disposed. The same settings as the
/// tests' server (fsync off): a benchmark of the API, not of the disk.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _root;
    private readonly bool _asPostgres;

    private ThrowawayPostgres(string bin, string root, bool asPostgres, string adminConnectionString)
    {
        _bin = bin;
        _root = root;
        _asPostgres = asPostgres;
        AdminConnectionString = adminConnectionString;
    }

    public string AdminConnectionString { get; }

    public static async Task<ThrowawayPostgres> StartAsync(string bin, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(bin, "initdb")))
        {
            throw new InvalidOperationException(
                $"No initdb in {bin}: install PostgreSQL 15 (apt-get install postgresql-15), give --postgres-bin, name a server with --postgres, or run with --stores sqlite.");
        }

        var root = Path.Combine(Path.GetTempPath(), $"graph-bench-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        var asPostgres = Environment.UserName == "root";
        if (asPostgres)
        {
            // PostgreSQL refuses to run as root: hand the directory to the postgres user and run as it.
            await RunAsync("chown", ["postgres:postgres", root], false, cancellationToken);
        }

        var data = Path.Combine(root, "data");
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C"], asPostgres, cancellationToken);
        var port = ServerProcess.FreePort();
        var options = $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=512MB";
        await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-o", options, "-l", Path.Combine(root, "server.log"), "-w", "start"], asPostgres, cancellationToken);
        return new ThrowawayPostgres(bin, root, asPostgres, $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres");
    }

    /// <summary>The server's version, e.g. "15.18".</summary>
    public static async Task<string> VersionAsync(string adminConnectionString)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SHOW server_version", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_root, "data"), "-m", "immediate", "stop"], _asPostgres, CancellationToken.None);
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static async Task RunAsync(string program, string[] arguments, bool asPostgres, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres)
        {
            foreach (var part in (string[])["-u", "postgres", "--", program])
            {
                start.ArgumentList.Add(part);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}
