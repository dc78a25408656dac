using System.Buffers.Binary;

namespace Palisade.Images.Analyzers.Rpm;

/// <summary>
/// The classic rpm database (RHEL 8 and older, Amazon Linux 2, CentOS): a Berkeley DB hash file whose values are
/// rpm headers stored on chains of overflow pages. Only the page layout is read; Berkeley DB itself is not needed.
/// </summary>
public static class BerkeleyHash
{
    private const uint HashMagic = 0x061561;
    private const int PageHeaderSize = 26;
    private const byte MetadataPage = 8;
    private const byte HashPage = 13;
    private const byte HashUnsortedPage = 2;
    private const byte OverflowPage = 7;
    private const byte OffPageItem = 3;

    public static bool IsBerkeleyHash(ReadOnlySpan<byte> file) =>
        file.Length >= 512 && (BinaryPrimitives.ReadUInt32LittleEndian(file[12..]) == HashMagic || BinaryPrimitives.ReadUInt32BigEndian(file[12..]) == HashMagic);

    public static IReadOnlyList<byte[]> Values(byte[] file)
    {
        if (!IsBerkeleyHash(file))
        {
            throw new InvalidDataException("not a Berkeley DB hash database");
        }
        var little = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(12)) == HashMagic;
        uint U32(int offset) => little ? BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset)) : BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(offset));
        ushort U16(int offset) => little ? BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(offset)) : BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(offset));
        var pageSize = (int)U32(20);
        if (file[25] != MetadataPage || pageSize is < 512 or > 65536 || (pageSize & (pageSize - 1)) != 0)
        {
            throw new InvalidDataException($"Berkeley DB: unexpected metadata (page type {file[25]}, page size {pageSize})");
        }
        if (file[24] != 0)
        {
            throw new InvalidDataException("Berkeley DB: encrypted databases are not read");
        }
        var pages = file.Length / pageSize;
        var lastPage = Math.Min((long)U32(32), pages - 1);
        var values = new List<byte[]>();
        for (var page = 1; page <= lastPage; page++)
        {
            var start = page * pageSize;
            var type = file[start + 25];
            if (type is not (HashPage or HashUnsortedPage))
            {
                continue;
            }
            var entries = U16(start + 20);
            if (PageHeaderSize + (entries * 2) > pageSize)
            {
                throw new InvalidDataException($"Berkeley DB: page {page} claims {entries} entries");
            }
            // Entries alternate key, value; the values that matter point at overflow chains holding rpm headers.
            for (var index = 1; index < entries; index += 2)
            {
                var itemOffset = U16(start + PageHeaderSize + (index * 2));
                if (itemOffset + 12 > pageSize || file[start + itemOffset] != OffPageItem)
                {
                    continue;
                }
                var firstPage = U32(start + itemOffset + 4);
                var length = U32(start + itemOffset + 8);
                values.Add(ReadChain(file, pageSize, pages, firstPage, length, U32, U16));
            }
        }
        return values;
    }

    private static byte[] ReadChain(byte[] file, int pageSize, int pages, uint firstPage, uint length, Func<int, uint> u32, Func<int, ushort> u16)
    {
        if (length > 64 * 1024 * 1024)
        {
            throw new InvalidDataException($"Berkeley DB: a {length}-byte value is over the cap");
        }
        var value = new byte[length];
        var written = 0;
        var current = firstPage;
        var visited = new HashSet<uint>();
        while (current != 0 && written < length)
        {
            if (current >= pages || !visited.Add(current))
            {
                throw new InvalidDataException($"Berkeley DB: overflow chain reaches page {current} (outside the file or a loop)");
            }
            var start = (int)current * pageSize;
            if (file[start + 25] != OverflowPage)
            {
                throw new InvalidDataException($"Berkeley DB: page {current} is not an overflow page");
            }
            var next = u32(start + 16);
            // On overflow pages the "free area offset" field holds how many bytes of the page are used.
            var used = next == 0 ? u16(start + 22) : pageSize - PageHeaderSize;
            var take = Math.Min(Math.Min(used, pageSize - PageHeaderSize), (int)length - written);
            file.AsSpan(start + PageHeaderSize, take).CopyTo(value.AsSpan(written));
            written += take;
            current = next;
        }
        if (written != length)
        {
            throw new InvalidDataException($"Berkeley DB: value ends after {written} of {length} bytes");
        }
        return value;
    }
}
