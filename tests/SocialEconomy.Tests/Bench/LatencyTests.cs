using SocialEconomy.Bench.Questions;

namespace SocialEconomy.Tests.Bench;

/// <summary>How a figure and its baseline are timed side by side: in turn, each order as often as the other.</summary>
public sealed class LatencyTests
{
    [Fact]
    public async Task SideBySide_CallsBothInTurn_SwappingTheOrderEachRound()
    {
        var calls = new List<char>();
        var (first, second) = await Latency.MeasureSideBySideAsync(
            () => Call('a'), () => Call('b'), warmupCalls: 0, warmupTime: TimeSpan.Zero, iterations: 4, budget: TimeSpan.FromMinutes(1), CancellationToken.None);

        // Two warm-up rounds in the given order, then the timed rounds alternate which goes first.
        Assert.Equal("ab" + "ab" + "ab" + "ba" + "ab" + "ba", new string([.. calls]));
        Assert.Equal(4, first.Samples);
        Assert.Equal(4, second.Samples);

        Task Call(char name)
        {
            calls.Add(name);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task SideBySide_GivesEachOperationItsOwnTimes()
    {
        var (slow, fast) = await Latency.MeasureSideBySideAsync(
            () => Task.Delay(20), () => Task.CompletedTask, warmupCalls: 0, warmupTime: TimeSpan.Zero, iterations: 5, budget: TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.True(slow.P50 >= 19, $"the delayed operation's p50 was {slow.P50} ms");
        Assert.True(fast.P50 < slow.P50, $"the immediate operation's p50 ({fast.P50} ms) was not below the delayed one's ({slow.P50} ms)");
    }
}
