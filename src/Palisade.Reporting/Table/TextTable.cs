using System.Text;

namespace Palisade.Reporting.Table;

/// <summary>A cell: its text (may hold line breaks) and an optional ANSI style used only when colour is on.</summary>
internal readonly record struct Cell(string Text, string? Style = null)
{
    public static implicit operator Cell(string text) => new(text);
}

/// <summary>
/// A plain table laid out in one pass over its own rows: columns as wide as their content, the last one (or, when
/// the width runs out, every column over its share) wrapped at word boundaries. Linear in the cells it holds, so a
/// report of 100,000 findings written one group at a time costs what the text costs; lines carry no trailing spaces.
/// </summary>
internal sealed class TextTable(params string[] headers)
{
    private const string Indent = "  ";
    private const string Gap = "   ";
    private const int MinimumLast = 24;
    private readonly List<Cell[]> _rows = [];

    public string? Caption { get; set; }

    public void AddRow(params Cell[] cells) => _rows.Add(cells);

    public void Write(TextWriter output, int width, bool color)
    {
        var widths = Layout(width);
        var line = new StringBuilder();
        WriteRow(output, line, [.. headers.Select(h => new Cell(h, Ansi.Bold))], widths, color);
        output.Write(Indent);
        output.Write(new string('─', widths.Sum() + (Gap.Length * (widths.Length - 1))));
        output.Write('\n');
        foreach (var row in _rows)
        {
            WriteRow(output, line, row, widths, color);
        }
        if (Caption is not null)
        {
            output.Write(Indent);
            output.Write(color ? Ansi.Wrap(Caption, Ansi.Grey) : Caption);
            output.Write('\n');
        }
        output.Write('\n');
    }

    private int[] Layout(int width)
    {
        var natural = new int[headers.Length];
        for (var c = 0; c < headers.Length; c++)
        {
            natural[c] = headers[c].Length;
        }
        foreach (var row in _rows)
        {
            for (var c = 0; c < Math.Min(row.Length, natural.Length); c++)
            {
                natural[c] = Math.Max(natural[c], LongestLine(row[c].Text));
            }
        }
        var available = Math.Max(width - Indent.Length - (Gap.Length * (headers.Length - 1)), headers.Length * 4);
        if (natural.Sum() <= available)
        {
            return natural;
        }
        // Narrow columns keep their natural width; the space left is shared among the wider ones (narrowest first,
        // each up to an even share of what remains), and the last column takes the rest.
        var widths = (int[])natural.Clone();
        var remaining = available - MinimumLast;
        var order = Enumerable.Range(0, widths.Length - 1).OrderBy(c => natural[c]).ToList();
        for (var i = 0; i < order.Count; i++)
        {
            var share = Math.Max(8, remaining / (order.Count - i));
            widths[order[i]] = Math.Min(natural[order[i]], share);
            remaining -= widths[order[i]];
        }
        widths[^1] = Math.Max(MinimumLast, available - widths[..^1].Sum());
        return widths;
    }

    private static void WriteRow(TextWriter output, StringBuilder line, Cell[] cells, int[] widths, bool color)
    {
        var wrapped = new List<string>[widths.Length];
        var height = 1;
        for (var c = 0; c < widths.Length; c++)
        {
            wrapped[c] = Wrap(c < cells.Length ? cells[c].Text : "", widths[c]);
            height = Math.Max(height, wrapped[c].Count);
        }
        for (var i = 0; i < height; i++)
        {
            line.Clear().Append(Indent);
            var last = widths.Length - 1;
            while (last > 0 && i >= wrapped[last].Count)
            {
                last--;
            }
            for (var c = 0; c <= last; c++)
            {
                var text = i < wrapped[c].Count ? wrapped[c][i] : "";
                var style = c < cells.Length ? cells[c].Style : null;
                line.Append(color && style is not null && text.Length > 0 ? Ansi.Wrap(text, style) : text);
                if (c < last)
                {
                    line.Append(' ', widths[c] - text.Length).Append(Gap);
                }
            }
            var end = line.Length;
            while (end > 0 && line[end - 1] == ' ')
            {
                end--;
            }
            output.Write(line.ToString(0, end));
            output.Write('\n');
        }
    }

    private static int LongestLine(string text)
    {
        var longest = 0;
        foreach (var part in text.AsSpan().EnumerateLines())
        {
            longest = Math.Max(longest, part.Length);
        }
        return longest;
    }

    /// <summary>Lines of at most <paramref name="width"/> characters, broken at spaces, words longer than a line cut.</summary>
    internal static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var rest = paragraph.AsSpan().TrimEnd();
            if (rest.Length == 0)
            {
                lines.Add("");
                continue;
            }
            while (rest.Length > width)
            {
                var cut = rest[..(width + 1)].LastIndexOf(' ');
                if (cut <= 0)
                {
                    lines.Add(rest[..width].ToString());
                    rest = rest[width..];
                }
                else
                {
                    lines.Add(rest[..cut].TrimEnd().ToString());
                    rest = rest[(cut + 1)..].TrimStart();
                }
            }
            lines.Add(rest.ToString());
        }
        return lines;
    }
}

/// <summary>The few ANSI styles the table uses.</summary>
internal static class Ansi
{
    public const string Bold = "1";
    public const string Red = "31";
    public const string BoldRed = "1;31";
    public const string Yellow = "33";
    public const string Green = "32";
    public const string Blue = "34";
    public const string Grey = "90";

    public static string Wrap(string text, string style) => $"\u001b[{style}m{text}\u001b[0m";
}
