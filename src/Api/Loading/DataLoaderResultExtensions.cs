using GraphQL.DataLoader;

namespace SocialEconomy.Api.Loading;

public static class DataLoaderResultExtensions
{
    /// <summary>Transforms a pending result without awaiting it, so batching is kept.</summary>
    public static IDataLoaderResult<TResult> Then<T, TResult>(this IDataLoaderResult<T> result, Func<T, TResult> transform) =>
        new Chained<T, TResult>(result, transform);

    private sealed class Chained<T, TResult>(IDataLoaderResult<T> inner, Func<T, TResult> transform) : IDataLoaderResult<TResult>
    {
        public async Task<TResult> GetResultAsync(CancellationToken cancellationToken = default) =>
            transform((await inner.GetResultAsync(cancellationToken))!);

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken);
    }
}
