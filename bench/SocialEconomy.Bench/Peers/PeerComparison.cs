using System.Diagnostics;
using System.Globalization;
using SocialEconomy.Bench.Questions;
using SocialEconomy.Bench.Stores;

namespace SocialEconomy.Bench.Peers;

/// <summary>
/// PostGraphile started beside the API already running on a PostgreSQL store, and each question both can ask timed
/// on both, one server at a time, with the same sequential loop and the same concurrent clients; every answer is
/// checked against the direct SQL's first.
/// </summary>
public sealed class PeerComparison(BenchOptions options, Action<string> say)
{
    public async Task<PeerResult> RunAsync(
        string project, Uri api, BenchStore store, Targets targets, IReadOnlyList<Question> questions, string prefix, CancellationToken cancellationToken)
    {
        var result = new PeerResult();
        await PostGraphileProcess.SetUpAsync(project, store, cancellationToken);
        say($"{prefix} starting PostGraphile beside the API (views of bench/postgraphile/setup.sql, read-only role {PostGraphileProcess.Role})...");
        await using var peer = await PostGraphileProcess.StartAsync(project, store, options.Concurrency * 2, cancellationToken);
        result.Startup = peer.StartupTime;
        result.RssAfterStart = peer.Memory().Rss;
        say(string.Create(CultureInfo.InvariantCulture, $"{prefix}   ready in {result.Startup.TotalMilliseconds:F0} ms, RSS {result.RssAfterStart / 1048576.0:F0} MiB"));

        using var apiHttp = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = api, Timeout = TimeSpan.FromMinutes(2) };
        using var peerHttp = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = peer.Address, Timeout = TimeSpan.FromMinutes(2) };
        var apiClients = new Clients(apiHttp, store);
        var peerClients = new Clients(peerHttp, store);
        List<PeerQuestion> peerQuestions;
        await using (var connection = store.OpenConnection())
        {
            peerQuestions = [.. PeerQuestionSet.For(targets, questions, connection)];
        }

        await WarmUpAsync(apiClients, peerClients, peerQuestions, prefix, cancellationToken);
        var duration = TimeSpan.FromSeconds(options.ThroughputSeconds);
        foreach (var question in peerQuestions)
        {
            say($"{prefix} {question.Name}, this API and PostGraphile...");
            string apiAnswer, peerAnswer, sqlAnswer;
            try
            {
                apiAnswer = question.Question.GraphQLAnswer(await apiClients.DataAsync(question.Question.Document, cancellationToken));
                peerAnswer = question.PeerAnswer(await peerClients.DataAsync(question.PeerDocument, cancellationToken));
                sqlAnswer = question.Question.SqlAnswer(await apiClients.QueryAsync(question.Question, cancellationToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var none = new Latency(0, 0, 0, 0);
                result.Questions.Add(new PeerQuestionResult(question.Name, question.Question.Asks, none, none, 0, 0, "", "", "", ex.GetBaseException().Message));
                say($"{prefix}   FAILED: {ex.GetBaseException().Message}");
                continue;
            }

            var apiBody = Clients.Body(question.Question.Document);
            var peerBody = Clients.Body(question.PeerDocument);
            var (apiLatency, peerLatency) = await Latency.MeasureSideBySideAsync(
                () => apiClients.PostAsync(apiBody, cancellationToken), () => peerClients.PostAsync(peerBody, cancellationToken), options, cancellationToken);
            var apiThroughput = await Throughput.MeasureAsync(ct => apiClients.PostAsync(apiBody, ct), options.Concurrency, duration, cancellationToken);
            var peerThroughput = await Throughput.MeasureAsync(ct => peerClients.PostAsync(peerBody, ct), options.Concurrency, duration, cancellationToken);
            var answer = new PeerQuestionResult(question.Name, question.Question.Asks, apiLatency, peerLatency, apiThroughput, peerThroughput, apiAnswer, peerAnswer, sqlAnswer, null);
            result.Questions.Add(answer);
            say(string.Create(CultureInfo.InvariantCulture,
                $"{prefix}   API p50 {apiLatency.P50:F2} ms p99 {apiLatency.P99:F2} ms {apiThroughput:F0}/s; PostGraphile p50 {peerLatency.P50:F2} ms p99 {peerLatency.P99:F2} ms {peerThroughput:F0}/s; "
                + $"answers {(answer.AnswersAgree ? "agree" : $"DIFFER (API {apiAnswer} / PostGraphile {peerAnswer} / SQL {sqlAnswer})")}"));
        }

        result.PeakRss = peer.Memory().Peak;
        return result;
    }

    /// <summary>Both servers through every shared question in turn before timing, as the API was warmed up for its own questions.</summary>
    private async Task WarmUpAsync(Clients api, Clients peer, List<PeerQuestion> questions, string prefix, CancellationToken cancellationToken)
    {
        if (options.ApiWarmupSeconds <= 0)
        {
            return;
        }

        say($"{prefix} warming both up: every shared question in turn for {options.ApiWarmupSeconds:0.#} s...");
        var bodies = questions.SelectMany(q => new[] { (api, Clients.Body(q.Question.Document)), (peer, Clients.Body(q.PeerDocument)) }).ToList();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < options.ApiWarmupSeconds && bodies.Count > 0)
        {
            foreach (var (clients, body) in bodies.ToList())
            {
                try
                {
                    await clients.PostAsync(body, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Left to fail, and be reported, when it is timed.
                    bodies.Remove((clients, body));
                }
            }
        }
    }
}
