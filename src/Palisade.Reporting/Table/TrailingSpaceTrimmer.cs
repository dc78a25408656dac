using System.Text;

namespace Palisade.Reporting.Table;

/// <summary>
/// Passes text through with the spaces at the end of each line removed, so a table piped to a file or another
/// program is as wide as its content, not padded to the layout width.
/// </summary>
internal sealed class TrailingSpaceTrimmer(TextWriter inner) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        if (value == '\n')
        {
            FlushLine();
            inner.Write('\n');
        }
        else
        {
            _line.Append(value);
        }
    }

    public override void Write(string? value)
    {
        foreach (var c in value ?? "")
        {
            Write(c);
        }
    }

    public override void Flush()
    {
        FlushLine();
        inner.Flush();
    }

    private void FlushLine()
    {
        var end = _line.Length;
        while (end > 0 && _line[end - 1] == ' ')
        {
            end--;
        }
        inner.Write(_line.ToString(0, end));
        _line.Clear();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            FlushLine();
        }
        base.Dispose(disposing);
    }
}
