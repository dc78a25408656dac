namespace Palisade.Images.Analyzers;

/// <summary>
/// Debian control-file syntax (dpkg status): "Field: value" lines, continuation lines starting with a space or tab,
/// stanzas separated by blank lines. A line that fits neither is reported and its stanza dropped.
/// </summary>
internal static class ControlStanzas
{
    public sealed record Stanza(int Line, IReadOnlyDictionary<string, string> Fields);

    public static IEnumerable<(Stanza? Stanza, int Line, string? Problem)> Read(TextReader reader)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var start = 0;
        var corrupt = (string?)null;
        string? last = null;
        var number = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            number++;
            if (line.Trim().Length == 0)
            {
                if (fields.Count > 0 || corrupt is not null)
                {
                    yield return corrupt is null ? (new Stanza(start, fields), start, null) : (null, start, corrupt);
                }
                fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                corrupt = null;
                last = null;
                continue;
            }
            if (fields.Count == 0 && corrupt is null)
            {
                start = number;
            }
            if (line[0] is ' ' or '\t')
            {
                if (last is null)
                {
                    corrupt ??= $"line {number}: a continuation line with no field before it";
                }
                else
                {
                    fields[last] += "\n" + line.Trim();
                }
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                corrupt ??= $"line {number}: not a 'Field: value' line";
                continue;
            }
            last = line[..colon].Trim();
            fields[last] = line[(colon + 1)..].Trim();
        }
        if (fields.Count > 0 || corrupt is not null)
        {
            yield return corrupt is null ? (new Stanza(start, fields), start, null) : (null, start, corrupt);
        }
    }
}
