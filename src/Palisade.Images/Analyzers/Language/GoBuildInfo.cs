using System.Text;
using Palisade.Images.Packages;

namespace Palisade.Images.Analyzers.Language;

/// <summary>
/// The build information Go 1.18+ embeds in every binary (the .go.buildinfo section, or the "\xff Go buildinf:"
/// marker): the toolchain version and every module with its version, after replace directives.
/// </summary>
public static class GoBuildInfo
{
    private static readonly byte[] Magic = [0xFF, .. " Go buildinf:"u8];

    public sealed record Module(string Path, string Version);

    public sealed record Info(string GoVersion, string? MainPath, IReadOnlyList<Module> Modules);

    public static bool HasMarker(ReadOnlySpan<byte> data) => data.IndexOf(Magic) >= 0;

    /// <summary>Null when there is no build info; throws <see cref="InvalidDataException"/> when it is unreadable.</summary>
    public static Info? Read(ReadOnlyMemory<byte> binary)
    {
        // ELF binaries carry it in their own section; only files without a section table are searched whole.
        var region = ElfSections.Find(binary, ".go.buildinfo") ?? (ElfSections.HasSections(binary.Span) ? ReadOnlyMemory<byte>.Empty : binary);
        var span = region.Span;
        var at = span.IndexOf(Magic);
        return at < 0 ? null : ReadAt(span[at..]);
    }

    /// <summary>
    /// Finds the build info in a binary of any size as it streams past (a layer cannot seek): the header is 16-byte
    /// aligned, names a pointer size of 4 or 8 and is followed by its strings, which tells it from a copy of the
    /// magic among other constants. Memory stays at a few MiB whatever the file's size.
    /// </summary>
    public static Info? Read(Stream binary, CancellationToken cancellationToken = default)
    {
        const int Tail = 1 << 20;
        var buffer = new byte[4 * Tail];
        var length = 0;
        long offset = 0;
        var scan = 0;
        var end = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            while (!end && length < buffer.Length)
            {
                var read = binary.Read(buffer, length, buffer.Length - length);
                end = read == 0;
                length += read;
            }
            var keepFrom = Math.Max(scan, length - Magic.Length + 1);
            while (true)
            {
                var found = buffer.AsSpan(scan, length - scan).IndexOf(Magic);
                if (found < 0)
                {
                    break;
                }
                var at = scan + found;
                if (!end && length - at < Tail)
                {
                    keepFrom = at;
                    break;
                }
                var header = buffer.AsSpan(at, length - at);
                if ((offset + at) % 16 == 0 && header.Length >= 32 && header[14] is 4 or 8)
                {
                    return ReadAt(header);
                }
                scan = at + 1;
                keepFrom = Math.Max(scan, length - Magic.Length + 1);
            }
            if (end)
            {
                return null;
            }
            keepFrom = Math.Clamp(keepFrom, 0, length);
            buffer.AsSpan(keepFrom, length - keepFrom).CopyTo(buffer);
            offset += keepFrom;
            length -= keepFrom;
            scan = 0;
        }
    }

    private static Info ReadAt(ReadOnlySpan<byte> span)
    {
        const int at = 0;
        if (at + 32 > span.Length)
        {
            throw new InvalidDataException("Go build info is truncated");
        }
        var flags = span[at + 15];
        if ((flags & 0x2) == 0)
        {
            throw new InvalidDataException("Go build info from before Go 1.18 (pointer format) is not read");
        }
        var position = at + 32;
        var version = ReadString(span, ref position);
        var modinfo = ReadString(span, ref position);
        return Parse(version, modinfo);
    }

    private static string ReadString(ReadOnlySpan<byte> data, ref int position)
    {
        ulong length = 0;
        var shift = 0;
        while (true)
        {
            if (position >= data.Length || shift > 63)
            {
                throw new InvalidDataException("Go build info has a bad length");
            }
            var b = data[position++];
            length |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                break;
            }
            shift += 7;
        }
        if (length > (ulong)(data.Length - position))
        {
            throw new InvalidDataException("Go build info string runs past the end");
        }
        var text = Encoding.UTF8.GetString(data.Slice(position, (int)length));
        position += (int)length;
        return text;
    }

    private static Info Parse(string goVersion, string modinfo)
    {
        // modinfo is framed by 16-byte sentinels; the lines between are tab-separated.
        var body = modinfo.Length >= 33 ? modinfo[16..^16] : modinfo;
        string? main = null;
        var modules = new List<Module>();
        foreach (var line in body.Split('\n'))
        {
            var fields = line.Split('\t');
            switch (fields[0])
            {
                case "path" when fields.Length >= 2:
                    main = fields[1];
                    break;
                case "mod" or "dep" when fields.Length >= 3:
                    modules.Add(new Module(fields[1], fields[2]));
                    break;
                case "=>" when fields.Length >= 3 && modules.Count > 0:
                    modules[^1] = new Module(fields[1], fields[2]);
                    break;
                default:
                    break;
            }
        }
        return new Info(goVersion, main, modules);
    }

    public static IEnumerable<Package> Packages(Info info, string path) =>
        info.Modules.Where(m => m.Version is not ("(devel)" or ""))
            .Select(m => new Package("Go", m.Path, m.Version, path))
            .Prepend(new Package("Go", "stdlib", info.GoVersion.StartsWith("go", StringComparison.Ordinal) ? info.GoVersion[2..].Split(' ')[0] : info.GoVersion, path));
}
