using Palisade.Core.Files;
using Palisade.Core.Findings;
using Palisade.Nodes.Benchmarks;
using Palisade.Nodes.Components;
using Palisade.Nodes.Host;

namespace Palisade.Nodes.Inspection;

/// <summary>The results of one node audit, with kube-bench-style counts per section.</summary>
public sealed record NodeAuditResult(
    string Benchmark,
    string BenchmarkReason,
    string Distribution,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<Diagnostic> Diagnostics,
    IReadOnlyList<SectionSummary> Sections)
{
    /// <summary>The path the API server's --audit-policy-file names, whether or not the file is on this root.</summary>
    public string? AuditPolicyFile { get; init; }

    /// <summary>The API server's audit policy (--audit-policy-file) as found on the node, for grading: path and text.</summary>
    public (string Path, string Text)? AuditPolicy { get; init; }
}

public sealed record SectionSummary(string Id, string Title, string Target, int Pass, int Fail, int Warn, int Info);

/// <summary>
/// Audits a node against a CIS benchmark: finds the components, reads their settings and files, and evaluates every
/// control. Automated controls pass or fail; manual ones warn with what was seen; a control whose component is not
/// on this node is not applicable (info), and one whose setting cannot be read warns with the reason.
/// </summary>
public sealed class NodeAuditor(ComponentCatalog catalog)
{

    public NodeAuditResult Audit(NodeAuditOptions options)
    {
        var root = new ContainedRoot(options.Root);
        var diagnostics = new List<Diagnostic>();
        if (!Directory.Exists(root.Root))
        {
            diagnostics.Add(new Diagnostic(options.Root, null, "the node root does not exist"));
            return new NodeAuditResult(options.Benchmark, "", "", [], diagnostics, []);
        }
        var (processes, processProblems) = ProcessTable.Read(root);
        diagnostics.AddRange(processProblems.Select(p => new Diagnostic("/proc", null, p, DiagnosticLevel.Notice)));
        var distribution = catalog.Distributions.FirstOrDefault(d => d.Detect.Any(root.Exists)) ?? catalog.Kubeadm;
        var locator = new ComponentLocator(root, catalog, distribution, processes);
        var components = catalog.Components.Keys.ToDictionary(name => name, locator.Locate);
        foreach (var component in components.Values.OfType<DetectedComponent>())
        {
            diagnostics.AddRange(component.Problems.Select(p => new Diagnostic(component.Origin, null, p, DiagnosticLevel.Notice)));
        }
        if (components.Values.All(c => c is null))
        {
            // Auditing a machine that runs no Kubernetes would be some 160 rows of "not applicable": say it once.
            diagnostics.RemoveAll(d => d.Level == DiagnosticLevel.Notice);
            diagnostics.Add(new Diagnostic(root.Root, null,
                "no Kubernetes component found (no kubelet, kube-apiserver, etcd, controller-manager, scheduler or kube-proxy process, static pod manifest, or k3s/rke2 service): nothing to audit; run on a node or give --root a node's filesystem"));
            return new NodeAuditResult(options.Benchmark, "", distribution.Name, [], diagnostics, []);
        }
        var (version, reason) = BenchmarkSelector.Select(options, root, locator);
        var benchmark = BenchmarkLoader.Load(version);
        var files = new FileAuditor(root, Accounts.Read(root), locator);

        var findings = new List<Finding>();
        var sections = new List<SectionSummary>();
        foreach (var section in benchmark.Sections.Where(s => options.Targets.Count == 0 || options.Targets.Contains(s.Target)))
        {
            var sectionFindings = new List<Finding>();
            foreach (var control in section.Groups.SelectMany(g => g.Controls).Where(c => Selected(c, options)))
            {
                sectionFindings.Add(Evaluate(control, components, files));
            }
            findings.AddRange(sectionFindings);
            sections.Add(new SectionSummary(section.Id, section.Title, section.Target,
                sectionFindings.Count(f => f.Status == FindingStatus.Pass), sectionFindings.Count(f => f.Status == FindingStatus.Fail),
                sectionFindings.Count(f => f.Status == FindingStatus.Warn), sectionFindings.Count(f => f.Status == FindingStatus.Info)));
        }
        return new NodeAuditResult(version, reason, distribution.Name, findings, diagnostics, sections) {
            AuditPolicy = ReadAuditPolicy(root, components),
            AuditPolicyFile = components.GetValueOrDefault("apiserver")?.Flags.GetValueOrDefault("--audit-policy-file")?.Value,
        };
    }

