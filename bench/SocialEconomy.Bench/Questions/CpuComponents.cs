using System.Globalization;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace SocialEconomy.Bench.Questions;

/// <summary>
/// Names the component a CPU sample belongs to. The stack is read from the innermost frame outwards and the first
/// frame of a known component takes the sample, so the framework code a library calls (LINQ inside EF Core, say)
/// counts as that library's work.
/// </summary>
public static class CpuComponents
{
    private const string Runtime = "runtime (JIT, timers, other)";

    private const string ThreadPool = "thread pool (idle workers spinning for work)";

    /// <summary>Namespace prefixes, the more specific first.</summary>
    private static readonly (string Prefix, string Component)[] Known =
    [
        ("SQLitePCL.", "SQLite (engine and provider)"),
        ("Microsoft.Data.Sqlite.", "SQLite (engine and provider)"),
        ("Npgsql.", "Npgsql (PostgreSQL client)"),
        ("Microsoft.EntityFrameworkCore.", "EF Core"),
        ("GraphQL.SystemTextJson.", "JSON"),
        ("System.Text.Json.", "JSON"),
        ("GraphQL.", "GraphQL.NET"),
        ("GraphQLParser.", "GraphQL.NET"),
        ("SocialEconomy.", "the API's own code"),
        ("Microsoft.Extensions.Logging.", "logging"),
        ("Microsoft.Extensions.DependencyInjection.", "dependency injection"),
        ("Microsoft.AspNetCore.", "HTTP (ASP.NET Core, Kestrel, sockets)"),
        ("System.Net.", "HTTP (ASP.NET Core, Kestrel, sockets)"),
        ("System.IO.Pipelines.", "HTTP (ASP.NET Core, Kestrel, sockets)"),
        // Reached only when no frame nearer the leaf names a component: a worker spinning before it sleeps, or waking another.
        ("System.Threading.LowLevelLifoSemaphore.", ThreadPool),
        ("System.Threading.PortableThreadPool", ThreadPool),
    ];

    /// <summary>
    /// The sample's stack when its thread was running, null when it was waiting. The sampler reports every thread:
    /// one outside managed code may be blocked (a wait, the socket engine's poll) or working (a SQLite step, a
    /// socket write), told apart by the innermost named frame; one stopped at a GC poll is suspended while the
    /// collector runs, which the GC pause figure counts instead.
    /// </summary>
    public static TraceCallStack? Running(TraceEvent sample)
    {
        var stack = sample.CallStack();
        var leaf = stack;
        while (leaf is not null && leaf.CodeAddress.FullMethodName.Length == 0)
        {
            leaf = leaf.Caller;
        }

        if (leaf is null)
        {
            return null;
        }

        if (ShortName(leaf).Contains("PollGC", StringComparison.Ordinal))
        {
            return null;
        }

        // 2 = managed code (a spinning wait counts: it burns CPU), 1 = outside it.
        var type = Convert.ToInt32(sample.PayloadByName("Type"), CultureInfo.InvariantCulture);
        return type != 2 && (Blocks(ShortName(leaf)) || leaf.Caller is { } caller && Blocks(ShortName(caller))) ? null : stack;

        static bool Blocks(string method) =>
            method.Contains("Wait", StringComparison.Ordinal) || method.Contains("Sleep", StringComparison.Ordinal) || method is "EventLoop" or "TryReadEvent";
    }

    /// <summary>"WaitForSignal" for "System.Threading.LowLevelLifoSemaphore.WaitForSignal(int32)".</summary>
    private static string ShortName(TraceCallStack frame)
    {
        var name = frame.CodeAddress.FullMethodName.Split('(')[0];
        return name[(name.LastIndexOf('.') + 1)..];
    }

    public static string Of(TraceCallStack stack)
    {
        for (var frame = stack; frame is not null; frame = frame.Caller)
        {
            var method = frame.CodeAddress.FullMethodName;
            foreach (var (prefix, component) in Known)
            {
                if (method.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return component;
                }
            }
        }

        return Runtime;
    }
}
