using System.Globalization;
using System.Text;

namespace Palisade.Network.Probing;

/// <summary>
/// A minimal HTTP/1.1 GET over a stream we already hold (plain or TLS): one request, Connection: close, the body read
/// up to a cap and de-chunked. Anything that is not HTTP is an error, never a crash.
/// </summary>
public static class RawHttp
{
    public const int MaxBody = 256 * 1024;

    public static async Task<HttpAnswer> GetAsync(Stream stream, string host, string path, CancellationToken cancellationToken, string method = "GET", string? body = null)
    {
        var payload = body is null ? "" : body;
        var request = $"{method} {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: palisade-network-scan\r\nAccept: application/json, */*\r\nConnection: close\r\n"
            + (body is null ? "" : $"Content-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(payload)}\r\n") + "\r\n" + payload;
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new MemoryStream();
        var chunk = new byte[16384];
        var truncated = false;
        while (true)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBody + 16384)
            {
                truncated = true;
                break;
            }
        }
        return Parse(buffer.ToArray(), truncated);
    }

    public static HttpAnswer Parse(byte[] raw, bool truncated)
    {
        var text = Encoding.UTF8.GetString(raw);
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (!text.StartsWith("HTTP/1.", StringComparison.Ordinal) || headerEnd < 0)
        {
            throw new InvalidDataException(raw.Length == 0 ? "closed the connection without answering" : "answered with something that is not HTTP");
        }
        var lines = text[..headerEnd].Split("\r\n");
        var parts = lines[0].Split(' ', 3);
        if (parts.Length < 2 || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var status))
        {
            throw new InvalidDataException("answered with a malformed HTTP status line");
        }
        var chunked = lines.Skip(1).Any(l => l.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase) && l.Contains("chunked", StringComparison.OrdinalIgnoreCase));
        var body = text[(headerEnd + 4)..];
        if (chunked)
        {
            body = Dechunk(body);
        }
        if (body.Length > MaxBody)
        {
            body = body[..MaxBody];
            truncated = true;
        }
        return new HttpAnswer(status, body, truncated);
    }

    private static string Dechunk(string body)
    {
        var output = new StringBuilder();
        var position = 0;
        while (position < body.Length)
        {
            var lineEnd = body.IndexOf("\r\n", position, StringComparison.Ordinal);
            if (lineEnd < 0 || !int.TryParse(body[position..lineEnd].Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size) || size == 0)
            {
                break;
            }
            var start = lineEnd + 2;
            output.Append(body.AsSpan(start, Math.Min(size, body.Length - start)));
            position = start + size + 2;
        }
        return output.ToString();
    }
}
