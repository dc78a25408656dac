using System.Buffers.Binary;
using System.Text;

namespace Palisade.Images.Analyzers.Language;

/// <summary>
/// Reads section contents out of an ELF file by name (32/64-bit, either byte order) without executing or mapping
/// anything: bounds are checked against the buffer at every step.
/// </summary>
public static class ElfSections
{
    public static bool IsElf(ReadOnlySpan<byte> data) => data.Length >= 64 && data[0] == 0x7F && data[1] == (byte)'E' && data[2] == (byte)'L' && data[3] == (byte)'F';

    /// <summary>Whether the file has a section header table to look names up in.</summary>
    public static bool HasSections(ReadOnlySpan<byte> data)
    {
        if (!IsElf(data))
        {
            return false;
        }
        var is64 = data[4] == 2;
        var little = data[5] == 1;
        var table = U(data, little, is64 ? 0x28 : 0x20, is64 ? 8 : 4);
        var count = U(data, little, is64 ? 0x3C : 0x30, 2);
        return table > 0 && table < (ulong)data.Length && count > 0;
    }

    public static ReadOnlyMemory<byte>? Find(ReadOnlyMemory<byte> file, string name)
    {
        var data = file.Span;
        if (!IsElf(data))
        {
            return null;
        }
        var is64 = data[4] == 2;
        var little = data[5] == 1;
        var word = is64 ? 8 : 4;
        var sectionTable = U(data, little, is64 ? 0x28 : 0x20, word);
        var entrySize = (int)U(data, little, is64 ? 0x3A : 0x2E, 2);
        var count = (int)U(data, little, is64 ? 0x3C : 0x30, 2);
        var namesIndex = (int)U(data, little, is64 ? 0x3E : 0x32, 2);
        if (sectionTable == 0 || sectionTable >= (ulong)data.Length || entrySize < (is64 ? 64 : 40) || count is 0 or > 4096 || namesIndex >= count)
        {
            return null;
        }
        var names = Section(data, little, is64, (int)sectionTable + (namesIndex * entrySize));
        if (names.Offset + names.Size > (ulong)data.Length)
        {
            return null;
        }
        for (var i = 0; i < count; i++)
        {
            var section = Section(data, little, is64, (int)sectionTable + (i * entrySize));
            var nameStart = names.Offset + section.Name;
            if (nameStart >= names.Offset + names.Size)
            {
                continue;
            }
            var nameBytes = data[(int)nameStart..(int)(names.Offset + names.Size)];
            var end = nameBytes.IndexOf((byte)0);
            if (end >= 0 && Encoding.ASCII.GetString(nameBytes[..end]) == name)
            {
                return section.Offset + section.Size <= (ulong)data.Length ? file.Slice((int)section.Offset, (int)section.Size) : null;
            }
        }
        return null;
    }

    private static (ulong Offset, ulong Size, uint Name) Section(ReadOnlySpan<byte> data, bool little, bool is64, int at) =>
        is64 ? (U(data, little, at + 0x18, 8), U(data, little, at + 0x20, 8), (uint)U(data, little, at, 4))
             : (U(data, little, at + 0x10, 4), U(data, little, at + 0x14, 4), (uint)U(data, little, at, 4));

    private static ulong U(ReadOnlySpan<byte> data, bool little, int offset, int size) => offset < 0 || offset + size > data.Length ? 0 : size switch
    {
        2 => little ? BinaryPrimitives.ReadUInt16LittleEndian(data[offset..]) : BinaryPrimitives.ReadUInt16BigEndian(data[offset..]),
        4 => little ? BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]) : BinaryPrimitives.ReadUInt32BigEndian(data[offset..]),
        _ => little ? BinaryPrimitives.ReadUInt64LittleEndian(data[offset..]) : BinaryPrimitives.ReadUInt64BigEndian(data[offset..]),
    };
}
