using System.Text;

namespace Palisade.Images.Layers;

/// <summary>
/// Where each member of an uncompressed tar sits in a seekable stream, read from the 512-byte headers (ustar, GNU
/// long names, pax paths), so members can be opened directly. A missing end-of-archive footer is not an error.
/// </summary>
public static class TarIndex
{
    public sealed record Member(string Name, long Offset, long Size);

    public static Dictionary<string, Member> Read(Stream tar, int maxMembers = 100_000)
    {
        var members = new Dictionary<string, Member>(StringComparer.Ordinal);
        var header = new byte[512];
        string? longName = null;
        long position = 0;
        while (members.Count < maxMembers)
        {
            tar.Position = position;
            if (tar.ReadAtLeast(header, 512, throwOnEndOfStream: false) < 512 || header.All(b => b == 0))
            {
                break;
            }
            var size = Octal(header.AsSpan(124, 12));
            if (size < 0 || position + 512 + size > tar.Length)
            {
                throw new InvalidDataException($"truncated tar member at offset {position}");
            }
            var type = (char)header[156];
            var dataStart = position + 512;
            var prefix = Text(header.AsSpan(345, 155));
            var name = longName ?? (prefix.Length > 0 ? $"{prefix}/{Text(header.AsSpan(0, 100))}" : Text(header.AsSpan(0, 100)));
            longName = null;
            switch (type)
            {
                case 'L':
                    longName = ReadText(tar, dataStart, size);
                    break;
                case 'x':
                    var pax = ReadText(tar, dataStart, size);
                    foreach (var record in pax.Split('\n'))
                    {
                        var eq = record.IndexOf(" path=", StringComparison.Ordinal);
                        if (eq >= 0)
                        {
                            longName = record[(eq + 6)..];
                        }
                    }
                    break;
                case '0' or '\0' or '7':
                    members[Normalize(name)] = new Member(Normalize(name), dataStart, size);
                    break;
            }
            position = dataStart + ((size + 511) / 512 * 512);
        }
        return members;
    }

    public static string Normalize(string name) => name.TrimStart('.', '/').Replace("//", "/", StringComparison.Ordinal);

    private static string ReadText(Stream tar, long offset, long size)
    {
        if (size > 1024 * 1024)
        {
            throw new InvalidDataException("tar extended header too large");
        }
        var buffer = new byte[size];
        tar.Position = offset;
        tar.ReadExactly(buffer);
        return Encoding.UTF8.GetString(buffer).TrimEnd('\0', '\n');
    }

    private static string Text(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }

    private static long Octal(ReadOnlySpan<byte> field)
    {
        long value = 0;
        foreach (var b in field)
        {
            if (b is (byte)' ' or 0)
            {
                if (value > 0)
                {
                    break;
                }
                continue;
            }
            if (b is < (byte)'0' or > (byte)'7')
            {
                return -1;
            }
            value = (value * 8) + (b - '0');
        }
        return value;
    }
}
