using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Manifests.Kustomize;
using Palisade.Kubernetes.PodSecurity;

namespace Palisade.Kubernetes.Tests.Checks;

/// <summary>Legacy seccomp and AppArmor annotations judged for the Kubernetes version scanned for.</summary>
public sealed class VersionedAnnotationTests
{
    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: legacy
          annotations:
            seccomp.security.alpha.kubernetes.io/pod: runtime/default
            container.apparmor.security.beta.kubernetes.io/app: runtime/default
        spec:
          containers: [{name: app, image: app:1}]
        """;

    private static async Task<List<string>> MessagesAsync(int minor)
    {
        var path = Path.Combine(Path.GetTempPath(), $"palisade-legacy-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, Pod);
        var options = new ManifestScanOptions { Context = new ManifestContext(PssLevel.Restricted, new PssVersion(minor)) };
        var output = await ScanHelper.ScanAsync(options, new KustomizeRenderer(), path);
        return [.. output.Findings.Where(f => f.Check.Id.Value == "pod.deprecated-security-annotation").Select(f => f.Message)];
    }

    [Fact]
    public async Task Before_the_fields_existed_the_annotations_are_the_only_way_and_not_reported() =>
        Assert.Empty(await MessagesAsync(18));

    [Fact]
    public async Task Between_v1_19_and_v1_26_seccomp_annotations_are_deprecated_and_apparmor_ones_are_current()
    {
        var messages = await MessagesAsync(22);
        Assert.Contains("deprecated since v1.19", Assert.Single(messages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_v1_27_the_seccomp_annotation_is_ignored_and_from_v1_30_apparmor_is_deprecated()
    {
        var at28 = await MessagesAsync(28);
        Assert.Contains("ignores it since v1.27", Assert.Single(at28), StringComparison.Ordinal);
        var at31 = await MessagesAsync(31);
        Assert.Equal(2, at31.Count);
        Assert.Contains(at31, m => m.Contains("deprecated since v1.30", StringComparison.Ordinal));
    }
}
