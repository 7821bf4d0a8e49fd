using System.Diagnostics;
using System.Globalization;

namespace SocialEconomy.Tests.Infrastructure;

/// <summary>
/// Temporary directories owned by one test run, named after its process so that a later run can tell which runs
/// have ended and remove what they left: a test host may be ended before its exit handler runs, and a run's stores
/// fill hundreds of megabytes (SQLite files) or gigabytes (PostgreSQL servers).
/// </summary>
internal static class RunDirectories
{
    private static readonly Lazy<string> ScratchDirectory = new(() =>
    {
        var directory = Create("graph-test-run-");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Remove(directory);
        return directory;
    });

    /// <summary>This run's scratch directory (SQLite stores, exports, copies of files), removed when the run ends.</summary>
    public static string Scratch => ScratchDirectory.Value;

    /// <summary>
    /// A new directory "{prefix}{pid}-{guid}" in the temp directory, after removing those of ended runs; each of those
    /// is first given to <paramref name="releaseLeftover"/>, to stop what may still run from it.
    /// </summary>
    public static string Create(string prefix, Action<string>? releaseLeftover = null)
    {
        RemoveLeftovers(prefix, releaseLeftover);
        var directory = Path.Combine(Path.GetTempPath(), $"{prefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>
    /// Removes a directory as the run ends. The test host is often ended before its exit handlers finish, so a run's
    /// directories are usually removed by the next run instead: at most one run's files stay behind.
    /// </summary>
    public static void Remove(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another run may be removing it too, or a file is still open; a directory left now is removed next time.
        }
    }

    private static void RemoveLeftovers(string prefix, Action<string>? releaseLeftover)
    {
        foreach (var directory in Directory.EnumerateDirectories(Path.GetTempPath(), $"{prefix}*"))
        {
            var pid = Path.GetFileName(directory)[prefix.Length..].Split('-')[0];
            if (int.TryParse(pid, CultureInfo.InvariantCulture, out var id) && !IsRunning(id))
            {
                releaseLeftover?.Invoke(directory);
                Remove(directory);
            }
        }
    }

    private static bool IsRunning(int id)
    {
        try
        {
            using var process = Process.GetProcessById(id);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
