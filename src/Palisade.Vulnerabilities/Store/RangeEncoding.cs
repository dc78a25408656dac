using System.Text;
using Palisade.Vulnerabilities.Advisories;

namespace Palisade.Vulnerabilities.Store;

/// <summary>
/// Ranges and version lists in compact text columns, decoded only for the rows a package lookup returns. Fields are
/// separated by ASCII control characters (group, record and unit separators), which no version can contain: the
/// importers reject such versions, so decoding never needs escapes and costs one split per row.
/// </summary>
internal static class RangeEncoding
{
    private const char RangeSeparator = '\u001D';
    private const char EventSeparator = '\u001E';
    private const char VersionSeparator = '\u001F';

    public static bool IsStorable(string version) => !version.Any(char.IsControl);

    public static string? Encode(IReadOnlyList<VersionRange> ranges)
    {
        if (ranges.Count == 0)
        {
            return null;
        }
        var text = new StringBuilder();
        foreach (var range in ranges)
        {
            if (text.Length > 0)
            {
                text.Append(RangeSeparator);
            }
            text.Append(range.Type switch { RangeType.Ecosystem => 'E', RangeType.Semver => 'S', _ => 'G' });
            foreach (var e in range.Events)
            {
                text.Append(EventSeparator).Append(e.Kind switch { RangeEventKind.Introduced => 'i', RangeEventKind.Fixed => 'f', RangeEventKind.LastAffected => 'l', _ => 'm' }).Append(e.Version);
            }
        }
        return text.ToString();
    }

    public static string? Encode(IReadOnlyList<string> versions) => versions.Count == 0 ? null : string.Join(VersionSeparator, versions);

    public static IReadOnlyList<VersionRange> DecodeRanges(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }
        var ranges = new List<VersionRange>();
        foreach (var range in text.Split(RangeSeparator))
        {
            var fields = range.Split(EventSeparator);
            var type = fields[0] switch { "E" => RangeType.Ecosystem, "S" => RangeType.Semver, "G" => RangeType.Git, _ => throw new FormatException($"stored range type '{fields[0]}'") };
            var events = new RangeEvent[fields.Length - 1];
            for (var i = 1; i < fields.Length; i++)
            {
                var kind = fields[i][0] switch
                {
                    'i' => RangeEventKind.Introduced,
                    'f' => RangeEventKind.Fixed,
                    'l' => RangeEventKind.LastAffected,
                    'm' => RangeEventKind.Limit,
                    var other => throw new FormatException($"stored event kind '{other}'"),
                };
                events[i - 1] = new RangeEvent(kind, fields[i][1..]);
            }
            ranges.Add(new VersionRange(type, events));
        }
        return ranges;
    }

    public static IReadOnlyList<string> DecodeVersions(string? text) => string.IsNullOrEmpty(text) ? [] : text.Split(VersionSeparator);
}
