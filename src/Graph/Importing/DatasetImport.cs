using SocialEconomy.Graph.Crosswalks;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Importing;

/// <summary>
/// What follows the reading of an open dataset, wherever it is imported from (the ingest tool, or the API's first
/// start): its organisations and funders matched to the store's, derived links to records the store lacks left out,
/// and the batch merged in one transaction.
/// </summary>
public static class DatasetImport
{
    public static async Task<DatasetImportSummary> LoadAsync(
        GraphDbContext db, GraphLoader loader, ImportResult result, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var resolution = await new EntityResolver(db).ResolveAsync(result.Batch, cancellationToken);
        var leftOut = await CrosswalkTargets.LeaveOutMissingAsync(db, result.Batch, cancellationToken);
        var summary = await loader.LoadAsync(result.Batch, progress, cancellationToken);
        return new DatasetImportSummary(resolution, summary, leftOut);
    }
}

/// <param name="Resolution">What entity resolution matched, and what it kept apart.</param>
/// <param name="Load">What the load added, updated and left unchanged, and its conflicts.</param>
/// <param name="DerivedLinksLeftOut">Links made by crosswalks to challenge areas or outcomes the store lacks, left out.</param>
public sealed record DatasetImportSummary(ResolutionReport Resolution, LoadSummary Load, int DerivedLinksLeftOut);
