using GraphQL.DataLoader;

namespace SocialEconomy.Api.Loading;

/// <summary>
/// Collects the keys that resolvers ask for while the execution strategy walks one level of the result, and
/// fetches them all with one call when the first result is awaited. A request therefore costs one fetch per
/// field per level, however many rows that level holds.
/// </summary>
/// <remarks>
/// Relies on serial execution (see <see cref="Hosting.ApiServiceCollectionExtensions"/>): the strategy queues
/// every loader result of a level before awaiting any, and never runs two fetches at once.
/// </remarks>
public sealed class BatchLoader<TKey, TValue>(
    Func<IReadOnlyCollection<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch,
    TValue missing) : BatchLoaders.IPrimable
    where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> _loaded = [];
    private HashSet<TKey> _pending = [];

    public IDataLoaderResult<TValue> Load(TKey key)
    {
        if (!_loaded.ContainsKey(key))
        {
            _pending.Add(key);
        }

        return new Result(this, key);
    }

    /// <summary>
    /// Values already read by a statement that had them to hand (e.g. the relationships of a neighbourhood with their
    /// sources): asking for them then costs nothing.
    /// </summary>
    public void Prime(IEnumerable<KeyValuePair<TKey, TValue>> values)
    {
        foreach (var (key, value) in values)
        {
            _loaded[key] = value;
            _pending.Remove(key);
        }
    }

    void BatchLoaders.IPrimable.Prime(object key, object? value) => Prime([KeyValuePair.Create((TKey)key, (TValue)value!)]);

    private async Task<TValue> GetAsync(TKey key, CancellationToken cancellationToken)
    {
        if (!_loaded.TryGetValue(key, out var value))
        {
            var batch = _pending;
            _pending = [];
            var fetched = await fetch(batch, cancellationToken);
            foreach (var k in batch)
            {
                _loaded[k] = fetched.TryGetValue(k, out var v) ? v : missing;
            }

            value = _loaded.GetValueOrDefault(key, missing);
        }

        return value;
    }

    private sealed class Result(BatchLoader<TKey, TValue> loader, TKey key) : IDataLoaderResult<TValue>
    {
        public Task<TValue> GetResultAsync(CancellationToken cancellationToken = default) =>
            loader.GetAsync(key, cancellationToken);

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await loader.GetAsync(key, cancellationToken);
    }
}

/// <summary>The batch loaders of one request, by name; scoped, so nothing is shared between requests.</summary>
public sealed class BatchLoaders
{
    private readonly Dictionary<string, object> _loaders = new(StringComparer.Ordinal);

    /// <summary>Values primed for loaders no resolver has asked for yet, given to each loader when it is made.</summary>
    private readonly Dictionary<string, List<(object Key, object? Value)>> _primed = new(StringComparer.Ordinal);

    /// <summary>
    /// A value read ahead for the loader of that name (see <see cref="GraphReader.Prime"/>): when a resolver asks that
    /// loader for the key, it costs no statement. The key and value must be of the loader's types.
    /// </summary>
    public void Prime(string name, object key, object? value)
    {
        if (_loaders.TryGetValue(name, out var loader))
        {
            ((IPrimable)loader).Prime(key, value);
        }
        else if (_primed.TryGetValue(name, out var values))
        {
            values.Add((key, value));
        }
        else
        {
            _primed[name] = [(key, value)];
        }
    }

    public BatchLoader<TKey, TValue> GetOrAdd<TKey, TValue>(
        string name,
        Func<IReadOnlyCollection<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch,
        TValue missing)
        where TKey : notnull
    {
        if (!_loaders.TryGetValue(name, out var loader))
        {
            var created = new BatchLoader<TKey, TValue>(fetch, missing);
            if (_primed.Remove(name, out var values))
            {
                created.Prime(values.Select(v => KeyValuePair.Create((TKey)v.Key, (TValue)v.Value!)));
            }

            loader = created;
            _loaders[name] = loader;
        }

        return (BatchLoader<TKey, TValue>)loader;
    }

    /// <summary>A loader that can be primed without knowing its types at compile time.</summary>
    internal interface IPrimable
    {
        void Prime(object key, object? value);
    }
}
