namespace SocialEconomy.Ingest;

/// <summary>What the ingest tool's exit code means.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The input files are invalid; nothing was written.</summary>
    public const int InvalidInput = 1;

    /// <summary>The command line could not be understood.</summary>
    public const int Usage = 2;

    /// <summary>The store could not be reached or written; nothing was written.</summary>
    public const int StoreFailure = 3;

    /// <summary>The command was cancelled (Ctrl+C); nothing was written.</summary>
    public const int Cancelled = 130;
}
