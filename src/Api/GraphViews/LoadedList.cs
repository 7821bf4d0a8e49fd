using GraphQL.DataLoader;

namespace SocialEconomy.Api.GraphViews;

/// <summary>A list of pending loader results as one pending list: every key is queued before the first is awaited, so the list costs one batch.</summary>
internal sealed class LoadedList<T>(IReadOnlyList<IDataLoaderResult<T>> items) : IDataLoaderResult<IReadOnlyList<T>>
{
    public async Task<IReadOnlyList<T>> GetResultAsync(CancellationToken cancellationToken = default)
    {
        var values = new List<T>(items.Count);
        foreach (var item in items)
        {
            values.Add(await item.GetResultAsync(cancellationToken));
        }

        return values;
    }

    async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
}

internal static class LoadedList
{
    public static LoadedList<T> Of<T>(IEnumerable<IDataLoaderResult<T>> items) => new([.. items]);
}
