using SocialEconomy.Bench.Questions;

namespace SocialEconomy.Tests.Bench;

/// <summary>How a figure and its baseline are timed side by side: in blocks, in turn, each going first as often as the other.</summary>
public sealed class LatencyTests
{
    [Fact]
    public async Task SideBySide_TimesBlocksInTurn_SwappingWhichGoesFirstEachRound()
    {
        var calls = new List<char>();
        var (first, second) = await Latency.MeasureSideBySideAsync(
            () => Call('a'), () => Call('b'), warmupCalls: 0, warmupTime: TimeSpan.Zero, iterations: 2 * Latency.Block + 3, budget: TimeSpan.FromMinutes(1), CancellationToken.None);

        // Two warm-up rounds in the given order; then blocks, each after an untimed call, the last one short.
        string Block(char name, int timed) => new(name, 1 + timed);
        var expected = "abab"
            + Block('a', Latency.Block) + Block('b', Latency.Block)
            + Block('b', Latency.Block) + Block('a', Latency.Block)
            + Block('a', 3) + Block('b', 3);
        Assert.Equal(expected, new string([.. calls]));
        Assert.Equal(2 * Latency.Block + 3, first.Samples);
        Assert.Equal(2 * Latency.Block + 3, second.Samples);

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
