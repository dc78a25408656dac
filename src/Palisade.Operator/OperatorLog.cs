using System.Text.Json;

namespace Palisade.Operator;

/// <summary>Structured logs: one JSON object per line (time, level, message, fields), what log collectors read without parsing rules.</summary>
public sealed class OperatorLog(TextWriter output, TimeProvider clock)
{
    private readonly object _gate = new();

    public void Info(string message, params (string Key, string Value)[] fields) => Write("info", message, fields);

    public void Warn(string message, params (string Key, string Value)[] fields) => Write("warn", message, fields);

    private void Write(string level, string message, (string Key, string Value)[] fields)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", clock.GetUtcNow());
            json.WriteString("level", level);
            json.WriteString("msg", message);
            foreach (var (key, value) in fields)
            {
                json.WriteString(key, value);
            }
            json.WriteEndObject();
        }
        lock (_gate)
        {
            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            output.Flush();
        }
    }
}
