using System.Net.Sockets;
using Palisade.Network.Targets;

namespace Palisade.Network.Probing;

/// <summary>
/// Asks whether a server still accepts TLS 1.0 or 1.1: sends a ClientHello that offers only that version (built by
/// hand, because the platform's TLS library refuses to offer it) and reads the ServerHello's version. Nothing
/// after the ServerHello is done; the connection is dropped.
/// </summary>
public static class LegacyTlsProbe
{
    /// <summary>"TLS 1.1", "TLS 1.0", or null when the server refuses both (or does not answer in time).</summary>
    public static async Task<string?> AcceptedAsync(Endpoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        foreach (var (minor, name) in new[] { ((byte)2, "TLS 1.1"), ((byte)1, "TLS 1.0") })
        {
            if (await AcceptsAsync(endpoint, minor, timeout, cancellationToken).ConfigureAwait(false))
            {
                return name;
            }
        }
        return null;
    }

    private static async Task<bool> AcceptsAsync(Endpoint endpoint, byte minor, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new TcpClient(endpoint.Address.AddressFamily);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await client.ConnectAsync(endpoint.Address, endpoint.Port, deadline.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync(ClientHello(minor), deadline.Token).ConfigureAwait(false);
            var header = new byte[11];
            await stream.ReadExactlyAsync(header, deadline.Token).ConfigureAwait(false);
            // Record: handshake (22); handshake: ServerHello (2); then the server's chosen version.
            return header[0] == 22 && header[5] == 2 && header[9] == 3 && header[10] == minor;
        }
        catch (Exception ex) when (ex is IOException or SocketException or EndOfStreamException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>A ClientHello for TLS 1.{minor - 1}: CBC suites TLS 1.0/1.1 servers have, null compression, EC extensions.</summary>
    internal static byte[] ClientHello(byte minor)
    {
        byte[] suites = [0xC0, 0x13, 0xC0, 0x14, 0xC0, 0x09, 0xC0, 0x0A, 0x00, 0x2F, 0x00, 0x35, 0x00, 0x0A];
        byte[] extensions =
        [
            0x00, 0x0A, 0x00, 0x08, 0x00, 0x06, 0x00, 0x17, 0x00, 0x18, 0x00, 0x19, // supported groups: P-256, P-384, P-521
            0x00, 0x0B, 0x00, 0x02, 0x01, 0x00, // EC point formats: uncompressed
            0xFF, 0x01, 0x00, 0x01, 0x00, // renegotiation info
        ];
        var random = new byte[32];
        System.Security.Cryptography.RandomNumberGenerator.Fill(random);
        var body = new List<byte> { 3, minor };
        body.AddRange(random);
        body.Add(0); // no session id
        body.AddRange([(byte)(suites.Length >> 8), (byte)suites.Length]);
        body.AddRange(suites);
        body.AddRange([1, 0]); // compression: null
        body.AddRange([(byte)(extensions.Length >> 8), (byte)extensions.Length]);
        body.AddRange(extensions);
        var handshake = new List<byte> { 1, (byte)(body.Count >> 16), (byte)(body.Count >> 8), (byte)body.Count };
        handshake.AddRange(body);
        var record = new List<byte> { 22, 3, 1, (byte)(handshake.Count >> 8), (byte)handshake.Count };
        record.AddRange(handshake);
        return [.. record];
    }
}
