using System.Buffers.Binary;
using System.Text;

namespace Palisade.Images.Analyzers.Rpm;

/// <summary>The fields of an installed RPM header blob (as rpmdb stores it) that identify the package.</summary>
public sealed record RpmHeader(string Name, string Version, string Release, int? Epoch, string? Arch, string? SourceRpm);

/// <summary>
/// Parses an rpm header blob: a big-endian count of index entries and data length, 16-byte entries (tag, type,
/// offset, count), then the data. Every offset is bounds-checked: a hostile blob is an error, never a crash.
/// </summary>
public static class RpmHeaderParser
{
    private const int TagName = 1000;
    private const int TagVersion = 1001;
    private const int TagRelease = 1002;
    private const int TagEpoch = 1003;
    private const int TagArch = 1022;
    private const int TagSourceRpm = 1044;
    private const int TypeInt32 = 4;
    private const int TypeString = 6;
    private const int TypeI18nString = 9;

    public static RpmHeader Parse(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < 8)
        {
            throw new InvalidDataException("rpm header blob is too short");
        }
        var entries = BinaryPrimitives.ReadInt32BigEndian(blob);
        var dataLength = BinaryPrimitives.ReadInt32BigEndian(blob[4..]);
        var dataStart = 8L + (16L * entries);
        if (entries <= 0 || entries > 100_000 || dataLength < 0 || dataStart + dataLength > blob.Length)
        {
            throw new InvalidDataException($"rpm header blob has an impossible layout ({entries} entries, {dataLength} data bytes, {blob.Length} in all)");
        }
        var data = blob.Slice((int)dataStart, dataLength);
        string? name = null, version = null, release = null, arch = null, source = null;
        int? epoch = null;
        for (var i = 0; i < entries; i++)
        {
            var entry = blob.Slice(8 + (16 * i), 16);
            var tag = BinaryPrimitives.ReadInt32BigEndian(entry);
            var type = BinaryPrimitives.ReadInt32BigEndian(entry[4..]);
            var offset = BinaryPrimitives.ReadInt32BigEndian(entry[8..]);
            if (offset < 0 || offset >= data.Length)
            {
                continue;
            }
            switch (tag)
            {
                case TagName when type is TypeString or TypeI18nString:
                    name = Text(data, offset);
                    break;
                case TagVersion when type == TypeString:
                    version = Text(data, offset);
                    break;
                case TagRelease when type == TypeString:
                    release = Text(data, offset);
                    break;
                case TagArch when type == TypeString:
                    arch = Text(data, offset);
                    break;
                case TagSourceRpm when type == TypeString:
                    source = Text(data, offset);
                    break;
                case TagEpoch when type == TypeInt32 && offset + 4 <= data.Length:
                    epoch = BinaryPrimitives.ReadInt32BigEndian(data[offset..]);
                    break;
            }
        }
        if (name is null || version is null || release is null)
        {
            throw new InvalidDataException("rpm header has no name, version or release");
        }
        return new RpmHeader(name, version, release, epoch, arch, source);
    }

    private static string Text(ReadOnlySpan<byte> data, int offset)
    {
        var end = data[offset..].IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? data[offset..] : data.Slice(offset, end));
    }
}
