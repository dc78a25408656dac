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
                    using var stream = entry.Open();
                    content = ReadCapped(stream, $"{path}!{entry.FullName}");
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
                    content = ReadCapped(data, $"{path}!{entry.Name}");
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

    private static byte[] ReadCapped(Stream stream, string name)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > MaxFileBytes)
            {
                throw new InvalidDataException($"{name} expands beyond {MaxFileBytes} bytes");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
