using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Palisade.Core.Yaml;

/// <summary>Turns untrusted bytes into text, refusing binary content and invalid UTF-8 with a located message.</summary>
public static class TextInput
{
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out string text, out ParseError? error)
    {
        text = "";
        error = null;
        var nul = bytes[..Math.Min(bytes.Length, 8192)].IndexOf((byte)0);
        if (nul >= 0)
        {
            error = new ParseError(LineAt(bytes, nul), "binary content (NUL byte), not a text manifest");
            return false;
        }
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }
        if (!Utf8.IsValid(bytes))
        {
            error = new ParseError(LineAt(bytes, FirstInvalidUtf8(bytes)), "invalid UTF-8");
            return false;
        }
        text = Encoding.UTF8.GetString(bytes);
        return true;
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var buffer = ArrayPool<char>.Shared.Rent(bytes.Length);
        try
        {
            var status = Utf8.ToUtf16(bytes, buffer, out var read, out _, replaceInvalidSequences: false);
            return status == OperationStatus.Done ? 0 : read;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static int LineAt(ReadOnlySpan<byte> bytes, int offset) =>
        bytes[..Math.Clamp(offset, 0, bytes.Length)].Count((byte)'\n') + 1;
}
