namespace McpMemory.Core.Retrieval;

/// <summary>Keeps the <c>k</c> highest-scoring items seen, with a min-heap; no allocation per item.</summary>
public sealed class TopK
{
    private readonly PriorityQueue<int, float> _heap;
    private readonly int _k;

    /// <summary>Creates a selector for the best <paramref name="k"/> items.</summary>
    public TopK(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        _k = k;
        _heap = new PriorityQueue<int, float>(k + 1);
    }

    /// <summary>The score an item must beat to enter when the selector is full.</summary>
    public float Threshold => _heap.Count < _k ? float.NegativeInfinity : PeekScore();

    /// <summary>Offers an item.</summary>
    public void Add(int item, float score)
    {
        if (_heap.Count < _k)
        {
            _heap.Enqueue(item, score);
        }
        else if (score > PeekScore())
        {
            _heap.DequeueEnqueue(item, score);
        }
    }

    /// <summary>Returns the kept items, best first, and empties the selector.</summary>
    public List<(int Item, float Score)> Drain()
    {
        var result = new List<(int Item, float Score)>(_heap.Count);
        while (_heap.TryDequeue(out var item, out var score))
        {
            result.Add((item, score));
        }

        result.Reverse();
        return result;
    }

    private float PeekScore()
    {
        _heap.TryPeek(out _, out var score);
        return score;
    }
}
