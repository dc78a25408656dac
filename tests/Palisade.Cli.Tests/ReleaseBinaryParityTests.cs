using System.Text.RegularExpressions;
using Palisade.TestSupport;
using static Palisade.Cli.Tests.CliRunner;

namespace Palisade.Cli.Tests;

/// <summary>
/// The Native AOT release binary (dist/palisade, made by ./build) gives the same JSON as the JIT build on the
/// examples and fixtures: trimming or AOT compilation must never change a result. test.sh passes the binary when it
/// is current; CI builds it first and requires it.
/// </summary>
public sealed partial class ReleaseBinaryParityTests
{
    public static TheoryData<string> Cases() =>
    [
        "scan manifests examples/insecure",
        "scan manifests examples/hardened",
        "scan manifests tests/Palisade.Cli.Tests/Fixtures/scan",
        "scan manifests tests/Palisade.Kubernetes.Tests/Fixtures/Helm/rendered.yaml",
        "scan manifests examples/policy-demo examples/insecure --policy examples/policies tests/Palisade.Policy.Tests/Fixtures/admission/params/policy.yaml",
        "scan node --root examples/node",
        "scan audit-policy tests/Palisade.Audit.Tests/Fixtures/policies/permissive.yaml",
        "audit analyze tests/Palisade.Audit.Tests/Fixtures/rules",
        "checks list --format json",
        "scan image corpus:images/trivy/docker-archive/alpine-311.tar.gz --offline --scanners config,secret",
        "scan image examples/node --scanners config,secret",
        "scan cluster --snapshot corpus:hostile-inputs/cluster-03-deep-kube-system-pod-item.zst",
        "audit analyze corpus:kubernetes-audit-events",
    ];

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public async Task The_release_binary_reports_what_the_jit_build_reports(string line)
    {
        var binary = ReleaseBinary;
        if (binary is null)
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "CI must run the tests with the release binary: ./build, then ./test.sh");
            Skip.If(true, "no current release binary (run ./build): the parity with the JIT build is not checked");
        }
        var args = line.Split(' ').Select(a => a.StartsWith("corpus:", StringComparison.Ordinal) ? Corpus.Require(a["corpus:".Length..])
            : a.Contains('/') && !a.StartsWith('-') ? Repo(a.Split('/')) : a).ToList();
        if (args[0] != "checks")
        {
            args.AddRange(["--format", "json", "--quiet"]);
        }
        var dir = TempDirectory();
        var jit = await InProcessAsync(dir, [.. args]);
        var aot = await ProcessAsync(dir, null, [.. args]);
        Assert.Equal(jit.ExitCode, aot.ExitCode);
        Assert.Equal(Stable(jit.Out), Stable(aot.Out));
    }

    /// <summary>The report without what differs from run to run (start time, duration, tool version).</summary>
    private static string Stable(string json) => Volatile().Replace(json.ReplaceLineEndings("\n"), "");

    [GeneratedRegex(@"^\s*""(startedAt|durationMs|version)"": .*$", RegexOptions.Multiline)]
    private static partial Regex Volatile();
}
