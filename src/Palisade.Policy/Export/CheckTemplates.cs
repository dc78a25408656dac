using Palisade.Kubernetes.Checks.Network;
using Palisade.Kubernetes.Checks.Workloads;
using static Palisade.Policy.Export.CelText;

namespace Palisade.Policy.Export;

/// <summary>The manifest checks other than Pod Security controls that CEL can express, and why the others cannot be.</summary>
internal static class CheckTemplates
{
    /// <summary>Checks exported over the workload variables (every kind with a pod template).</summary>
    public static string? Workload(string checkId, int versionMinor) => checkId switch
    {
        "container.image-latest" =>
            "variables.containers.all(c, !has(c.image) || c.image.trim() == '' || c.image.contains('@')"
            + " || (c.image.trim().lastIndexOf(':') > c.image.trim().lastIndexOf('/') && !c.image.trim().endsWith(':latest')))",
        "container.image-digest" => "variables.containers.all(c, !has(c.image) || c.image.trim() == '' || c.image.contains('@'))",
        "container.cpu-limit" => Resource("limits", "cpu"),
        "container.memory-limit" => Resource("limits", "memory"),
        "container.cpu-request" => Resource("requests", "cpu"),
        "container.memory-request" => Resource("requests", "memory"),
        "container.read-only-root-filesystem" => "variables.containers.all(c, c.?securityContext.?readOnlyRootFilesystem.orValue(false) == true)",
        "container.net-raw" =>
            "variables.containers.all(c, c.?securityContext.?capabilities.?drop.orValue([]).exists(x, x in ['ALL', 'NET_RAW', 'CAP_NET_RAW'])"
            + " && !c.?securityContext.?capabilities.?add.orValue([]).exists(x, x in ['ALL', 'NET_RAW', 'CAP_NET_RAW']))",
        "pod.share-process-namespace" => "variables.podSpec.?shareProcessNamespace.orValue(false) != true",
        "workload.default-namespace" => "object.metadata.?namespace.orValue('') != 'default'",
        // The check normalises '..' away; CEL cannot, so a path with a '..' segment is refused outright (stricter).
        "pod.host-path-sensitive" =>
            "variables.podSpec.?volumes.orValue([]).all(v, !has(v.hostPath) || !has(v.hostPath.path) || ("
            + "!v.hostPath.path.split('/').exists(s, s == '..')"
            + $" && !(('/' + v.hostPath.path.split('/').filter(s, s != '' && s != '.').join('/')) in {List(SensitiveHostPathCheck.ExactPaths)})"
            + $" && !{List(SensitiveHostPathCheck.SensitiveTrees)}.exists(t, ('/' + v.hostPath.path.split('/').filter(s, s != '' && s != '.').join('/')) == t"
            + " || ('/' + v.hostPath.path.split('/').filter(s, s != '' && s != '.').join('/')).startsWith(t + '/'))))",
        "pod.deprecated-security-annotation" => DeprecatedAnnotations(versionMinor),
        _ => null,
    };

    /// <summary>Checks on one kind of object: the resource they match, variables, and the expression.</summary>
    public static (string Group, string Resource, IReadOnlyList<(string Name, string Expression)> Variables, string Expression)? Other(string checkId) => checkId switch
    {
        "service.external-ips" => ("", "services", [], "object.?spec.?externalIPs.orValue([]).size() == 0"),
        "service.exposed" => ("", "services",
            [("sourceRanges", "object.?spec.?loadBalancerSourceRanges.orValue([]).size() > 0 ? object.spec.loadBalancerSourceRanges"
                + " : object.metadata.?annotations[?'service.beta.kubernetes.io/load-balancer-source-ranges'].orValue('').split(',').map(r, r.trim()).filter(r, r != '')")],
            "object.?spec.?type.orValue('') != 'NodePort' && (object.?spec.?type.orValue('') != 'LoadBalancer'"
            + $" || {string.Join(" || ", ExposedServiceCheck.InternalLoadBalancerAnnotations.Select(a => $"object.metadata.?annotations[?{Quote(a.Key)}].orValue('').lowerAscii() == {Quote(a.Value.ToLowerInvariant())}"))}"
            + " || (variables.sourceRanges.size() > 0 && !variables.sourceRanges.exists(r, r in ['0.0.0.0/0', '::/0'])))"),
        "ingress.no-tls" => ("networking.k8s.io", "ingresses", [],
            "!has(object.spec) || (object.spec.?tls.orValue([]).size() > 0 && (object.spec.tls.exists(e, !has(e.hosts))"
            + " || object.spec.?rules.orValue([]).all(r, r.?host.orValue('') == '' || object.spec.tls.exists(e, e.hosts.exists(p,"
            + " p.lowerAscii() == r.host.lowerAscii() || (p.startsWith('*.') && r.host.indexOf('.') > 0"
            + " && r.host.substring(r.host.indexOf('.') + 1).lowerAscii() == p.substring(2).lowerAscii()))))))"),
        _ => null,
    };

    /// <summary>Why a manifest check has no admission policy form.</summary>
    public static string? NotExpressible(string checkId) => checkId switch
    {
        "workload.no-network-policy" => "it needs every NetworkPolicy of the namespace, and an admission policy sees one object",
        "pod.service-account-token-mounted" => "it needs the ServiceAccount's automountServiceAccountToken, and an admission policy sees one object",
        "container.secret-in-env" => "its secret detection (key names, value patterns and entropy) has no CEL equivalent",
        _ when checkId.StartsWith("rbac.", StringComparison.Ordinal) =>
            "RBAC is judged as a whole (roles with their bindings and aggregated rules) by scan cluster and rbac can; no per-role admission policy is generated",
        _ => null,
    };

    private static string Resource(string section, string resource) =>
        $"variables.resourceContainers.all(c, c.?resources.?{section}.?{resource}.hasValue())";

    private static string DeprecatedAnnotations(int versionMinor)
    {
        var parts = new List<string>();
        if (versionMinor >= 19)
        {
            parts.Add("k != 'seccomp.security.alpha.kubernetes.io/pod' && !k.startsWith('container.seccomp.security.alpha.kubernetes.io/')");
        }
        if (versionMinor >= 30)
        {
            parts.Add("!k.startsWith('container.apparmor.security.beta.kubernetes.io/')");
        }
        return parts.Count == 0 ? "true" : $"variables.podMeta.?annotations.orValue({{}}).all(k, {string.Join(" && ", parts)})";
    }
}
