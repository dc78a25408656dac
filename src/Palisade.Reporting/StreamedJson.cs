using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Palisade.Reporting;

/// <summary>
/// A JSON document written part by part (its large arrays element by element) and handed to a text output in
/// blocks, so a report of any size holds one block in memory rather than a model and a string of the whole.
/// </summary>
internal sealed class StreamedJson : IAsyncDisposable
{
    private const int BlockBytes = 64 * 1024;
    private readonly ArrayBufferWriter<byte> _buffer = new(BlockBytes * 2);
    private readonly TextWriter _output;

    public StreamedJson(TextWriter output, JavaScriptEncoder? encoder)
    {
        _output = output;
        Writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Indented = true, Encoder = encoder });
    }

    public Utf8JsonWriter Writer { get; }

    /// <summary>Hands the text written so far to the output once a block has gathered.</summary>
    public Task DrainAsync(CancellationToken cancellationToken) =>
        Writer.BytesPending + _buffer.WrittenCount < BlockBytes ? Task.CompletedTask : FlushAsync(cancellationToken);

    /// <summary>Hands everything written so far to the output.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        Writer.Flush();
        await _output.WriteAsync(Encoding.UTF8.GetString(_buffer.WrittenSpan).AsMemory(), cancellationToken).ConfigureAwait(false);
        _buffer.ResetWrittenCount();
    }

    public ValueTask DisposeAsync() => Writer.DisposeAsync();
}
