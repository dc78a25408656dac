using System.Diagnostics;
using System.Globalization;

namespace Palisade.Benchmarks;

/// <summary>
/// 20 policies over the generated manifests, through the release binary: the same scan with and without --policy,
/// in the same run. The policies are what users bring: 16 of Palisade's own checks exported as admission policies
/// (heavy CEL over every container), two hand-written policies with params and a namespace selector (the path that
/// keeps objects until the end), and two custom checks.
/// </summary>
internal static class PolicyBench
{
    public static int Run(int documents, int rounds)
    {
        var cli = EndToEndBench.FindCli();
        if (cli is null)
        {
            Console.Error.WriteLine("no built CLI: run `dotnet build -c Release` (or ./build) first");
            return 2;
        }
        var dir = Path.Combine(Path.GetTempPath(), $"palisade-e2e-{documents}");
        if (!Directory.Exists(dir))
        {
            ManifestCorpus.Generate(documents, dir);
        }
        var policies = Directory.CreateTempSubdirectory("palisade-bench-policies").FullName;
        string[] exported =
        [
            "pod.privileged", "pod.host-namespaces", "pod.host-path", "pod.host-ports", "pod.capabilities-added", "pod.capabilities-drop-all",
            "pod.privilege-escalation", "pod.run-as-non-root", "pod.seccomp-profile", "pod.sysctls-unsafe", "pod.volume-types",
            "container.image-latest", "container.memory-limit", "container.read-only-root-filesystem", "pod.host-path-sensitive", "service.exposed",
        ];
        if (!RunCli(cli, ["policy", "export-vap", "--check", string.Join(',', exported), "--output", Path.Combine(policies, "exported.yaml")]))
        {
            return 1;
        }
        File.WriteAllText(Path.Combine(policies, "own.yaml"), OwnPolicies);
        Console.WriteLine($"{documents:N0} documents; 20 policies ({exported.Length} exported checks, 2 admission policies with params and a namespace selector, 2 custom checks); CLI {cli}; best of {rounds}");
        foreach (var format in new[] { "table", "json" })
        {
            var without = Best(rounds, () => Measure(cli, ["scan", "manifests", dir, "--format", format, "--output", "/dev/null", "--quiet"]));
            var with = Best(rounds, () => Measure(cli, ["scan", "manifests", dir, "--policy", policies, "--format", format, "--output", "/dev/null", "--quiet"]));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"--format " + format + " without policies",-40} {without.Seconds,7:F2} s {without.PeakMiB,7:F0} MiB"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"--format " + format + " with 20 policies",-40} {with.Seconds,7:F2} s {with.PeakMiB,7:F0} MiB   {with.Seconds / without.Seconds,5:F2}x without (target 2x)"));
        }
        return 0;
    }

    private const string OwnPolicies = """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: replica-limit}
        spec:
          paramKind: {apiVersion: v1, kind: ConfigMap}
          matchConstraints:
            resourceRules:
              - {apiGroups: ["apps"], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["deployments", "statefulsets"]}
          validations:
            - expression: "object.spec.?replicas.orValue(1) <= int(params.data.maxReplicas)"
              messageExpression: "'at most ' + params.data.maxReplicas + ' replicas'"
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: replica-limit}
        spec:
          policyName: replica-limit
          validationActions: [Deny]
          paramRef: {name: limits, namespace: policy, parameterNotFoundAction: Deny}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: limits, namespace: policy}
        data: {maxReplicas: "3"}
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: team-owner}
        spec:
          matchConstraints:
            namespaceSelector:
              matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system]}]
            resourceRules:
              - {apiGroups: ["", "apps", "batch"], apiVersions: ["v1"], operations: ["CREATE"], resources: ["pods", "deployments", "statefulsets", "daemonsets", "cronjobs", "services", "configmaps"]}
          variables:
            - name: labels
              expression: "object.metadata.?labels.orValue({})"
          validations:
            - expression: "'app' in variables.labels && variables.labels.app.matches('^[a-z0-9-]+$')"
              message: every object needs an app label
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: team-owner}
        spec: {policyName: team-owner, validationActions: [Warn]}
        ---
        apiVersion: palisade.dev/v1
        kind: Check
        id: custom.registry
        title: Image from outside the company registry
        severity: high
        attack: [T1525]
        match: {kinds: [workloads]}
        expression: allContainers.all(c, c.image.startsWith('registry.example.com/') || c.image.startsWith('ghcr.io/'))
        ---
        apiVersion: palisade.dev/v1
        kind: Check
        id: custom.env-from-secret
        title: Secret values copied into environment variables
        severity: medium
        match: {kinds: [workloads]}
        expression: allContainers.all(c, c.?env.orValue([]).all(e, !has(e.valueFrom) || !has(e.valueFrom.secretKeyRef)))
        """;

    private static bool RunCli(string cli, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(cli) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"{cli} {string.Join(' ', args)} failed: {error}");
        }
        return process.ExitCode == 0;
    }

    private static (double Seconds, double PeakMiB) Best(int rounds, Func<(double, double)> measure) =>
        Enumerable.Range(0, rounds).Select(_ => measure()).MinBy(r => r.Item1);

    private static (double Seconds, double PeakMiB) Measure(string program, IReadOnlyList<string> args) => EndToEndBench.Measure(program, args);
}
