using System.Net;
using System.Text;
using Palisade.Network.Probing;
using Palisade.Network.Targets;

namespace Palisade.Network.Tests;

public sealed class TargetAndHttpTests
{
    private static IPAddress[] NoDns(string host) => throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound);

    [Fact]
    public void Cidr_ranges_hosts_and_ports_expand_to_exactly_the_endpoints_named()
    {
        var endpoints = TargetSpec.Expand(["192.168.1.0/30", "10.0.0.5:2379"], [6443, 10250], allowPublic: false, NoDns);
        Assert.Equal(
            ["192.168.1.0:6443", "192.168.1.0:10250", "192.168.1.1:6443", "192.168.1.1:10250", "192.168.1.2:6443", "192.168.1.2:10250", "192.168.1.3:6443", "192.168.1.3:10250", "10.0.0.5:2379"],
            endpoints.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.31.255.1", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.0.1", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("2001:4860:4860::8888", false)]
    public void Private_ranges_are_told_from_public_ones(string address, bool isPrivate) => Assert.Equal(isPrivate, TargetSpec.IsPrivate(IPAddress.Parse(address)));

    [Fact]
    public void An_unresolvable_host_is_a_clear_error()
    {
        var error = Assert.Throws<TargetException>(() => TargetSpec.Expand(["no-such-host.invalid"], [443], false, NoDns));
        Assert.Contains("cannot resolve no-such-host.invalid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Chunked_bodies_are_reassembled_and_non_http_is_refused()
    {
        var chunked = RawHttp.Parse(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n"), false);
        Assert.Equal((200, "{\"a\":1}"), (chunked.Status, chunked.Body));
        Assert.Throws<InvalidDataException>(() => RawHttp.Parse(Encoding.ASCII.GetBytes("SSH-2.0-OpenSSH_9.2\r\n"), false));
        Assert.Throws<InvalidDataException>(() => RawHttp.Parse([], false));
    }
}

public sealed class MetricsExposureTests
{
    private static Palisade.Network.Probing.EndpointReport Report(string address) =>
        new(new Endpoint(System.Net.IPAddress.Parse(address), 10249), PortState.Open)
        {
            Service = "kube-proxy",
            Answers = new Dictionary<string, HttpAnswer> { ["/metrics"] = new(200, "kubeproxy_sync_proxy_rules_duration_seconds_count 12", false) },
        };

    [Fact]
    public void Metrics_on_a_network_address_are_reported_and_on_loopback_they_are_not()
    {
        Assert.Contains(Palisade.Network.Checks.EndpointFindings.For(Report("10.0.0.9"), DateTimeOffset.UtcNow), f => f.Check.Id.Value == "hunt.metrics.exposed");
        Assert.DoesNotContain(Palisade.Network.Checks.EndpointFindings.For(Report("127.0.0.1"), DateTimeOffset.UtcNow), f => f.Check.Id.Value == "hunt.metrics.exposed");
    }
}
