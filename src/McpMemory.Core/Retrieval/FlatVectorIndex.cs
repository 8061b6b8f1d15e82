using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace McpMemory.Core.Retrieval;

/// <summary>
/// Exact nearest-neighbour search over unit-length vectors by dot product (cosine similarity). Vectors are stored in
/// fixed-size pages of contiguous floats, numbered by slot; each slot belongs to an owner (a record), and a record may
/// own several slots (the parts of a long text), in which case it scores as its best part.
/// From <see cref="QuantizedThreshold"/> slots on, a search first scans an 8-bit copy of the vectors (a quarter of the
/// memory to read, which is what bounds a scan) for the best few times k slots, then scores those exactly with the
/// floats: the order and scores returned are exact, and a slot is missed only if 8-bit rounding (a few thousandths of
/// cosine) moves it from the top k past the many candidates kept. The scan loops are compiled fully optimised from their
/// first call: left to tiered compilation, a fresh server answered its first few hundred searches over 100,000 vectors
/// about 1.5x slower.
/// Not thread-safe for writes: the owner serialises writes against reads; concurrent reads are safe.
/// </summary>
public sealed class FlatVectorIndex
{
    private const int PageSlots = 4096;
    private const int ParallelThreshold = 16_384;
    private const int CandidateFactor = 4;
    private const int ExtraCandidates = 64;
    private readonly List<float[]> _pages = [];
    private readonly List<sbyte[]> _codes = [];
    private int[] _owners = new int[PageSlots];
    private float[] _scales = new float[PageSlots];

    /// <summary>Creates an index of <paramref name="dimensions"/>-long vectors.</summary>
    public FlatVectorIndex(int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        Dimensions = dimensions;
    }

    /// <summary>The number of slots from which a search scans the 8-bit copy first.</summary>
    public int QuantizedThreshold { get; init; } = 16_384;

    /// <summary>The vector length.</summary>
    public int Dimensions { get; }

    /// <summary>Slots used.</summary>
    public int Count { get; private set; }

    /// <summary>Slots beyond the first of their owner (parts of long texts).</summary>
    public int ExtraParts { get; private set; }

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
            _codes.Add(new sbyte[PageSlots * Dimensions]);
        }

        if (slot >= _owners.Length)
        {
            Array.Resize(ref _owners, _owners.Length * 2);
            Array.Resize(ref _scales, _owners.Length);
        }

        vector.CopyTo(_pages[slot / PageSlots].AsSpan((slot % PageSlots) * Dimensions, Dimensions));
        _scales[slot] = Quantize(vector, _codes[slot / PageSlots].AsSpan((slot % PageSlots) * Dimensions, Dimensions));
        _owners[slot] = owner;
        Count++;
        if (additionalPart)
        {
            ExtraParts++;
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
        if (count >= QuantizedThreshold)
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

    /// <summary>Scans the 8-bit codes for the best candidates, then scores the candidates exactly.</summary>
    private List<(int Slot, float Score)> SearchQuantized(ReadOnlySpan<float> query, int width, int count, Func<int, bool>? accept)
    {
        var codes = new sbyte[Dimensions];
        var queryScale = Quantize(query, codes);
        var candidates = (width * CandidateFactor) + ExtraCandidates;
        List<(int Slot, float Score)> rough;
        if (count >= ParallelThreshold && Environment.ProcessorCount > 1)
        {
            var partitions = Math.Min(Environment.ProcessorCount, 8);
            var chunk = (count + partitions - 1) / partitions;
            var partial = new List<(int Slot, float Score)>[partitions];
            Parallel.For(0, partitions, p =>
            {
                var start = p * chunk;
                var end = Math.Min(count, start + chunk);
                partial[p] = start < end ? ScanCodes(codes, queryScale, candidates, start, end, accept) : [];
            });
            rough = [.. partial.SelectMany(list => list)];
        }
        else
        {
            rough = ScanCodes(codes, queryScale, candidates, 0, count, accept);
        }

        var top = new TopK(width);
        foreach (var (slot, _) in rough)
        {
            top.Add(slot, TensorPrimitives.Dot(query, Get(slot)));
        }

        return top.Drain();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private List<(int Slot, float Score)> ScanCodes(sbyte[] query, float queryScale, int width, int start, int end, Func<int, bool>? accept)
    {
        var top = new TopK(width);
        var dims = Dimensions;
        var slot = start;
        var threshold = float.NegativeInfinity;
        while (slot < end)
        {
            var page = _codes[slot / PageSlots].AsSpan();
            var pageEnd = Math.Min(end, ((slot / PageSlots) + 1) * PageSlots);
            for (; slot < pageEnd; slot++)
            {
                if (accept is not null && !accept(_owners[slot]))
                {
                    continue;
                }

                var score = DotCodes(query, page.Slice((slot % PageSlots) * dims, dims)) * queryScale * _scales[slot];
                if (!(score <= threshold))
                {
                    top.Add(slot, score);
                    threshold = top.Threshold;
                }
            }
        }

        return top.Drain();
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
