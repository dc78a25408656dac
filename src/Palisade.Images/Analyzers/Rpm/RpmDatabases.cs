using System.Buffers.Binary;
using Microsoft.Data.Sqlite;

namespace Palisade.Images.Analyzers.Rpm;

/// <summary>The header blobs of an rpm database, from its SQLite (rpm 4.16+) or NDB (SUSE) backend.</summary>
public static class RpmDatabases
{
    private const uint NdbHeaderMagic = 'R' | ('p' << 8) | ('m' << 16) | ((uint)'P' << 24);
    private const uint NdbSlotMagic = 'S' | ('l' << 8) | ('o' << 16) | ((uint)'t' << 24);
    private const uint NdbBlobMagic = 'B' | ('l' << 8) | ('b' << 16) | ((uint)'S' << 24);
    private const int NdbPageSize = 4096;
    private const int NdbBlockSize = 16;

    /// <summary>Rows of the Packages table; the file is opened read-only and never modified.</summary>
    public static IEnumerable<byte[]> Sqlite(string path)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT blob FROM Packages ORDER BY hnum";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return (byte[])reader.GetValue(0);
        }
    }

    public static bool IsNdb(ReadOnlySpan<byte> file) => file.Length >= 16 && BinaryPrimitives.ReadUInt32LittleEndian(file) == NdbHeaderMagic;

    /// <summary>NDB: a header page of slots (magic, package index, block offset, block count), each naming a blob.</summary>
    public static IEnumerable<byte[]> Ndb(byte[] file)
    {
        var slotPages = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(12));
        if (slotPages == 0 || slotPages > 4096 || (long)slotPages * NdbPageSize > file.Length)
        {
            throw new InvalidDataException("NDB rpm database: impossible slot page count");
        }
        var blobs = new List<byte[]>();
        // The first two 16-byte slots hold the database header.
        for (long slot = 32; slot + 16 <= slotPages * NdbPageSize; slot += 16)
        {
            var entry = file.AsSpan((int)slot, 16);
            if (BinaryPrimitives.ReadUInt32LittleEndian(entry) != NdbSlotMagic)
            {
                continue;
            }
            var packageIndex = BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]);
            var blockOffset = (long)BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]) * NdbBlockSize;
            if (packageIndex == 0 || blockOffset + 16 > file.Length)
            {
                continue;
            }
            var blob = file.AsSpan((int)blockOffset);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(blob[12..]);
            if (BinaryPrimitives.ReadUInt32LittleEndian(blob) != NdbBlobMagic || BinaryPrimitives.ReadUInt32LittleEndian(blob[4..]) != packageIndex
                || 16L + length > blob.Length)
            {
                throw new InvalidDataException($"NDB rpm database: package {packageIndex} points at a damaged blob");
            }
            blobs.Add(blob.Slice(16, (int)length).ToArray());
        }
        return blobs;
    }
}
