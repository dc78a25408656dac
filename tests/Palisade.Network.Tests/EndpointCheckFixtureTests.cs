using System.Net;
using System.Text.Json;
using Palisade.Network.Checks;
using Palisade.Network.Probing;
using Palisade.Network.Targets;

namespace Palisade.Network.Tests;

/// <summary>
/// Every endpoint check has a fixture, Fixtures/checks/&lt;id&gt;.json: endpoint reports it must report, and
/// reports it must stay silent on (the near misses: the right service on TLS, the wrong status, loopback).
/// </summary>
public sealed class EndpointCheckFixtureTests
{
    public static TheoryData<string> Ids() => [.. NetworkChecks.Endpoint.Select(c => c.Info.Id.Value)];

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_check_reports_its_fixture_and_stays_silent_on_the_near_misses(string id)
    {
        var check = NetworkChecks.Endpoint.Single(c => c.Info.Id.Value == id);
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "checks", id + ".json");
        Assert.True(File.Exists(path), $"{id} has no fixture at Fixtures/checks/{id}.json");
        using var fixture = JsonDocument.Parse(File.ReadAllText(path));
        var now = fixture.RootElement.GetProperty("now").GetDateTimeOffset();
        var reported = fixture.RootElement.GetProperty("reported").EnumerateArray().Select(Report).ToList();
        var silent = fixture.RootElement.GetProperty("silent").EnumerateArray().Select(Report).ToList();
        Assert.NotEmpty(reported);
        Assert.NotEmpty(silent);
        Assert.All(reported, report => Assert.Single(check.Evaluate(report, now)));
        Assert.All(silent, report => Assert.Empty(check.Evaluate(report, now)));
        // Through the whole set of checks too: the finding carries this check's id and the endpoint.
        Assert.All(reported, report => Assert.Contains(EndpointFindings.For(report, now), f => f.Check.Id.Value == id && f.Target.Resource!.Name == $"{report.Scheme}://{report.Endpoint}"));
    }

    [Fact]
    public void An_expiring_certificate_is_its_own_check_with_its_own_severity()
    {
        Assert.Equal(Core.Findings.Severity.High, CertificateExpiredCheck.Info.Severity);
        Assert.Equal(Core.Findings.Severity.Medium, CertificateExpiresSoonCheck.Info.Severity);
        Assert.Equal(NetworkChecks.All.Count, NetworkChecks.All.Select(c => c.Id).Distinct().Count());
    }

    [Fact]
    public void Paths_a_check_needs_are_asked_of_every_endpoint()
    {
        IEndpointCheck logs = new KubeletSystemLogsCheck();
        Assert.Equal(["/logs/"], logs.Paths);
        Assert.Contains("/logs/", NetworkChecks.Endpoint.SelectMany(c => c.Paths));
    }

    private static EndpointReport Report(JsonElement json)
    {
        var answers = json.TryGetProperty("answers", out var a)
            ? a.EnumerateObject().ToDictionary(p => p.Name, p => new HttpAnswer(p.Value.GetInt32(), """{"items":[{},{}]}""", false))
            : [];
        TlsInfo? tls = null;
        if (json.TryGetProperty("tls", out var t))
        {
            tls = new TlsInfo("TLS 1.3", t.GetProperty("subject").GetString()!, t.GetProperty("issuer").GetString()!, [], t.GetProperty("notAfter").GetDateTimeOffset(), false)
            {
                RefusedWithoutClientCertificate = t.TryGetProperty("refusedWithoutClientCertificate", out var refused) && refused.GetBoolean(),
                AcceptsLegacy = t.TryGetProperty("acceptsLegacy", out var legacy) ? legacy.GetString() : null,
            };
        }
        return new EndpointReport(new Endpoint(IPAddress.Parse(json.GetProperty("address").GetString()!), json.GetProperty("port").GetInt32()), PortState.Open)
        {
            Service = json.GetProperty("service").GetString(),
            Version = json.TryGetProperty("version", out var v) ? v.GetString() : null,
            Tls = tls,
            SpeaksHttp = true,
            Answers = answers,
        };
    }
}
