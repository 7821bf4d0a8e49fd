using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using SocialEconomy.Bench.Api;

namespace SocialEconomy.Bench.Questions;

/// <summary>
/// Where a GraphQL request's time goes inside the API, from the API's own request log: its duration from request
/// to response (HTTP excluded), the SQL statements it ran and their time from start to end (rows read and
/// materialised included); the rest is resolving fields and writing the response. Read in a separate, untimed API
/// process, since writing the log costs time of its own; that process is warmed up like the timed one, and each
/// question is called for a while before the medians of its next calls are taken.
/// </summary>
public sealed partial record ServerProfile(double ServerMilliseconds, int Statements, double StoreMilliseconds, long ResponseBytes)
{
    /// <summary>Calls made before any is counted, however short the warm-up time.</summary>
    public const int ColdCalls = 3;

    public static async Task<ServerProfile> MeasureAsync(ApiProcess api, Clients clients, byte[] body, int calls, TimeSpan warmup, CancellationToken cancellationToken)
    {
        var logged = await SettledCountAsync(api, cancellationToken);
        var warming = Stopwatch.StartNew();
        for (var i = 0; i < ColdCalls || warming.Elapsed < warmup; i++, logged++)
        {
            await clients.PostAsync(body, cancellationToken);
        }

        long bytes = 0;
        for (var i = 0; i < calls; i++)
        {
            bytes = (await clients.PostAsync(body, cancellationToken)).LongLength;
        }

        // The console logger writes from a queue of its own: wait for every line.
        var lines = new List<string>();
        for (var wait = 0; wait < 500; wait++)
        {
            lines = [.. api.Output.Where(IsRequestLine).Skip(logged)];
            if (lines.Count >= calls)
            {
                break;
            }

            await Task.Delay(10, cancellationToken);
        }

        var parsed = lines.Select(l => RequestLine().Match(l)).Where(m => m.Success).ToList();
        if (parsed.Count == 0)
        {
            return new ServerProfile(double.NaN, -1, double.NaN, bytes);
        }

        double Median(string group)
        {
            var values = parsed.Select(m => double.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture)).Order().ToList();
            return values[values.Count / 2];
        }

        return new ServerProfile(Median("ms"), int.Parse(parsed[^1].Groups["sql"].Value, CultureInfo.InvariantCulture), Median("store"), bytes);
    }

    /// <summary>The request lines written so far, once the console logger's queue has stopped adding to them.</summary>
    private static async Task<int> SettledCountAsync(ApiProcess api, CancellationToken cancellationToken)
    {
        var count = api.Output.Count(IsRequestLine);
        while (true)
        {
            await Task.Delay(50, cancellationToken);
            var now = api.Output.Count(IsRequestLine);
            if (now == count)
            {
                return count;
            }

            count = now;
        }
    }

    private static bool IsRequestLine(string line) => RequestLine().IsMatch(line);

    [GeneratedRegex(@"answered \d+ in (?<ms>[0-9.]+) ms with (?<sql>\d+) SQL statements taking (?<store>[0-9.]+) ms")]
    private static partial Regex RequestLine();
}
