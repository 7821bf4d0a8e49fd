using System.Buffers;

namespace SocialEconomy.Api.Endpoint;

/// <summary>
/// An answer being written, held in memory up to a size (Limits:MaxResponseBytes): one write past it throws
/// <see cref="TooLargeException"/>, so the serializer stops there and the memory is let go. It is written to as a
/// buffer (<see cref="IBufferWriter{T}"/>, as <see cref="AnswerSerializer"/> does) or as a stream, into chunks rented
/// from the shared pool, each twice the size of the one before: a growing answer is never copied into a larger array, a
/// large one takes few chunks (the pool keeps only a few arrays of each size), and they go back when it is sent.
/// </summary>
public sealed class ResponseBuffer(long maxBytes) : Stream, IBufferWriter<byte>
{
    public const string TooLargeCode = "RESPONSE_TOO_LARGE";

    /// <summary>Most answers fit in the first chunk.</summary>
    private const int FirstChunkBytes = 16 * 1024;

    private const int LargestChunkBytes = 1024 * 1024;

    private readonly List<(byte[] Bytes, int Used)> _filled = [];
    private byte[]? _current;
    private int _used;
    private long _length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public void Clear()
    {
        ReturnChunks();
        _length = 0;
    }

    /// <summary>A copy of what the buffer holds, e.g. to keep the answer.</summary>
    public byte[] ToArray()
    {
        var copy = new byte[_length];
        var at = 0;
        foreach (var (bytes, used) in Chunks())
        {
            bytes.AsSpan(0, used).CopyTo(copy.AsSpan(at));
            at += used;
        }

        return copy;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        var wanted = Math.Max(sizeHint, 1);
        if (_current is null || _current.Length - _used < wanted)
        {
            if (_current is not null)
            {
                _filled.Add((_current, _used));
            }

            var next = _current is null ? FirstChunkBytes : Math.Min(_current.Length * 2, LargestChunkBytes);
            _current = ArrayPool<byte>.Shared.Rent(Math.Max(wanted, next));
            _used = 0;
        }

        return _current.AsMemory(_used);
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public void Advance(int count)
    {
        if (_length + count > maxBytes)
        {
            throw new TooLargeException();
        }

        _used += count;
        _length += count;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_length + buffer.Length > maxBytes)
        {
            throw new TooLargeException();
        }

        while (!buffer.IsEmpty)
        {
            var free = GetSpan();
            var part = Math.Min(free.Length, buffer.Length);
            buffer[..part].CopyTo(free);
            Advance(part);
            buffer = buffer[part..];
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Writes what the buffer holds to <paramref name="destination"/>, e.g. the response body.</summary>
    public async Task WriteToAsync(Stream destination, CancellationToken cancellationToken)
    {
        foreach (var (bytes, used) in Chunks())
        {
            await destination.WriteAsync(bytes.AsMemory(0, used), cancellationToken);
        }
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ReturnChunks();
        }

        base.Dispose(disposing);
    }

    private IEnumerable<(byte[] Bytes, int Used)> Chunks() =>
        _current is null ? _filled : _filled.Append((_current, _used));

    private void ReturnChunks()
    {
        foreach (var (bytes, _) in Chunks())
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }

        _filled.Clear();
        _current = null;
        _used = 0;
    }

    public sealed class TooLargeException() : IOException("The answer is larger than the largest allowed.");
}
