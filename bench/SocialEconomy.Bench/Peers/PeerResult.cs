using SocialEconomy.Bench.Questions;

namespace SocialEconomy.Bench.Peers;

/// <summary>PostGraphile beside this API on one store: each shared question's latency and throughput, both ways, and whether the answers agree.</summary>
public sealed class PeerResult
{
    /// <summary>Why PostGraphile was not measured (not installed, failed to start); null when it was.</summary>
    public string? NotMeasured { get; set; }

    public TimeSpan Startup { get; set; }

    public long RssAfterStart { get; set; }

    public long PeakRss { get; set; }

    public List<PeerQuestionResult> Questions { get; } = [];

    public bool Started => NotMeasured is null && Startup > TimeSpan.Zero;
}

/// <param name="Api">This API's latency.</param>
/// <param name="Peer">PostGraphile's latency.</param>
/// <param name="ApiThroughput">This API's requests per second from the run's concurrent clients.</param>
/// <param name="PeerThroughput">PostGraphile's, from the same clients.</param>
/// <param name="Error">What went wrong asking one of the three ways; its figures are then zero.</param>
public sealed record PeerQuestionResult(
    string Name, string Asks, Latency Api, Latency Peer, double ApiThroughput, double PeerThroughput,
    string ApiAnswer, string PeerAnswer, string SqlAnswer, string? Error)
{
    public bool AnswersAgree => Error is null && ApiAnswer == SqlAnswer && PeerAnswer == SqlAnswer;
}