    /// <summary>The policy file the API server is given, read inside the node root (capped); null when absent or unreadable.</summary>
    private static (string, string)? ReadAuditPolicy(ContainedRoot root, Dictionary<string, DetectedComponent?> components)
    {
        if (components.GetValueOrDefault("apiserver") is not { } apiserver || !apiserver.Flags.TryGetValue("--audit-policy-file", out var setting))
        {
            return null;
        }
        var path = root.Resolve(setting.Value);
        try
        {
            return File.Exists(path) && new FileInfo(path).Length <= 4 * 1024 * 1024 ? (setting.Value, File.ReadAllText(path)) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool Selected(Control control, NodeAuditOptions options)
    {
        bool Named(IReadOnlySet<string> set) => set.Contains(control.Id) || set.Contains(control.Check.Id.Value);
        return (options.OnlyChecks.Count == 0 || Named(options.OnlyChecks)) && !Named(options.SkipChecks);
    }

    private static Finding Evaluate(Control control, Dictionary<string, DetectedComponent?> components, FileAuditor files)
    {
        if (control.Component == "cluster")
        {
            return Result(control, FindingStatus.Warn, "decided on the cluster, not the node: run 'palisade scan cluster' (or review by hand)", null);
        }
        var component = Applicable(control.Component, components);
        if (component is null)
        {
            return Result(control, FindingStatus.Info, $"not applicable: {Describe(control.Component)} is not on this node", null);
        }
        if (control.Audit.Count == 0)
        {
            return Result(control, FindingStatus.Warn, "manual control: review it by hand", null);
        }
        var observations = control.Audit.Select(condition => Observe(condition, component, components, files)).ToList();
        var location = observations.Select(o => o.Location).FirstOrDefault(l => l is not null);
        var evidence = string.Join("; ", observations.Select(o => o.Evidence));
        if (observations.Any(o => o.Holds is null) && !(control.MatchAny && observations.Any(o => o.Holds == true)))
        {
            return Result(control, FindingStatus.Warn, $"could not be decided: {evidence}", location);
        }
        var holds = control.MatchAny ? observations.Any(o => o.Holds == true) : observations.All(o => o.Holds == true);
        var decisive = observations.FirstOrDefault(o => o.Holds == holds)?.Location ?? location;
        if (!control.Automated)
        {
            return Result(control, FindingStatus.Warn, $"manual control, {(holds ? "the audit passes" : "the audit fails")}: {evidence}", decisive);
        }
        return Result(control, holds ? FindingStatus.Pass : FindingStatus.Fail, evidence, decisive);
    }

    private static Observation Observe(AuditCondition condition, DetectedComponent component, Dictionary<string, DetectedComponent?> components, FileAuditor files)
    {
        switch (condition.Source)
        {
            case SettingSource setting:
                var owner = components.GetValueOrDefault(setting.Component) ?? component;
                if (SettingResolver.TryResolve(owner, setting) is not { } resolved)
                {
                    return new Observation(null, $"{setting.Name} of {owner.Origin} cannot be read: {string.Join("; ", owner.Problems)}");
                }
                var holds = Expectations.Holds(condition.Expect, resolved.Value);
                return new Observation(holds, holds ? resolved.Evidence : $"{resolved.Evidence} ({setting.Name} {Expectations.Describe(condition.Expect)})", resolved.Location);
            case FileSource file:
                var fileOwner = file.PathFrom is { } from ? components.GetValueOrDefault(from.Component) : component;
                return files.Audit(file, condition.Expect, fileOwner);
            default:
                throw new InvalidOperationException($"unknown audit source {condition.Source}");
        }
    }

    private static DetectedComponent? Applicable(string component, Dictionary<string, DetectedComponent?> components) =>
        components.GetValueOrDefault(component);

    private static string Describe(string component) => component switch
    {
        "apiserver" => "kube-apiserver",
        "controller-manager" => "kube-controller-manager",
        "scheduler" => "kube-scheduler",
        "proxy" => "kube-proxy",
        _ => component,
    };

    private static Finding Result(Control control, FindingStatus status, string message, SourceLocation? location) =>
        new(control.Check, new Target(location, null), message, status is FindingStatus.Pass or FindingStatus.Fail ? message : null)
        {
            Status = status,
            Group = control.Group,
        };

}
