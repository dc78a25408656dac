using System.Net;
using System.Net.Http.Headers;

namespace Palisade.Vulnerabilities.Update;

/// <summary>
/// Downloads feeds into a staging folder: retries with back-off, resumes a partial file with a Range request, and
/// renames a download into place only when it is complete (length as announced), so nothing half-read is imported.
/// </summary>
public sealed class FeedDownloader(HttpClient client, int attempts = 4, TimeSpan? firstDelay = null)
{
    private readonly TimeSpan _firstDelay = firstDelay ?? TimeSpan.FromSeconds(1);

    public sealed record Progress(string Feed, long Received, long? Total);

    public async Task<string> DownloadAsync(FeedLocation feed, string folder, IProgress<Progress>? progress, CancellationToken cancellationToken)
    {
        var destination = Path.Combine(folder, feed.FileName);
        var partial = destination + ".partial";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await TryOnceAsync(feed, partial, progress, cancellationToken).ConfigureAwait(false);
                File.Move(partial, destination, overwrite: true);
                return destination;
            }
            catch (Exception ex) when (Retryable(ex) && !cancellationToken.IsCancellationRequested && attempt < attempts)
            {
                await Task.Delay(_firstDelay * Math.Pow(2, attempt - 1), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidDataException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                File.Delete(partial);
                throw new HttpRequestException($"{feed.Name}: {feed.Url} failed{(attempt > 1 ? $" after {attempt} attempts" : "")}: {ex.Message}", ex);
            }
        }
    }

    /// <summary>
    /// Network faults and server errors are worth another try; "not found", "forbidden" and a name that does not
    /// resolve (no network, no DNS: retrying only makes an offline user wait) are not.
    /// </summary>
    private static bool Retryable(Exception ex) => ex switch
    {
        _ when NameNotResolved(ex) => false,
        HttpRequestException { StatusCode: { } status } => (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
        HttpRequestException or IOException or TaskCanceledException => true,
        _ => false,
    };

    /// <summary>Whether the failure is a host name that could not be resolved.</summary>
    public static bool NameNotResolved(Exception ex)
    {
        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.TryAgain or System.Net.Sockets.SocketError.NoData })
            {
                return true;
            }
        }
        return false;
    }

    private async Task TryOnceAsync(FeedLocation feed, string partial, IProgress<Progress>? progress, CancellationToken cancellationToken)
    {
        var have = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, feed.Url);
        if (have > 0)
        {
            request.Headers.Range = new RangeHeaderValue(have, null);
        }
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            File.Delete(partial);
            throw new IOException("the server refused to resume; starting again");
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }
        var resumed = response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From == have;
        long? total = response.Content.Headers.ContentLength is { } length ? length + (resumed ? have : 0) : null;
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var file = new FileStream(partial, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write);
        var received = resumed ? have : 0;
        var buffer = new byte[1 << 16];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            received += read;
            if (received > FeedCaps.MaxDownloadBytes)
            {
                throw new InvalidDataException($"{feed.Name}: more than {FeedCaps.MaxDownloadBytes} bytes; refused");
            }
            progress?.Report(new Progress(feed.Name, received, total));
        }
        if (total is { } expected && received != expected)
        {
            throw new IOException($"connection closed after {received} of {expected} bytes");
        }
    }
}

internal static class FeedCaps
{
    public const long MaxDownloadBytes = 4L * 1024 * 1024 * 1024;
}
