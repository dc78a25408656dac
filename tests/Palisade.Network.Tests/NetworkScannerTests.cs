using System.Net;
using Palisade.Core.Findings;
using Palisade.Core.Scanning;
using Palisade.TestSupport;

namespace Palisade.Network.Tests;

/// <summary>The network scanner through the contract: a disclosed Kubernetes version goes to the version advisor it is given.</summary>
public sealed class NetworkScannerTests
{
    private sealed class RecordingAdvisor : IKubernetesVersionAdvisor
    {
        public List<(string Version, string Who, string Target, KubernetesComponent Component)> Asked { get; } = [];

        public Task<IReadOnlyList<Finding>> AdviseAsync(string gitVersion, string who, Target target, KubernetesComponent component, CancellationToken cancellationToken)
        {
            Asked.Add((gitVersion, who, target.Resource!.Name, component));
            var check = CheckInfo.Define("test.version", "Old version", Severity.High, "d", "r", ["T1190"]);
            return Task.FromResult<IReadOnlyList<Finding>>([new Finding(check, target, $"{who}: {gitVersion} is old")]);
        }
    }

    private sealed class Lines : IScanProgress
    {
        public List<string> Seen { get; } = [];

        public void Report(ScanProgressUpdate update) => Seen.Add(update.Message);
    }

    [Fact]
    public async Task A_disclosed_api_server_version_is_judged_by_the_advisor_and_reported_on_the_endpoint()
    {
        using var api = new ReplayApiServer(r => Answers.ApiServer(r, anonymous: false));
        var port = new Uri(api.Url).Port;
        var advisor = new RecordingAdvisor();
        var progress = new Lines();
        var scanner = new NetworkScanner(advisor, TimeProvider.System, host => Dns.GetHostAddresses(host));

        var output = await scanner.ScanAsync(new NetworkScanRequest([$"127.0.0.1:{port}"], [port]), progress, CancellationToken.None);

        var asked = Assert.Single(advisor.Asked);
        Assert.Equal(("v1.29.4", "the API server", $"https://127.0.0.1:{port}", KubernetesComponent.ApiServer), asked);
        Assert.Contains(output.Findings, f => f.Check.Id.Value == "test.version" && f.Target.Resource!.Name == $"https://127.0.0.1:{port}");
        Assert.Contains(output.Findings, f => f.Check.Id.Value == "hunt.version-disclosure");
        Assert.Equal([$"127.0.0.1:{port}"], output.Targets);
        Assert.Contains(progress.Seen, line => line.Contains("1 open", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Public_targets_are_refused_without_permission()
    {
        var scanner = new NetworkScanner(new RecordingAdvisor(), TimeProvider.System, host => Dns.GetHostAddresses(host));
        await Assert.ThrowsAsync<Targets.TargetException>(() => scanner.ScanAsync(new NetworkScanRequest(["8.8.8.0/24"], [443]), NoProgress.Instance, CancellationToken.None));
    }
}
