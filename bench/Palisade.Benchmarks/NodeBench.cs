using System.Diagnostics;
using System.Text;
using Palisade.Nodes.Inspection;
using Palisade.Nodes.Components;

namespace Palisade.Benchmarks;

/// <summary>
/// Time to audit one node: a generated kubeadm control plane (static pods, PKI, kubelet config, 300 processes in
/// /proc), against the floor of merely reading every file the audit touches once.
/// </summary>
internal static class NodeBench
{
    public static void Run(int rounds)
    {
        var root = Path.Combine(Path.GetTempPath(), $"palisade-node-bench-{Environment.ProcessId}");
        Generate(root);
        try
        {
            var auditor = new NodeAuditor(ComponentCatalog.Load());
            var options = new NodeAuditOptions { Root = root, Benchmark = "cis-1.12" };
            auditor.Audit(options);
            ReadAll(root);
            var audits = new List<double>();
            var reads = new List<double>();
            var findings = 0;
            for (var i = 0; i < rounds; i++)
            {
                var watch = Stopwatch.StartNew();
                findings = auditor.Audit(options).Findings.Count;
                audits.Add(watch.Elapsed.TotalMilliseconds);
                watch.Restart();
                ReadAll(root);
                reads.Add(watch.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine();
            Console.WriteLine($"== node audit (CIS 1.12, generated kubeadm control plane, {findings} controls), best of {rounds}");
            Console.WriteLine($"  read every file once (floor)  : {reads.Min(),7:0.0} ms");
            Console.WriteLine($"  palisade scan node            : {audits.Min(),7:0.0} ms per node ({1000 / audits.Min():0} nodes/s)   ratio {audits.Min() / reads.Min():0.0}x");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void ReadAll(string root)
    {
        foreach (var file in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            File.ReadAllBytes(file);
        }
    }

    private static void Generate(string root)
    {
        void Write(string path, string text)
        {
            var full = Path.Join(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
            File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.WriteAllText(Path.Join(Directory.CreateDirectory(Path.Join(root, "etc")).FullName, "passwd"), "root:x:0:0::/root:/bin/sh\netcd:x:998:998::/var/lib/etcd:/bin/false\n");
        File.WriteAllText(Path.Join(root, "etc", "group"), "root:x:0:\netcd:x:998:\n");
        var apiserver = "kube-apiserver --authorization-mode=Node,RBAC --client-ca-file=/etc/kubernetes/pki/ca.crt --enable-admission-plugins=NodeRestriction --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key --service-account-key-file=/etc/kubernetes/pki/sa.pub --tls-cert-file=/etc/kubernetes/pki/apiserver.crt --tls-private-key-file=/etc/kubernetes/pki/apiserver.key";
        var processes = new List<string>
        {
            apiserver,
            "kube-controller-manager --bind-address=127.0.0.1 --kubeconfig=/etc/kubernetes/controller-manager.conf --use-service-account-credentials=true",
            "kube-scheduler --bind-address=127.0.0.1 --kubeconfig=/etc/kubernetes/scheduler.conf",
            "etcd --data-dir=/var/lib/etcd --cert-file=/etc/kubernetes/pki/etcd/server.crt --key-file=/etc/kubernetes/pki/etcd/server.key --client-cert-auth=true",
            "/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --kubeconfig=/etc/kubernetes/kubelet.conf",
            "/usr/local/bin/kube-proxy --config=/var/lib/kube-proxy/config.conf",
        };
        for (var i = 0; i < 294; i++)
        {
            processes.Add($"/usr/sbin/worker-{i} --flag={i}");
        }
        for (var pid = 0; pid < processes.Count; pid++)
        {
            var dir = Directory.CreateDirectory(Path.Join(root, "proc", (1000 + pid).ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
            File.WriteAllBytes(Path.Join(dir, "cmdline"), Encoding.UTF8.GetBytes(processes[pid].Replace(' ', '\0') + "\0"));
        }
        foreach (var name in new[] { "kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd" })
        {
            Write($"/etc/kubernetes/manifests/{name}.yaml", $"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  containers:\n    - name: {name}\n      image: registry.k8s.io/{name}:v1.33.2\n");
        }
        foreach (var name in new[] { "admin.conf", "super-admin.conf", "scheduler.conf", "controller-manager.conf", "kubelet.conf" })
        {
            Write($"/etc/kubernetes/{name}", "apiVersion: v1\nkind: Config\n");
        }
        for (var i = 0; i < 40; i++)
        {
            Write($"/etc/kubernetes/pki/{(i < 20 ? "" : "etcd/")}file-{i}.{(i % 2 == 0 ? "crt" : "key")}", "-----BEGIN CERTIFICATE-----\n");
        }
        Directory.CreateDirectory(Path.Join(root, "var/lib/etcd/member"));
        Write("/var/lib/kubelet/config.yaml", "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\nauthorization:\n  mode: Webhook\nrotateCertificates: true\n");
        Write("/var/lib/kube-proxy/config.conf", "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmetricsBindAddress: 127.0.0.1:10249\n");
        Write("/etc/cni/net.d/10-calico.conflist", "{}");
        Write("/etc/systemd/system/kubelet.service.d/10-kubeadm.conf", "[Service]\n");
    }
}
