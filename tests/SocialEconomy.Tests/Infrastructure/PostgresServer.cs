using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace SocialEconomy.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL the tests use: the server named by GRAPH_TEST_POSTGRES (an admin connection string), or else
/// a throwaway server started once per test run from the machine's binaries (GRAPH_POSTGRES_BIN, default
/// /usr/lib/postgresql/15/bin). With GRAPH_REQUIRE_POSTGRES=1 (set by .ci/run) a server that cannot be had fails
/// the tests; otherwise they are skipped with the reason.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<Task<(PostgresServer? Server, string? Problem)>> Shared = new(StartAsync);
    private static int _databases;

    private PostgresServer(string adminConnectionString) => AdminConnectionString = adminConnectionString;

    public string AdminConnectionString { get; }

    public static bool Required => Environment.GetEnvironmentVariable("GRAPH_REQUIRE_POSTGRES") == "1";

    /// <summary>The server, or null with the reason it is unavailable (only when it is not required).</summary>
    public static async Task<(PostgresServer? Server, string? Problem)> GetAsync()
    {
        var (server, problem) = await Shared.Value;
        if (server is null && Required)
        {
            throw new InvalidOperationException($"PostgreSQL is required (GRAPH_REQUIRE_POSTGRES=1) but unavailable: {problem}");
        }

        return (server, problem);
    }

    /// <summary>
    /// The ICU locale of a natural-language default collation, as a server installed with a locale such as
    /// en_US.UTF-8 would have: it orders "a_b" before "a1" and "a" before "B", where byte order does the reverse.
    /// </summary>
    public const string NaturalLanguageCollation = "en-US";

    /// <summary>
    /// The ICU locale of every test database's default collation: GRAPH_TEST_POSTGRES_COLLATION (e.g. "en-US"), or
    /// null for collation "C".
    /// </summary>
    public static string? DefaultCollation =>
        Environment.GetEnvironmentVariable("GRAPH_TEST_POSTGRES_COLLATION") is { Length: > 0 } locale ? locale : null;

    /// <summary>
    /// A new, empty database; returns its connection string. Its default collation is that of the ICU locale
    /// <paramref name="icuLocale"/>, else <see cref="DefaultCollation"/>'s, else "C".
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string? icuLocale = null)
    {
        icuLocale ??= DefaultCollation;
        if (icuLocale is not null && !icuLocale.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '@' or '=' or ';'))
        {
            throw new ArgumentException($"'{icuLocale}' is not an ICU locale name such as en-US.", nameof(icuLocale));
        }

        var locale = icuLocale is null
            ? "LC_COLLATE 'C' LC_CTYPE 'C'"
            : $"LOCALE_PROVIDER icu ICU_LOCALE '{icuLocale}' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'";
        var name = $"graph_test_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' {locale}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    private static async Task<(PostgresServer?, string?)> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("GRAPH_TEST_POSTGRES") is { Length: > 0 } external)
        {
            return (new PostgresServer(external), null);
        }

        var bin = Bin;
        if (!File.Exists(Path.Combine(bin, "initdb")))
        {
            return (null, $"no initdb in {bin}; install PostgreSQL, set GRAPH_POSTGRES_BIN, or name a server in GRAPH_TEST_POSTGRES");
        }

        try
        {
            var asRoot = Environment.UserName == "root";

            // A run whose host was ended before its exit handler leaves its server running: stop it with its files.
            var root = RunDirectories.Create("graph-test-pg-", leftover => StopServer(bin, Path.Combine(leftover, "data"), asRoot));
            if (asRoot)
            {
                // PostgreSQL refuses to run as root: hand the directory to the postgres user and run as it.
                await RunAsync("chown", ["postgres:postgres", root], asPostgres: false);
            }

            var data = Path.Combine(root, "data");
            await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C"], asRoot);
            var port = FreePort();
            var options = $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
            await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-o", options, "-l", Path.Combine(root, "server.log"), "-w", "start"], asRoot);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAndRemove(bin, root, data, asRoot);
            return (new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres"), null);
        }
        catch (Exception ex)
        {
            return (null, ex.Message);
        }
    }

    /// <summary>The machine's PostgreSQL binaries: GRAPH_POSTGRES_BIN, default /usr/lib/postgresql/15/bin.</summary>
    internal static string Bin => Environment.GetEnvironmentVariable("GRAPH_POSTGRES_BIN") is { Length: > 0 } b ? b : "/usr/lib/postgresql/15/bin";

    /// <summary>
    /// Stops the server and removes its files (a run's databases fill a gigabyte or more of the temp directory), but
    /// only once it has stopped: pg_ctl needs the data directory to stop a server, and one whose files were removed
    /// while it ran went on running after its tests. Left with its files, the next run stops it (see <see cref="RunDirectories"/>).
    /// </summary>
    internal static void StopAndRemove(string bin, string root, string data, bool asRoot)
    {
        StopServer(bin, data, asRoot);
        if (!File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            RunDirectories.Remove(root);
        }
    }

    internal static void StopServer(string bin, string data, bool asRoot)
    {
        if (!File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            return;
        }

        try
        {
            RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"], asRoot).Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // The server may have stopped already; its files go either way.
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static async Task RunAsync(string program, string[] arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres)
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add("postgres");
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(program);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}
