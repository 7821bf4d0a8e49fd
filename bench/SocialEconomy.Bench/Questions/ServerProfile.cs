using System.Globalization;
using System.Text.RegularExpressions;
using SocialEconomy.Bench.Api;

namespace SocialEconomy.Bench.Questions;

/// <summary>
/// Where a GraphQL request's time goes inside the API, from the API's own request log: its duration from request
/// to response (HTTP excluded), the SQL statements it ran and their time from start to end (rows read and
/// materialised included); the rest is resolving fields and writing the response. Read in a separate, untimed API
/// process, since writing the log costs time of its own; medians of warm calls (the first <see cref="ColdCalls"/>
/// are left out).
/// </summary>
public sealed partial record ServerProfile(double ServerMilliseconds, int Statements, double StoreMilliseconds, long ResponseBytes)
{
    public const int ColdCalls = 3;

    public static async Task<ServerProfile> MeasureAsync(ApiProcess api, Clients clients, byte[] body, int calls, CancellationToken cancellationToken)
    {
        var logged = api.Output.Count(IsRequestLine) + ColdCalls;
        long bytes = 0;
        for (var i = 0; i < calls + ColdCalls; i++)
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

    private static bool IsRequestLine(string line) => RequestLine().IsMatch(line);

    [GeneratedRegex(@"answered \d+ in (?<ms>[0-9.]+) ms with (?<sql>\d+) SQL statements taking (?<store>[0-9.]+) ms")]
    private static partial Regex RequestLine();
}
