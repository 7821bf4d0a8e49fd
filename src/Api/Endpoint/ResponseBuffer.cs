namespace SocialEconomy.Api.Endpoint;

/// <summary>
/// An answer being written, held in memory up to a size (Limits:MaxResponseBytes): one write past it throws
/// <see cref="TooLargeException"/>, so the serializer stops there and the memory is let go.
/// </summary>
public sealed class ResponseBuffer(long maxBytes) : Stream
{
    public const string TooLargeCode = "RESPONSE_TOO_LARGE";

    private readonly MemoryStream _bytes = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _bytes.Length;

    public override long Position
    {
        get => _bytes.Position;
        set => throw new NotSupportedException();
    }

    public void Clear() => _bytes.SetLength(0);

    /// <summary>A copy of what the buffer holds, e.g. to keep the answer.</summary>
    public byte[] ToArray() => _bytes.ToArray();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_bytes.Length + buffer.Length > maxBytes)
        {
            throw new TooLargeException();
        }

        _bytes.Write(buffer);
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
    public Task WriteToAsync(Stream destination, CancellationToken cancellationToken) =>
        destination.WriteAsync(_bytes.GetBuffer().AsMemory(0, (int)_bytes.Length), cancellationToken).AsTask();

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
            _bytes.Dispose();
        }

        base.Dispose(disposing);
    }

    public sealed class TooLargeException() : IOException("The answer is larger than the largest allowed.");
}
