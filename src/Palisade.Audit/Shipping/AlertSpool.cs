using System.Globalization;
using System.Text;

namespace Palisade.Audit.Shipping;

/// <summary>
/// Alerts waiting to be shipped, on disk, in order: each batch is one file written to a temporary name and renamed
/// into place, so a killed process leaves either a whole batch or none. A batch is deleted only after the receiver
/// has stored every alert in it; alert ids make a re-sent batch harmless.
/// </summary>
public sealed class AlertSpool
{
    private readonly string _directory;
    private long _next;

    public AlertSpool(string directory)
    {
        _directory = Directory.CreateDirectory(directory).FullName;
        foreach (var stale in Directory.GetFiles(_directory, "*.tmp"))
        {
            File.Delete(stale); // a batch the process died while writing was never acknowledged to anyone
        }
        _next = Pending().Select(Number).DefaultIfEmpty(0).Max() + 1;
    }

    public void Append(IReadOnlyList<AlertDocument> alerts)
    {
        if (alerts.Count == 0)
        {
            return;
        }
        var name = Path.Combine(_directory, _next.ToString("D12", CultureInfo.InvariantCulture) + ".ndjson");
        _next++;
        var temporary = name + ".tmp";
        using (var writer = new StreamWriter(temporary, false, new UTF8Encoding(false)))
        {
            foreach (var alert in alerts)
            {
                writer.Write(alert.Id);
                writer.Write('\t');
                writer.Write(alert.Json);
                writer.Write('\n');
            }
            writer.Flush();
            ((FileStream)writer.BaseStream).Flush(flushToDisk: true);
        }
        File.Move(temporary, name);
    }

    /// <summary>Spooled batches, oldest first.</summary>
    public IReadOnlyList<string> Pending() => [.. Directory.GetFiles(_directory, "*.ndjson").Order(StringComparer.Ordinal)];

    public static IReadOnlyList<AlertDocument> Read(string batch) =>
        [.. File.ReadAllLines(batch).Where(l => l.Length > 0).Select(l => l.Split('\t', 2)).Where(p => p.Length == 2).Select(p => new AlertDocument(p[0], p[1]))];

    public static void Done(string batch) => File.Delete(batch);

    private static long Number(string file) => long.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
