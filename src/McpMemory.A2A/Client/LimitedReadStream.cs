namespace McpMemory.A2A.Client;

/// <summary>
/// A peer's answer read through a cap: past <see cref="Limit"/> bytes the read fails with
/// <see cref="AnswerTooLargeException"/>, so an endless or huge answer cannot fill this process's memory.
/// </summary>
internal sealed class LimitedReadStream(Stream inner, long limit) : Stream
{
    private long _read;

    public long Limit => limit;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        _read += read;
        return _read > limit ? throw new AnswerTooLargeException(limit) : read;
    }

    /// <summary>Reads <paramref name="content"/> as UTF-8 text, at most <paramref name="limit"/> bytes.</summary>
    public static async Task<string> ReadTextAsync(HttpContent content, long limit, CancellationToken cancellationToken)
    {
        await using var stream = new LimitedReadStream(await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), limit);
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>A peer's answer went past the client's cap.</summary>
internal sealed class AnswerTooLargeException(long limit) : IOException($"its answer is larger than {limit} bytes, the most this client reads")
{
}
