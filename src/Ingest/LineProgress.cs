namespace SocialEconomy.Ingest;

/// <summary>
/// Writes each progress report as an indented line at once; Progress&lt;T&gt; would post it to the thread pool,
/// out of order with the command's own output.
/// </summary>
internal sealed class LineProgress(TextWriter output) : IProgress<string>
{
    public void Report(string value) => output.WriteLine($"  {value}");
}
