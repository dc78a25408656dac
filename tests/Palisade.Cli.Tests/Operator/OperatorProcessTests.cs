using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Palisade.TestSupport;
using static Palisade.Cli.Tests.CliRunner;

namespace Palisade.Cli.Tests;

/// <summary>`palisade operator` as it runs in a cluster: two replicas against an API server, killed with SIGKILL.</summary>
public sealed class OperatorProcessTests
{
    private static JsonObject Deployment(string name, bool privileged) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "shop" },
        ["spec"] = new JsonObject
        {
            ["template"] = new JsonObject
            {
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "nginx:1.27", ["securityContext"] = new JsonObject { ["privileged"] = privileged } }),
                },
            },
        },
    };

    [Fact]
    public async Task Killing_the_leading_replica_hands_over_and_reports_stay_current()
    {
        using var api = new FakeKubernetesApi(FakeResources.Operator);
        var dir = TempDirectory();
        var kubeconfig = api.WriteKubeconfig(dir);
        var (portA, portB) = (FreePort(), FreePort());
        var (a, outputA) = Start(dir, "operator", "--kubeconfig", kubeconfig, "--namespace", "palisade", "--listen", $"127.0.0.1:{portA}", "--identity", "replica-a", "--no-image-scans");
        Process? b = null;
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            api.Apply("deployments", Deployment("web", privileged: true));
            await Eventually(() => api.Get("policyreports", "shop", "palisade-deployment-web") is not null, "the report from replica-a", outputA);
            Assert.Equal("ok\n", await http.GetStringAsync($"http://127.0.0.1:{portA}/healthz"));
            Assert.Equal("leading\n", await http.GetStringAsync($"http://127.0.0.1:{portA}/readyz"));
            var metrics = await http.GetStringAsync($"http://127.0.0.1:{portA}/metrics");
            Assert.Contains("palisade_operator_leader 1", metrics, StringComparison.Ordinal);
            Assert.Contains("palisade_operator_findings{namespace=\"shop\",severity=\"high\"}", metrics, StringComparison.Ordinal);
            lock (outputA)
            {
                Assert.Contains("\"msg\":\"report written\"", outputA.ToString(), StringComparison.Ordinal);
            }

            (b, var outputB) = Start(dir, "operator", "--kubeconfig", kubeconfig, "--namespace", "palisade", "--listen", $"127.0.0.1:{portB}", "--identity", "replica-b", "--no-image-scans");
            await Eventually(() => Ready(http, portB) == "standby\n", "replica-b on standby", outputB);

            a.Kill(entireProcessTree: true);
            await a.WaitForExitAsync();
            await Eventually(() => Ready(http, portB) == "leading\n", "replica-b to lead", outputB, seconds: 40);
            api.Apply("deployments", Deployment("web", privileged: false));
            await Eventually(() => api.Get("policyreports", "shop", "palisade-deployment-web")?["results"]?.AsArray()
                .All(r => r!["policy"]!.GetValue<string>() != "pod.privileged") == true, "replica-b to update the report", outputB);
            Assert.Equal("replica-b", api.Get("leases", "palisade", "palisade-operator")!["spec"]!["holderIdentity"]!.GetValue<string>());
        }
        finally
        {
            foreach (var process in new[] { a, b })
            {
                if (process is { HasExited: false })
                {
                    process.Kill(entireProcessTree: true);
                }
                process?.Dispose();
            }
        }
    }

    private static string? Ready(HttpClient http, int port)
    {
        try
        {
            return http.GetStringAsync($"http://127.0.0.1:{port}/readyz").GetAwaiter().GetResult();
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task Eventually(Func<bool> condition, string what, System.Text.StringBuilder output, double seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                lock (output)
                {
                    Assert.Fail($"timed out waiting for {what}; output:\n{output}");
                }
            }
            await Task.Delay(50);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
