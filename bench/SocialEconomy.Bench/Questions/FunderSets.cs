using System.Numerics;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace SocialEconomy.Bench.Questions;

/// <summary>
/// Sets of funders as blobs, for the comparable-models SQL on SQLite, which has no bit strings: the functions a
/// connection needs to make and read them, as PostgreSQL's bit strings and bit_count serve the same SQL there. A funder
/// is a bit, numbered in id order.
/// </summary>
/// <remarks>
/// A model's funders are the union of those of the organisations that run it. Hubs run thousands of models and have
/// thousands of funders, so the union is taken over each organisation's set as one value, not over its funders one by
/// one (3.3 billion joined rows at 10^6 nodes). An organisation's set is the list of its funders' bits where that is
/// shorter than the bits of every funder up to its highest, and those bits otherwise; a model's set is always the
/// bits.
/// </remarks>
public static class FunderSets
{
    private const byte Listed = 0;
    private const byte Marked = 1;

    public static void Register(SqliteConnection connection)
    {
        // The funders of one node: bench_funder_set(bit), aggregated over its fundings.
        connection.CreateAggregate<long, List<int>?, byte[]>("bench_funder_set", null,
            (bits, bit) => { (bits ??= []).Add(checked((int)bit)); return bits; },
            Encode, isDeterministic: true);

        // The funders of a model: bench_funder_union(set), aggregated over the sets of its own funders and its runners'.
        connection.CreateAggregate<byte[], ulong[]?, byte[]>("bench_funder_union", null, Union,
            words => words is null ? [] : MemoryMarshal.AsBytes(words.AsSpan()).ToArray(), isDeterministic: true);

        connection.CreateFunction<byte[], long>("bench_bit_count", words => Count(Words(words)), isDeterministic: true);
        connection.CreateFunction<byte[], byte[], long>("bench_shared_count", (a, b) => Shared(Words(a), Words(b)), isDeterministic: true);
    }

    private static byte[] Encode(List<int>? bits)
    {
        if (bits is null)
        {
            return [];
        }

        var words = bits.Max() / 64 + 1;
        if (bits.Count * sizeof(int) < words * sizeof(ulong))
        {
            return [Listed, .. MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(bits))];
        }

        var marked = new ulong[words];
        foreach (var bit in bits)
        {
            marked[bit / 64] |= 1UL << (bit % 64);
        }

        return [Marked, .. MemoryMarshal.AsBytes(marked.AsSpan())];
    }

    private static ulong[] Union(ulong[]? words, byte[] set)
    {
        if (set.Length == 0)
        {
            return words ?? [];
        }

        var body = set.AsSpan(1);
        if (set[0] == Listed)
        {
            var bits = MemoryMarshal.Cast<byte, int>(body);
            words = Grow(words, bits.Length == 0 ? 0 : Max(bits) / 64 + 1);
            foreach (var bit in bits)
            {
                words[bit / 64] |= 1UL << (bit % 64);
            }

            return words;
        }

        var marked = MemoryMarshal.Cast<byte, ulong>(body);
        words = Grow(words, marked.Length);
        for (var i = 0; i < marked.Length; i++)
        {
            words[i] |= marked[i];
        }

        return words;
    }

    private static ulong[] Grow(ulong[]? words, int length)
    {
        if (words is null || words.Length < length)
        {
            var grown = new ulong[Math.Max(length, words?.Length ?? 0)];
            words?.CopyTo(grown, 0);
            return grown;
        }

        return words;
    }

    private static int Max(ReadOnlySpan<int> bits)
    {
        var max = 0;
        foreach (var bit in bits)
        {
            max = Math.Max(max, bit);
        }

        return max;
    }

    private static ReadOnlySpan<ulong> Words(byte[] words) => MemoryMarshal.Cast<byte, ulong>(words);

    private static long Count(ReadOnlySpan<ulong> words)
    {
        long count = 0;
        foreach (var word in words)
        {
            count += BitOperations.PopCount(word);
        }

        return count;
    }

    private static long Shared(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        long count = 0;
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            count += BitOperations.PopCount(a[i] & b[i]);
        }

        return count;
    }
}
