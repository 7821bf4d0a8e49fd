namespace SocialEconomy.Api.Hosting;

/// <summary>Work a background service repeats at an interval until the API stops.</summary>
public static class PeriodicWork
{
    /// <summary>
    /// Runs <paramref name="work"/> every <paramref name="interval"/> until <paramref name="stopping"/> is cancelled, and
    /// then ends quietly: a host disposed without being stopped first cancels the token under the timer, which the host
    /// would otherwise log as the service failing.
    /// </summary>
    public static async Task RunAsync(TimeSpan interval, Func<CancellationToken, Task> work, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                await work(stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }
}
