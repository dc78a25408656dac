using Microsoft.Data.Sqlite;
using ZstdSharp;

namespace Palisade.Vulnerabilities.Store;

/// <summary>
/// Moves the whole database as one zstd-compressed file, for air-gapped networks: export on a connected machine,
/// carry the file, import it on the other side where it is checked before it replaces anything.
/// </summary>
public static class DatabaseTransfer
{
    private static readonly byte[] ZstdMagic = [0x28, 0xB5, 0x2F, 0xFD];
    private static readonly byte[] SqliteMagic = "SQLite format 3\0"u8.ToArray();
    private const long MaxDatabaseBytes = 16L * 1024 * 1024 * 1024;

    /// <summary>True when the file is a database export (compressed) or a bare database file.</summary>
    public static bool IsDatabaseFile(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }
        Span<byte> head = stackalloc byte[16];
        using var stream = File.OpenRead(path);
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return head[..read].StartsWith(ZstdMagic) || head[..read].StartsWith(SqliteMagic);
    }

    public static async Task ExportAsync(VulnerabilityStore store, string destination, CancellationToken cancellationToken)
    {
        using var source = store.OpenRead() ?? throw new FileNotFoundException($"no vulnerability database at {store.Path} to export");
        var snapshot = Path.Combine(Path.GetTempPath(), $"palisade-export-{Guid.NewGuid():N}.db");
        var partial = destination + ".partial";
        try
        {
            using (var command = source.CreateCommand())
            {
                // VACUUM INTO writes a consistent, compacted copy even while others read the database.
                command.CommandText = "PRAGMA query_only = 0; VACUUM INTO $file";
                command.Parameters.AddWithValue("$file", snapshot);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await using (var input = File.OpenRead(snapshot))
            await using (var output = File.Create(partial))
            await using (var compressor = new CompressionStream(output, level: 9))
            {
                await input.CopyToAsync(compressor, cancellationToken).ConfigureAwait(false);
            }
            File.Move(partial, destination, overwrite: true);
        }
        finally
        {
            File.Delete(snapshot);
            File.Delete(partial);
        }
    }

    /// <summary>Replaces the store's database with the one in <paramref name="file"/> once it has been checked.</summary>
    public static async Task ImportAsync(VulnerabilityStore store, string file, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(store.Path))!;
        Directory.CreateDirectory(directory);
        var candidate = Path.Combine(directory, $".{Path.GetFileName(store.Path)}.{Guid.NewGuid():N}.receiving");
        try
        {
            await using (var input = File.OpenRead(file))
            await using (var output = File.Create(candidate))
            {
                var head = new byte[4];
                var read = await input.ReadAtLeastAsync(head, 4, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                input.Position = 0;
                Stream source = read == 4 && head.AsSpan().SequenceEqual(ZstdMagic) ? new DecompressionStream(input) : input;
                await using (source.ConfigureAwait(false))
                {
                    await CopyCappedAsync(source, output, file, cancellationToken).ConfigureAwait(false);
                }
            }
            try
            {
                store.Replace(candidate);
            }
            catch (SqliteException ex)
            {
                throw new InvalidDataException($"{file}: not a usable vulnerability database ({ex.Message})", ex);
            }
        }
        finally
        {
            File.Delete(candidate);
        }
    }

    private static async Task CopyCappedAsync(Stream source, Stream destination, string name, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > MaxDatabaseBytes)
            {
                throw new InvalidDataException($"{name} expands beyond {MaxDatabaseBytes} bytes; refused");
            }
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }
    }
}
