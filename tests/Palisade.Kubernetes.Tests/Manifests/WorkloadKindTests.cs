using static Palisade.Kubernetes.Tests.ScanHelper;

namespace Palisade.Kubernetes.Tests.Manifests;

/// <summary>Every kind with a pod template is checked through its template, init and ephemeral containers included.</summary>
public sealed class WorkloadKindTests
{
    private const string Container = "{name: app, image: app:1, securityContext: {privileged: true}}";

    [Theory]
    [InlineData("v1", "Pod", "spec: {containers: [CONTAINER]}")]
    [InlineData("apps/v1", "Deployment", "spec: {template: {spec: {containers: [CONTAINER]}}}")]
    [InlineData("apps/v1", "ReplicaSet", "spec: {template: {spec: {containers: [CONTAINER]}}}")]
    [InlineData("apps/v1", "StatefulSet", "spec: {template: {spec: {initContainers: [CONTAINER], containers: [{name: main, image: app:1}]}}}")]
    [InlineData("apps/v1", "DaemonSet", "spec: {template: {spec: {containers: [CONTAINER]}}}")]
    [InlineData("batch/v1", "Job", "spec: {template: {spec: {containers: [CONTAINER]}}}")]
    [InlineData("batch/v1", "CronJob", "spec: {jobTemplate: {spec: {template: {spec: {containers: [CONTAINER]}}}}}")]
    [InlineData("v1", "ReplicationController", "spec: {template: {spec: {containers: [CONTAINER]}}}")]
    [InlineData("v1", "PodTemplate", "template: {spec: {containers: [{name: main, image: app:1}], ephemeralContainers: [CONTAINER]}}")]
    public async Task Every_pod_template_kind_is_checked(string apiVersion, string kind, string body)
    {
        var file = Path.Combine(Path.GetTempPath(), $"palisade-kind-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, $"apiVersion: {apiVersion}\nkind: {kind}\nmetadata: {{name: w, namespace: ns}}\n{body.Replace("CONTAINER", Container, StringComparison.Ordinal)}\n");
        var output = await ScanAsync(file);
        var finding = Single(output, "pod.privileged");
        Assert.Equal((kind, "app", 4), (finding.Target.Resource!.Kind, finding.Target.Container, finding.Target.Location!.Line));
    }
}
