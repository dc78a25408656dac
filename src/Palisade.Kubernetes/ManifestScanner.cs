using Palisade.Core.Findings;
using Palisade.Core.Scanning;
using Palisade.Kubernetes.Manifests;
using Palisade.Kubernetes.Manifests.Kustomize;
using Palisade.Kubernetes.PodSecurity;

namespace Palisade.Kubernetes;

/// <summary>
/// Reads manifests from files, directories, kustomizations and stdin and runs every check on every object. Inputs
/// are sorted up front and each is read, checked and handed to the sink in that order before it is dropped; only the
/// cross-object checks keep a few facts per object until the end, so memory does not grow with the findings.
/// </summary>
public sealed class ManifestScanner(KustomizeRenderer renderer, Func<Stream> openStandardInput) : IStreamingScanner<ManifestScanRequest>
{
    public string Kind => "manifests";

    public async Task<ScanOutput> ScanAsync(ManifestScanRequest request, IScanProgress progress, CancellationToken cancellationToken)
    {
        var sink = new CollectingSink();
        return sink.Into(await ScanAsync(request, progress, sink, cancellationToken).ConfigureAwait(false));
    }

    public async Task<ScanOutput> ScanAsync(ManifestScanRequest request, IScanProgress progress, IFindingSink sink, CancellationToken cancellationToken)
    {
        var options = request.Options;
        var started = options.Clock.GetTimestamp();
        var (expanded, inputDiagnostics) = ManifestInputs.Expand(request.Paths, options.WorkingDirectory);
        // Sorted as findings are (by file), so the batches handed over one by one are already in report order.
        var inputs = expanded.OrderBy(i => i.DisplayName, StringComparer.Ordinal).ToList();
        var reader = new ManifestInputReader(options, renderer, openStandardInput);
        var evaluator = new ManifestEvaluator(options);
        var evaluation = evaluator.Start();
        var diagnostics = new List<Diagnostic>(inputDiagnostics);
        var objectCount = 0;

        var results = OrderedParallel.RunAsync(inputs.Count, (i, token) => CheckAsync(inputs[i], reader, evaluator, evaluation, token), options.MaxParallelism, cancellationToken);
        await foreach (var result in results.ConfigureAwait(false))
        {
            diagnostics.AddRange(result.Diagnostics);
            objectCount += result.ObjectCount;
            if (result.ObjectCount == 0 && result.Diagnostics.Count == 0)
            {
                diagnostics.Add(new Diagnostic(result.Input.DisplayName, null, "no Kubernetes objects in this input", DiagnosticLevel.Notice));
            }
            if (result.Findings.Count + result.Suppressed.Count > 0)
            {
                await sink.AcceptAsync(InReportOrder(result.Findings, result.Suppressed), cancellationToken).ConfigureAwait(false);
            }
        }

        var (across, acrossSuppressed) = (new List<Finding>(), new List<SuppressedFinding>());
        evaluator.Complete(evaluation, across, acrossSuppressed);
        if (across.Count + acrossSuppressed.Count > 0)
        {
            await sink.AcceptAsync(InReportOrder(across, acrossSuppressed) with { AcrossInputs = true }, cancellationToken).ConfigureAwait(false);
        }
        if (objectCount == 0 && !diagnostics.Any(d => d.Level == DiagnosticLevel.Error))
        {
            // Nothing was looked at: that must not read as a clean pass in CI.
            var what = request.Paths.Count == 0 ? "the inputs" : string.Join(", ", request.Paths);
            diagnostics.Add(new Diagnostic(what, null, inputs.Count == 0 ? "no manifests (.yaml, .yml, .json) found to scan" : "no Kubernetes objects found to scan"));
        }
        var context = options.Context;
        progress.Report(new ScanProgressUpdate($"Scanned {objectCount} objects in {options.Clock.GetElapsedTime(started).TotalSeconds:0.00} s (Pod Security Standards {context.PodSecurityLevel.Slug()} {context.PodSecurityVersion})"));
        return new ScanOutput([], diagnostics);
    }

    private static async Task<InputResult> CheckAsync(ManifestInput input, ManifestInputReader reader, ManifestEvaluator evaluator,
        ManifestEvaluation evaluation, CancellationToken cancellationToken)
    {
        try
        {
            var batch = await reader.ReadAsync(input, cancellationToken).ConfigureAwait(false);
            var findings = new List<Finding>();
            var suppressed = new List<SuppressedFinding>();
            evaluator.Evaluate(batch.Objects, evaluation, findings, suppressed);
            return new InputResult(input, findings, suppressed, batch.Diagnostics, batch.Objects.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A defect must cost one input, never the whole report.
            return new InputResult(input, [], [], [new Diagnostic(input.DisplayName, null, $"internal error while scanning ({ex.GetType().Name}: {ex.Message}); please report it")], 0);
        }
    }

    private static FindingBatch InReportOrder(List<Finding> findings, List<SuppressedFinding> suppressed)
    {
        findings.Sort(FindingOrder.Instance);
        suppressed.Sort((a, b) => FindingOrder.Instance.Compare(a.Finding, b.Finding));
        return new FindingBatch(findings, suppressed);
    }

    private sealed record InputResult(ManifestInput Input, List<Finding> Findings, List<SuppressedFinding> Suppressed, IReadOnlyList<Diagnostic> Diagnostics, int ObjectCount);
}
