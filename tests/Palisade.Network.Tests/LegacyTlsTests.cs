using System.Net;
using Palisade.Network.Checks;
using Palisade.Network.Probing;
using Palisade.Network.Targets;
using Palisade.TestSupport;

namespace Palisade.Network.Tests;

/// <summary>TLS 1.0/1.1 acceptance, probed with a hand-built ClientHello (the platform's TLS refuses to offer them).</summary>
public sealed class LegacyTlsTests
{
    /// <summary>A server that answers a ClientHello the way an old TLS stack does: a ServerHello for the offered version.</summary>
    private static RawTcpServer OldTlsServer() => new(async stream =>
    {
        var header = new byte[5];
        await stream.ReadExactlyAsync(header);
        var body = new byte[(header[3] << 8) | header[4]];
        await stream.ReadExactlyAsync(body);
        var offered = body[5]; // handshake header (4 bytes), then client_version major, minor
        byte[] serverHello = [2, 0, 0, 38, 3, offered, .. new byte[32], 0, 0x00, 0x2F, 0];
        byte[] record = [22, 3, offered, 0, (byte)serverHello.Length, .. serverHello];
        await stream.WriteAsync(record);
        stream.Close();
    });

    [Fact]
    public async Task A_server_that_still_speaks_tls_1_1_is_found()
    {
        using var server = OldTlsServer();
        var accepted = await LegacyTlsProbe.AcceptedAsync(new Endpoint(IPAddress.Loopback, server.Port), TimeSpan.FromSeconds(2), CancellationToken.None);
        Assert.Equal("TLS 1.1", accepted);
    }

    [Fact]
    public async Task A_modern_server_refuses_the_old_hello()
    {
        using var modern = new ReplayApiServer(r => Answers.ApiServer(r, anonymous: false));
        var accepted = await LegacyTlsProbe.AcceptedAsync(new Endpoint(IPAddress.Loopback, new Uri(modern.Url).Port), TimeSpan.FromSeconds(2), CancellationToken.None);
        Assert.Null(accepted);
    }

    [Fact]
    public void Accepting_an_old_protocol_is_a_finding()
    {
        var report = new EndpointReport(new Endpoint(IPAddress.Loopback, 6443), PortState.Open)
        {
            Tls = new TlsInfo("Tls12", "CN=kube-apiserver", "CN=kubernetes", [], DateTimeOffset.UtcNow.AddYears(1), false) { AcceptsLegacy = "TLS 1.1" },
        };
        var finding = Assert.Single(EndpointFindings.For(report, DateTimeOffset.UtcNow));
        Assert.Equal(("hunt.tls.old-protocol", "127.0.0.1:6443: accepts a client that offers only TLS 1.1"), (finding.Check.Id.Value, finding.Message));
    }
}
