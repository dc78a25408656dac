using System.Formats.Tar;
using System.IO.Compression;

namespace Palisade.Vulnerabilities.Importers;

/// <summary>
/// Walks what `palisade db import` is given: files, directories (recursively), zip archives (OSV's all.zip), tar and
/// gzip files (alone or together), yielding each member with its content. Sizes and counts are capped.
/// </summary>
public static class FeedReader
{
    public const long MaxFileBytes = 1024L * 1024 * 1024;
    private const int MaxMembers = 2_000_000;

    /// <summary>The cap for input whose size is only known once read (plain or gzipped files).</summary>
    public const long MaxStreamedBytes = 512L * 1024 * 1024;

    public static IEnumerable<FeedFile> Read(string path, Action<string, string> problem)
    {
        if (Directory.Exists(path))
        {
            foreach (var file in Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }).Order(StringComparer.Ordinal))
            {
                foreach (var member in ReadFile(file, problem))
                {
                    yield return member;
                }
            }
            yield break;
        }
        if (!File.Exists(path))
        {
            problem(path, "no such file or directory");
            yield break;
        }
        foreach (var member in ReadFile(path, problem))
        {
            yield return member;
        }
    }

    private static IEnumerable<FeedFile> ReadFile(string path, Action<string, string> problem)
    {
        var length = new FileInfo(path).Length;
        if (length > MaxFileBytes)
        {
            problem(path, $"{length} bytes is over the {MaxFileBytes}-byte limit");
            return [];
        }
        var lower = path.ToLowerInvariant();
        if (lower.EndsWith(".zip", StringComparison.Ordinal))
        {
            return Zip(path, problem);
        }
        if (lower.EndsWith(".tar", StringComparison.Ordinal) || lower.EndsWith(".tar.gz", StringComparison.Ordinal) || lower.EndsWith(".tgz", StringComparison.Ordinal))
        {
            return Tar(path, lower.EndsWith(".tar", StringComparison.Ordinal) ? File.OpenRead(path) : new GZipStream(File.OpenRead(path), CompressionMode.Decompress), problem);
        }
        if (lower.EndsWith(".tar.zst", StringComparison.Ordinal))
        {
            // Red Hat publishes its CSAF VEX files as one .tar.zst archive.
            return Tar(path, new ZstdSharp.DecompressionStream(File.OpenRead(path)), problem);
        }
        if (lower.EndsWith(".gz", StringComparison.Ordinal))
        {
            return Single(path, path[..^3], () => new GZipStream(File.OpenRead(path), CompressionMode.Decompress), problem);
        }
        return Single(path, path, () => File.OpenRead(path), problem);
    }

    private static IEnumerable<FeedFile> Single(string path, string name, Func<Stream> open, Action<string, string> problem)
    {
        byte[]? content = null;
        try
        {
            using var stream = open();
            content = ReadCapped(stream, path);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            problem(path, ex.Message);
        }
        return content is null ? [] : [new FeedFile(name, content)];
    }

    private static IEnumerable<FeedFile> Zip(string path, Action<string, string> problem)
    {
        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException ex)
        {
            problem(path, $"not a readable zip: {ex.Message}");
            yield break;
        }
        using (archive)
        {
            var count = 0;
            foreach (var entry in archive.Entries.Where(e => !e.FullName.EndsWith('/')))
            {
                if (++count > MaxMembers)
                {
                    problem(path, $"more than {MaxMembers} members; the rest is not read");
                    yield break;
                }
                byte[]? content = null;
                try
                {
                    if (entry.Length > MaxFileBytes)
                    {
                        throw new InvalidDataException($"{path}!{entry.FullName} expands to {entry.Length:N0} bytes, over the {MaxFileBytes:N0}-byte limit");
                    }
                    using var stream = entry.Open();
                    content = ReadCapped(stream, $"{path}!{entry.FullName}", entry.Length);
                }
                catch (InvalidDataException ex)
                {
                    problem($"{path}!{entry.FullName}", ex.Message);
                }
                if (content is not null)
                {
                    yield return new FeedFile($"{path}!{entry.FullName}", content);
                }
            }
        }
    }

    private static IEnumerable<FeedFile> Tar(string path, Stream stream, Action<string, string> problem)
    {
        using var owned = stream;
        using var reader = new TarReader(owned);
        var count = 0;
        while (true)
        {
            TarEntry? entry;
            byte[]? content = null;
            try
            {
                entry = reader.GetNextEntry();
                if (entry is null)
                {
                    yield break;
                }
                if (++count > MaxMembers)
                {
                    problem(path, $"more than {MaxMembers} members; the rest is not read");
                    yield break;
                }
                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is { } data)
                {
                    content = entry.Length > MaxFileBytes
                        ? throw new InvalidDataException($"{path}!{entry.Name} is {entry.Length:N0} bytes, over the {MaxFileBytes:N0}-byte limit")
                        : ReadCapped(data, $"{path}!{entry.Name}", entry.Length);
                }
            }
            catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IOException or FormatException)
            {
                problem(path, $"unreadable archive: {ex.Message}");
                yield break;
            }
            if (content is not null)
            {
                yield return new FeedFile($"{path}!{entry.Name}", content);
            }
        }
    }

    /// <summary>
    /// Reads a stream whose size nothing states (a plain file, a .gz), in chunks counted as they arrive, so a
    /// decompression bomb stops at the cap with at most the cap (plus one copy) in memory.
    /// </summary>
    private static byte[] ReadCapped(Stream stream, string name)
    {
        var chunks = new List<byte[]>();
        long total = 0;
        while (true)
        {
            var chunk = new byte[1 << 20];
            var filled = 0;
            while (filled < chunk.Length && stream.Read(chunk, filled, chunk.Length - filled) is var read and > 0)
            {
                filled += read;
            }
            total += filled;
            if (total > MaxStreamedBytes)
            {
                throw new InvalidDataException($"{name} expands beyond {MaxStreamedBytes:N0} bytes");
            }
            chunks.Add(filled == chunk.Length ? chunk : chunk[..filled]);
            if (filled < chunk.Length)
            {
                break;
            }
        }
        var content = new byte[total];
        var at = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(content, at);
            at += chunk.Length;
        }
        return content;
    }

    /// <summary>
    /// Reads a member whose size its archive states, checking what is actually read against both that size and the
    /// cap: memory is the stated size (one allocation), never a growing copy of whatever the stream yields.
    /// </summary>
    private static byte[] ReadCapped(Stream stream, string name, long stated)
    {
        var content = new byte[stated];
        var filled = 0;
        while (filled < content.Length && stream.Read(content, filled, content.Length - filled) is var read and > 0)
        {
            filled += read;
        }
        Span<byte> probe = stackalloc byte[1];
        if (filled < content.Length || stream.Read(probe) > 0)
        {
            throw new InvalidDataException($"{name} does not hold the {stated:N0} bytes its archive states");
        }
        return content;
    }
}
