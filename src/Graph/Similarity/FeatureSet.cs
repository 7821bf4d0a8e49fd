using System.Numerics;

namespace SocialEconomy.Graph.Similarity;

/// <summary>
/// The features of one model in one dimension (its challenge areas, outcomes or funders), as ids 0..universe-1 given
/// in the ordinal order of the features' keys. Sparse sets are a sorted array; dense ones, which a model run by hub
/// organisations has for funders (nearly every funder of the graph), a bitmap, which is then the smaller and the
/// faster to intersect.
/// </summary>
public sealed class FeatureSet
{
    public static readonly FeatureSet Empty = new([], null, 0);

    private readonly int[] _ids;
    private readonly ulong[]? _bits;

    private FeatureSet(int[] ids, ulong[]? bits, int count)
    {
        _ids = ids;
        _bits = bits;
        Count = count;
    }

    public int Count { get; }

    public static int Words(int universe) => (universe + 63) >> 6;

    /// <summary>The set held by a bitmap of <paramref name="count"/> bits, copied as whichever form takes less memory.</summary>
    public static FeatureSet FromBits(ReadOnlySpan<ulong> bits, int count)
    {
        if (count == 0)
        {
            return Empty;
        }

        if ((long)count * 32 > (long)bits.Length * 64)
        {
            return new FeatureSet([], bits.ToArray(), count);
        }

        var ids = new int[count];
        var at = 0;
        for (var word = 0; word < bits.Length; word++)
        {
            for (var w = bits[word]; w != 0; w &= w - 1)
            {
                ids[at++] = (word << 6) + BitOperations.TrailingZeroCount(w);
            }
        }

        return new FeatureSet(ids, null, count);
    }

    /// <summary>Sets this set's bits in a bitmap (for the model compared with, or while building a union).</summary>
    public void SetBits(Span<ulong> bits)
    {
        if (_bits is not null)
        {
            for (var word = 0; word < _bits.Length; word++)
            {
                bits[word] |= _bits[word];
            }

            return;
        }

        foreach (var id in _ids)
        {
            bits[id >> 6] |= 1UL << id;
        }
    }

    /// <summary>How many features this set shares with <paramref name="other"/>, whose bitmap is <paramref name="otherBits"/>.</summary>
    public int CountShared(FeatureSet other, ulong[] otherBits)
    {
        if (Count == 0 || other.Count == 0)
        {
            return 0;
        }

        var shared = 0;
        if (_bits is null)
        {
            foreach (var id in _ids)
            {
                shared += (int)((otherBits[id >> 6] >> id) & 1);
            }

            return shared;
        }

        if (other._bits is null)
        {
            foreach (var id in other._ids)
            {
                shared += (int)((_bits[id >> 6] >> id) & 1);
            }

            return shared;
        }

        for (var word = 0; word < _bits.Length; word++)
        {
            shared += BitOperations.PopCount(_bits[word] & otherBits[word]);
        }

        return shared;
    }

    /// <summary>The shared features' ids, ascending (so in the ordinal order of their keys).</summary>
    public List<int> Shared(FeatureSet other, ulong[] otherBits)
    {
        var shared = new List<int>();
        if (Count == 0 || other.Count == 0)
        {
            return shared;
        }

        if (_bits is null)
        {
            shared.AddRange(_ids.Where(id => ((otherBits[id >> 6] >> id) & 1) != 0));
        }
        else if (other._bits is null)
        {
            var mine = _bits;
            shared.AddRange(other._ids.Where(id => ((mine[id >> 6] >> id) & 1) != 0));
        }
        else
        {
            for (var word = 0; word < _bits.Length; word++)
            {
                for (var w = _bits[word] & otherBits[word]; w != 0; w &= w - 1)
                {
                    shared.Add((word << 6) + BitOperations.TrailingZeroCount(w));
                }
            }
        }

        return shared;
    }
}
