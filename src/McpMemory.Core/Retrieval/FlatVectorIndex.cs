using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace McpMemory.Core.Retrieval;

/// <summary>
/// Nearest-neighbour search over unit-length vectors by dot product (cosine similarity). Vectors are stored in
/// fixed-size pages of contiguous floats, numbered by slot; each slot belongs to an owner (a record), and a record may
/// own several slots (the parts of a long text), in which case it scores as its best part.
/// From <see cref="QuantizedThreshold"/> slots on, a search first compares a 1-bit code of each vector (the signs of
/// its components after the mean vector is taken away: 48 bytes for 384 floats) by Hamming distance and keeps the
/// nearest quarter (at least <see cref="MinCandidates"/>); an 8-bit copy of those narrows them to a few times k; the
/// floats score the rest exactly. So the scores and their order are exact, the scan reads about a tenth of the floats'
/// memory, and a true top-k hit is lost only if its signs put it outside the quarter kept (on clustered test data about
/// 1 in 100 of the top 10; 8-bit rounding alone, kept from the start, loses almost none). The mean is taken
/// again each time the index doubles. The scan loops are compiled fully optimised from their first call: left to
/// tiered compilation, a fresh server answered its first few hundred searches over 100,000 vectors about 1.5x slower.
/// Not thread-safe for writes: the owner serialises writes against reads; concurrent reads are safe.
/// </summary>
public sealed class FlatVectorIndex
{
    /// <summary>The fewest candidates a search over the 1-bit codes keeps for exact scoring.</summary>
    public const int MinCandidates = 4096;

    private const int PageSlots = 4096;
    private const int ParallelThreshold = 16_384;
    private const int CandidateFactor = 64;
    private const int CandidateShare = 4;
    private const int RoughFactor = 4;
    private const int ExtraCandidates = 64;
    private const int MinCodedDimensions = 64;
    private readonly List<float[]> _pages = [];
    private readonly List<ulong[]> _bits = [];
    private readonly List<sbyte[]> _bytes = [];
    private int[] _owners = new int[PageSlots];
    private float[] _scales = new float[PageSlots];
    private float[]? _centre;
    private int _centredAt;

    /// <summary>Creates an index of <paramref name="dimensions"/>-long vectors.</summary>
    public FlatVectorIndex(int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        Dimensions = dimensions;
        Words = (dimensions + 63) / 64;
    }

    /// <summary>The number of slots from which a search scans the 1-bit codes first.</summary>
    public int QuantizedThreshold { get; init; } = 16_384;

    /// <summary>The vector length.</summary>
    public int Dimensions { get; }

    /// <summary>Slots used.</summary>
    public int Count { get; private set; }

    /// <summary>Slots beyond the first of their owner (parts of long texts).</summary>
    public int ExtraParts { get; private set; }

    /// <summary>
    /// Whether searches start with the 1-bit codes: from <see cref="QuantizedThreshold"/> slots on, and only for vectors
    /// long enough for signs alone to tell near from far.
    /// </summary>
    private bool Coded => Count >= QuantizedThreshold && Dimensions >= MinCodedDimensions;

    /// <summary>64-bit words in a vector's 1-bit code.</summary>
    private int Words { get; }

