using System.Text.Json;

namespace McpMemory.Server.Hosting;

/// <summary>
/// Standard input and output for the stdio server that answer every request read before input ends. Left to itself,
/// the server stops the moment standard input closes, so <c>printf '...requests...' | mcp-memory serve</c> got no answer
/// at all, not even to <c>initialize</c>, although writes took effect. Here the end of input is held back until a
/// response has gone out for each request read (JSON-RPC messages with a method and an id; a response has an id and no
/// method), or until <see cref="MaxDrain"/> has passed.
/// </summary>
internal sealed class DrainingStdio
{
    /// <summary>The longest the end of input waits for answers.</summary>
    public static readonly TimeSpan MaxDrain = TimeSpan.FromSeconds(60);

    private readonly TaskCompletionSource _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _requests;
    private int _responses;

    public DrainingStdio(Stream input, Stream output)
    {
        Input = new InputStream(input, this);
        Output = new OutputStream(output, this);
    }

    public Stream Input { get; }

    public Stream Output { get; }

    private void Read(ReadOnlySpan<byte> line)
    {
        if (Classify(line) == Kind.Request)
        {
            Interlocked.Increment(ref _requests);
        }
    }

    private void Wrote(ReadOnlySpan<byte> line)
    {
        if (Classify(line) == Kind.Response && Interlocked.Increment(ref _responses) >= Volatile.Read(ref _requests))
        {
            _answered.TrySetResult();
        }
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _responses) >= Volatile.Read(ref _requests))
        {
            return;
        }

        try
        {
            await _answered.Task.WaitAsync(MaxDrain, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Gave them long enough: stop anyway.
        }
    }

    private enum Kind
    {
        Other,
        Request,
        Response,
    }

    // A request has "method" and "id"; a response has "id" and no "method". Anything unreadable is neither.
    private static Kind Classify(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            return Kind.Other;
        }

        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Kind.Other;
            }

            bool method = false, id = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                method |= reader.ValueTextEquals("method"u8);
                id |= reader.ValueTextEquals("id"u8);
                reader.Skip();
            }

            return id ? (method ? Kind.Request : Kind.Response) : Kind.Other;
        }
        catch (JsonException)
        {
            return Kind.Other;
        }
    }

    /// <summary>Splits what passes through into lines and hands each to <paramref name="onLine"/>.</summary>
    private sealed class LineSplitter(Action<ReadOnlySpan<byte>> onLine)
    {
        private readonly MemoryStream _pending = new();

        public void Add(ReadOnlySpan<byte> bytes)
        {
            while (!bytes.IsEmpty)
            {
                var newline = bytes.IndexOf((byte)'\n');
                if (newline < 0)
                {
                    _pending.Write(bytes);
                    return;
                }

                if (_pending.Length > 0)
                {
                    _pending.Write(bytes[..newline]);
                    onLine(_pending.GetBuffer().AsSpan(0, (int)_pending.Length));
                    _pending.SetLength(0);
                }
                else
                {
                    onLine(bytes[..newline]);
                }

                bytes = bytes[(newline + 1)..];
            }
        }
    }

    private sealed class InputStream(Stream inner, DrainingStdio owner) : PassThroughStream(inner)
    {
        private readonly LineSplitter _lines = new(owner.Read);

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                await owner.DrainAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            }

            _lines.Add(buffer.Span[..read]);
            return read;
        }
    }

    private sealed class OutputStream(Stream inner, DrainingStdio owner) : PassThroughStream(inner)
    {
        private readonly LineSplitter _lines = new(owner.Wrote);
        private readonly Lock _gate = new();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Inner.Write(buffer, offset, count);
            Seen(buffer.AsSpan(offset, count));
        }

        public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            await Inner.WriteAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false);
            Seen(buffer.AsSpan(offset, count));
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            Seen(buffer.Span);
        }

        private void Seen(ReadOnlySpan<byte> bytes)
        {
            lock (_gate)
            {
                _lines.Add(bytes);
            }
        }
    }

    private abstract class PassThroughStream(Stream inner) : Stream
    {
        protected Stream Inner { get; } = inner;

        public override bool CanRead => Inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => Inner.CanWrite;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush() => Inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => Inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => Inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Inner.Write(buffer, offset, count);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
