using System.Globalization;
using System.Text;

namespace Palisade.Benchmarks;

/// <summary>
/// Writes realistic, varied manifests (about 1.4 KB a document, 5 documents a file), the mix the environment note's
/// floors were measured with: workloads with security contexts, env, probes and volumes, Services, ConfigMaps, RBAC.
/// Templates use «name» placeholders so YAML's own braces stay readable.
/// </summary>
internal static class ManifestCorpus
{
    public static void Generate(int documents, string directory)
    {
        Directory.CreateDirectory(directory);
        var builder = new StringBuilder();
        var file = 0;
        for (var i = 0; i < documents; i++)
        {
            if (i > 0 && i % 5 == 0)
            {
                Flush(directory, ref file, builder);
            }
            builder.Append("---\n").Append(Document(i));
        }
        Flush(directory, ref file, builder);
    }

    private static void Flush(string directory, ref int file, StringBuilder builder)
    {
        var sub = Path.Combine(directory, (file / 500).ToString("D4", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(sub);
        File.WriteAllText(Path.Combine(sub, $"m{file:D6}.yaml"), builder.ToString());
        builder.Clear();
        file++;
    }

    private static string Document(int i)
    {
        var values = new Dictionary<string, string>
        {
            ["i"] = I(i),
            ["prev"] = I(i - 1),
            ["ns"] = "team-" + I(i % 17),
            ["hardened"] = i % 3 == 0 ? "true" : "false",
            ["escalate"] = i % 3 == 0 ? "false" : "true",
            ["podline"] = i % 3 == 0 ? "automountServiceAccountToken: false" : "hostNetwork: " + (i % 7 == 0 ? "true" : "false"),
            ["tag"] = i % 4 == 0 ? "latest" : "1." + I(i % 9),
            ["privileged"] = i % 20 == 5 ? "true" : "false",
            ["svctype"] = i % 3 == 0 ? "NodePort" : "ClusterIP",
            ["verb"] = i % 4 == 0 ? "\"*\"" : "get",
            ["sa"] = i % 5 == 0 ? "default" : "app-" + I(i),
        };
        var template = (i % 10) switch
        {
            0 or 1 or 2 => Workload.Replace("«kind»", "Deployment", StringComparison.Ordinal),
            3 => Workload.Replace("«kind»", "StatefulSet", StringComparison.Ordinal),
            4 => Workload.Replace("«kind»", "DaemonSet", StringComparison.Ordinal),
            5 => CronJob,
            6 => Service,
            7 => ConfigMap,
            8 => Role,
            _ => Binding,
        };
        foreach (var (key, value) in values)
        {
            template = template.Replace($"«{key}»", value, StringComparison.Ordinal);
        }
        return template;
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private const string Workload = """
        apiVersion: apps/v1
        kind: «kind»
        metadata:
          name: app-«i»
          namespace: «ns»
          labels: {app: app-«i», tier: backend}
        spec:
          replicas: 3
          selector:
            matchLabels: {app: app-«i»}
          template:
            metadata:
              labels: {app: app-«i», tier: backend}
            spec:
              «podline»
              securityContext:
                runAsNonRoot: «hardened»
                seccompProfile: {type: RuntimeDefault}
              containers:
                - name: app
                  image: registry.example.com/team/app-«i»:«tag»
                  ports: [{containerPort: 8080, name: http}]
                  env:
                    - {name: LOG_LEVEL, value: info}
                    - {name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db-«i», key: password}}}
                    - {name: FEATURE_FLAGS, value: "a,b,c"}
                  resources:
                    requests: {cpu: 100m, memory: 128Mi}
                    limits: {cpu: 500m, memory: 256Mi}
                  livenessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 10}
                  readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 5}
                  securityContext:
                    allowPrivilegeEscalation: «escalate»
                    readOnlyRootFilesystem: «hardened»
                    capabilities: {drop: [ALL]}
                  volumeMounts:
                    - {name: tmp, mountPath: /tmp}
                    - {name: config, mountPath: /etc/app}
              volumes:
                - {name: tmp, emptyDir: {}}
                - {name: config, configMap: {name: app-«i»}}

        """;

    private const string CronJob = """
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: job-«i», namespace: «ns»}
        spec:
          schedule: "*/5 * * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  containers:
                    - name: job
                      image: registry.example.com/jobs/report:2.«i»
                      args: ["--since", "5m", "--output", "/tmp/out"]
                      securityContext: {privileged: «privileged»}
                  volumes:
                    - {name: logs, hostPath: {path: /var/log}}

        """;

    private const string Service = """
        apiVersion: v1
        kind: Service
        metadata: {name: svc-«i», namespace: «ns», labels: {app: app-«i»}}
        spec:
          type: «svctype»
          selector: {app: app-«i»}
          ports:
            - {name: http, port: 80, targetPort: 8080, protocol: TCP}
            - {name: metrics, port: 9090, targetPort: 9090, protocol: TCP}

        """;

    private const string ConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: app-«i», namespace: «ns»}
        data:
          app.properties: |
            server.port=8080
            feature.a=true
            feature.b=false
            cache.size=512
          log.level: info
          region: eu-west-1

        """;

    private const string Role = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: role-«i», namespace: «ns»}
        rules:
          - apiGroups: [""]
            resources: [configmaps, services]
            verbs: [get, list, watch]
          - apiGroups: [apps]
            resources: [deployments]
            verbs: [«verb»]
          - apiGroups: [""]
            resources: [secrets]
            resourceNames: [app-«i»]
            verbs: [get]

        """;

    private const string Binding = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: binding-«i», namespace: «ns»}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: role-«prev»}
        subjects:
          - {kind: ServiceAccount, name: «sa», namespace: «ns»}
          - {kind: Group, name: «ns»-devs, apiGroup: rbac.authorization.k8s.io}

        """;
}