    /// <summary>Appends a vector for <paramref name="owner"/> and returns its slot.</summary>
    public int Add(int owner, ReadOnlySpan<float> vector, bool additionalPart = false)
    {
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"Expected a vector of {Dimensions} floats, got {vector.Length}.", nameof(vector));
        }

        var slot = Count;
        if (slot % PageSlots == 0 && slot / PageSlots == _pages.Count)
        {
            _pages.Add(new float[PageSlots * Dimensions]);
            _bits.Add(new ulong[PageSlots * Words]);
            _bytes.Add(new sbyte[PageSlots * Dimensions]);
        }

        if (slot >= _owners.Length)
        {
            Array.Resize(ref _owners, _owners.Length * 2);
            Array.Resize(ref _scales, _owners.Length);
        }

        vector.CopyTo(_pages[slot / PageSlots].AsSpan((slot % PageSlots) * Dimensions, Dimensions));
        _scales[slot] = Quantize(vector, BytesOf(slot));
        _owners[slot] = owner;
        Count++;
        if (additionalPart)
        {
            ExtraParts++;
        }

        if (Coded)
        {
            if (_centre is null || Count >= 2 * _centredAt)
            {
                Recentre();
            }
            else
            {
                Encode(vector, _centre, CodeOf(slot));
            }
        }

        return slot;
    }

    /// <summary>The vector in <paramref name="slot"/>.</summary>
    public ReadOnlySpan<float> Get(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)slot, (uint)Count, nameof(slot));
        return _pages[slot / PageSlots].AsSpan((slot % PageSlots) * Dimensions, Dimensions);
    }

    /// <summary>The vector in <paramref name="slot"/>, as memory that stays valid (slots never move or change).</summary>
    public ReadOnlyMemory<float> GetMemory(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)slot, (uint)Count, nameof(slot));
        return _pages[slot / PageSlots].AsMemory((slot % PageSlots) * Dimensions, Dimensions);
    }

    /// <summary>The owner of <paramref name="slot"/>.</summary>
    public int OwnerOf(int slot) => _owners[slot];

    /// <summary>
    /// Returns the best <paramref name="k"/> owners by their best slot's dot product with <paramref name="query"/>,
    /// best first. <paramref name="accept"/>, when given, says which owners may be returned.
    /// </summary>
    public List<(int Owner, float Score)> Search(ReadOnlySpan<float> query, int k, Func<int, bool>? accept = null)
    {
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"Expected a query of {Dimensions} floats, got {query.Length}.", nameof(query));
        }

        // Parts of one owner can occupy several of the best slots: widen the selection enough to still hold k owners.
        var width = k + ExtraParts;
        var count = Count;
        if (Coded)
        {
            return TopOwners(SearchQuantized(query, width, count, accept), k);
        }

        List<(int Slot, float Score)> best;
        if (count >= ParallelThreshold && Environment.ProcessorCount > 1)
        {
            best = SearchParallel(query.ToArray(), width, count, accept);
        }
        else
        {
            best = SearchRange(query, width, 0, count, accept);
        }

        return TopOwners(best, k);
    }

    /// <summary>Takes the mean of every vector as the new centre and writes every code again.</summary>
    private void Recentre()
    {
        var centre = new float[Dimensions];
        for (var slot = 0; slot < Count; slot++)
        {
            TensorPrimitives.Add(centre, Get(slot), centre);
        }

        TensorPrimitives.Divide(centre, Count, centre);
        for (var slot = 0; slot < Count; slot++)
        {
            Encode(Get(slot), centre, CodeOf(slot));
        }

        _centre = centre;
        _centredAt = Count;
    }

    private Span<ulong> CodeOf(int slot) => _bits[slot / PageSlots].AsSpan((slot % PageSlots) * Words, Words);

    private Span<sbyte> BytesOf(int slot) => _bytes[slot / PageSlots].AsSpan((slot % PageSlots) * Dimensions, Dimensions);

    /// <summary>
    /// Writes <paramref name="vector"/> as 8-bit codes scaled to its largest component (so each is within half a step of
    /// the float) and returns the scale: code times scale gives the float back.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        var largest = Math.Abs(TensorPrimitives.MaxMagnitude(vector));
        var scale = float.IsFinite(largest) && largest > 0 ? largest / 127f : 0f;
        for (var i = 0; i < vector.Length; i++)
        {
            codes[i] = scale == 0 ? (sbyte)0 : (sbyte)Math.Clamp(MathF.Round(vector[i] / scale), -127f, 127f);
        }

        return scale;
    }



    /// <summary>Writes the signs of <paramref name="vector"/> minus <paramref name="centre"/> as bits (1 for above).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Encode(ReadOnlySpan<float> vector, ReadOnlySpan<float> centre, Span<ulong> code)
    {
        code.Clear();
        for (var i = 0; i < vector.Length; i++)
        {
            if (vector[i] > centre[i])
            {
                code[i >> 6] |= 1UL << (i & 63);
            }
        }
    }

    /// <summary>
    /// Finds the nearest candidates by the Hamming distance of the 1-bit codes, narrows them by the 8-bit codes to a few
    /// times k, and scores those exactly. The distances go into one array and a histogram of them gives the cut-off, so
    /// no heap is touched per slot; over many slots both passes run on every core.
    /// </summary>
    private List<(int Slot, float Score)> SearchQuantized(ReadOnlySpan<float> query, int width, int count, Func<int, bool>? accept)
    {
        var code = new ulong[Words];
        Encode(query, _centre!, code);
        var bytes = new sbyte[Dimensions];
        var queryScale = Quantize(query, bytes);
        var roughWidth = (width * RoughFactor) + ExtraCandidates;
        var distances = ArrayPool<ushort>.Shared.Rent(count);
        try
        {
            var partitions = count >= ParallelThreshold ? Math.Min(Environment.ProcessorCount, 8) : 1;
            var chunk = (count + partitions - 1) / partitions;
            var rough = new List<(int Slot, float Score)>[partitions];
            if (partitions > 1)
            {
                Parallel.For(0, partitions, p => ScanCodes(code, distances, p * chunk, Math.Min(count, (p + 1) * chunk), accept));
            }
            else
            {
                ScanCodes(code, distances, 0, count, accept);
            }

            var cutoff = Cutoff(distances, count, Math.Max(Math.Max(MinCandidates, count / CandidateShare), width * CandidateFactor));
            if (partitions > 1)
            {
                Parallel.For(0, partitions, p => rough[p] = ScoreBytes(bytes, queryScale, distances, cutoff, roughWidth, p * chunk, Math.Min(count, (p + 1) * chunk)));
            }
            else
            {
                rough[0] = ScoreBytes(bytes, queryScale, distances, cutoff, roughWidth, 0, count);
            }

            var top = new TopK(width);
            foreach (var (slot, _) in rough.SelectMany(list => list))
            {
                top.Add(slot, TensorPrimitives.Dot(query, Get(slot)));
            }

            return top.Drain();
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(distances);
        }
    }

    /// <summary>The largest distance to keep: the smallest at which at least <paramref name="wanted"/> slots are kept (ties go in whole).</summary>
    private int Cutoff(ushort[] distances, int count, int wanted)
    {
        var histogram = new int[(Words * 64) + 2];
        for (var slot = 0; slot < count; slot++)
        {
            histogram[distances[slot]]++;
        }

        var cutoff = -1;
        for (var kept = 0; cutoff < histogram.Length - 2 && kept < wanted;)
        {
            kept += histogram[++cutoff];
        }

        return cutoff;
    }

    /// <summary>The best <paramref name="width"/> slots of a range within the cut-off, by their 8-bit codes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private List<(int Slot, float Score)> ScoreBytes(sbyte[] query, float queryScale, ushort[] distances, int cutoff, int width, int start, int end)
    {
        var top = new TopK(width);
        var threshold = float.NegativeInfinity;
        for (var slot = start; slot < end; slot++)
        {
            if (distances[slot] <= cutoff)
            {
                var score = DotCodes(query, BytesOf(slot)) * queryScale * _scales[slot];
                if (!(score <= threshold))
                {
                    top.Add(slot, score);
                    threshold = top.Threshold;
                }
            }
        }

        return top.Drain();
    }

    /// <summary>Writes the Hamming distance of each slot's code to <paramref name="query"/>, or past any real one for a slot not accepted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScanCodes(ulong[] query, ushort[] distances, int start, int end, Func<int, bool>? accept)
    {
        var words = Words;
        var rejected = (ushort)((words * 64) + 1);
        var slot = start;
        while (slot < end)
        {
            var page = _bits[slot / PageSlots];
            var pageEnd = Math.Min(end, ((slot / PageSlots) + 1) * PageSlots);
            for (; slot < pageEnd; slot++)
            {
                if (accept is not null && !accept(_owners[slot]))
                {
                    distances[slot] = rejected;
                    continue;
                }

                distances[slot] = (ushort)Hamming(query, page.AsSpan((slot % PageSlots) * words, words));
            }
        }
    }

    /// <summary>The number of bits that differ between two codes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int Hamming(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        var sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += BitOperations.PopCount(a[i] ^ b[i]);
        }

        return sum;
    }

    /// <summary>The dot product of two 8-bit code vectors (codes within ±127, so no product or pair sum overflows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int DotCodes(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        var i = 0;
        var sum = 0;
        if (Avx2.IsSupported && a.Length >= Vector256<sbyte>.Count)
        {
            ref var ra = ref MemoryMarshal.GetReference(a);
            ref var rb = ref MemoryMarshal.GetReference(b);
            var total = Vector256<int>.Zero;
            for (; i <= a.Length - Vector256<sbyte>.Count; i += Vector256<sbyte>.Count)
            {
                var (aLow, aHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref ra, (nuint)i));
                var (bLow, bHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref rb, (nuint)i));
                total += Avx2.MultiplyAddAdjacent(aLow, bLow) + Avx2.MultiplyAddAdjacent(aHigh, bHigh);
            }

            sum = Vector256.Sum(total);
        }
        else if (Vector128.IsHardwareAccelerated && a.Length >= Vector128<sbyte>.Count)
        {
            ref var ra = ref MemoryMarshal.GetReference(a);
            ref var rb = ref MemoryMarshal.GetReference(b);
            var total = Vector128<int>.Zero;
            for (; i <= a.Length - Vector128<sbyte>.Count; i += Vector128<sbyte>.Count)
            {
                var (aLow, aHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref ra, (nuint)i));
                var (bLow, bHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref rb, (nuint)i));
                var (p0, p1) = Vector128.Widen(aLow * bLow);
                var (p2, p3) = Vector128.Widen(aHigh * bHigh);
                total += p0 + p1 + p2 + p3;
            }

            sum = Vector128.Sum(total);
        }

        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>Scores only the given slots (for narrow filters), best owners first.</summary>
    public List<(int Owner, float Score)> SearchSlots(ReadOnlySpan<float> query, int k, IEnumerable<int> slots)
    {
        ArgumentNullException.ThrowIfNull(slots);
        var top = new TopK(k + ExtraParts);
        foreach (var slot in slots)
        {
            top.Add(slot, TensorPrimitives.Dot(query, Get(slot)));
        }

        return TopOwners(top.Drain(), k);
    }

    private List<(int Slot, float Score)> SearchParallel(float[] query, int width, int count, Func<int, bool>? accept)
    {
        var partitions = Math.Min(Environment.ProcessorCount, 8);
        var chunk = (count + partitions - 1) / partitions;
        var partial = new List<(int Slot, float Score)>[partitions];
        Parallel.For(0, partitions, p =>
        {
            var start = p * chunk;
            var end = Math.Min(count, start + chunk);
            partial[p] = start < end ? SearchRange(query, width, start, end, accept) : [];
        });

        var merged = new TopK(width);
        foreach (var list in partial)
        {
            foreach (var (slot, score) in list)
            {
                merged.Add(slot, score);
            }
        }

        return merged.Drain();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private List<(int Slot, float Score)> SearchRange(ReadOnlySpan<float> query, int width, int start, int end, Func<int, bool>? accept)
    {
        var top = new TopK(width);
        var dims = Dimensions;
        var slot = start;

        // Most slots score below the current k-th best: compare with a local copy of it and touch the heap only for
        // the few that enter (NaN, which the heap would take while not full, still goes to it).
        var threshold = float.NegativeInfinity;
        while (slot < end)
        {
            var page = _pages[slot / PageSlots].AsSpan();
            var pageEnd = Math.Min(end, ((slot / PageSlots) + 1) * PageSlots);
            for (; slot < pageEnd; slot++)
            {
                if (accept is not null && !accept(_owners[slot]))
                {
                    continue;
                }

                var score = TensorPrimitives.Dot(query, page.Slice((slot % PageSlots) * dims, dims));
                if (!(score <= threshold))
                {
                    top.Add(slot, score);
                    threshold = top.Threshold;
                }
            }
        }

        return top.Drain();
    }

    private List<(int Owner, float Score)> TopOwners(List<(int Slot, float Score)> bestSlots, int k)
    {
        var result = new List<(int Owner, float Score)>(Math.Min(k, bestSlots.Count));
        var seen = new HashSet<int>();
        foreach (var (slot, score) in bestSlots)
        {
            if (seen.Add(_owners[slot]))
            {
                result.Add((_owners[slot], score));
                if (result.Count == k)
                {
                    break;
                }
            }
        }

        return result;
    }
}
