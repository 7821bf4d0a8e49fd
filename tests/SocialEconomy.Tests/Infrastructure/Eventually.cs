namespace SocialEconomy.Tests.Infrastructure;

/// <summary>Waits for something that happens in another process (a replica's replay, a monitor's next check).</summary>
public static class Eventually
{
    /// <summary>
    /// Asks <paramref name="condition"/> every 200 ms until it holds; fails with <paramref name="what"/> (and the last
    /// error, if asking failed) after <paramref name="seconds"/>. An exception while asking counts as "not yet".
    /// </summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                last = ex;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"After {seconds} s, {what}{(last is null ? "" : $" (last error: {last.Message})")}.");
    }
}
