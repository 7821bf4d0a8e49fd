using GraphQL.DataLoader;

namespace SocialEconomy.Api.Loading;

public static class DataLoaderResultExtensions
{
    /// <summary>Transforms a pending result without awaiting it, so batching is kept.</summary>
    public static IDataLoaderResult<TResult> Then<T, TResult>(this IDataLoaderResult<T> result, Func<T, TResult> transform) =>
        new Chained<T, TResult>(result, transform);

    /// <summary>
    /// Many pending results as one list, in their order, without awaiting any first: every key is queued before the
    /// first is awaited, so the loaders behind them still fetch all of them in one batch.
    /// </summary>
    public static IDataLoaderResult<IReadOnlyList<T>> All<T>(this IReadOnlyList<IDataLoaderResult<T>> results) => new Joined<T>(results);

    private sealed class Joined<T>(IReadOnlyList<IDataLoaderResult<T>> results) : IDataLoaderResult<IReadOnlyList<T>>
    {
        public async Task<IReadOnlyList<T>> GetResultAsync(CancellationToken cancellationToken = default)
        {
            var values = new List<T>(results.Count);
            foreach (var result in results)
            {
                values.Add(await result.GetResultAsync(cancellationToken));
            }

            return values;
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }

    private sealed class Chained<T, TResult>(IDataLoaderResult<T> inner, Func<T, TResult> transform) : IDataLoaderResult<TResult>
    {
        public async Task<TResult> GetResultAsync(CancellationToken cancellationToken = default) =>
            transform((await inner.GetResultAsync(cancellationToken))!);

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken);
    }
}
