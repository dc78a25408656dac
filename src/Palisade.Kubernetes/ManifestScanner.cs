using Palisade.Core.Findings;
using Palisade.Core.Scanning;
using Palisade.Kubernetes.PodSecurity;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Manifests;
using Palisade.Kubernetes.Manifests.Kustomize;

namespace Palisade.Kubernetes;

/// <summary>
/// Reads manifests from files, directories, kustomizations and stdin, in parallel, and runs every check on every
/// object. Each input is read, checked and dropped before the next, so memory does not grow with the input.
/// </summary>
public sealed class ManifestScanner(KustomizeRenderer renderer, Func<Stream> openStandardInput) : IScanner<ManifestScanRequest>
{
    public string Kind => "manifests";

    public async Task<ScanOutput> ScanAsync(ManifestScanRequest request, IScanProgress progress, CancellationToken cancellationToken)
    {
        var started = request.Options.Clock.GetTimestamp();
        var output = await new Run(request.Options, renderer, openStandardInput).ScanAsync(request.Paths, cancellationToken).ConfigureAwait(false);
        var context = request.Options.Context;
        progress.Report(new ScanProgressUpdate($"Scanned {output.ObjectCount} objects in {request.Options.Clock.GetElapsedTime(started).TotalSeconds:0.00} s (Pod Security Standards {context.PodSecurityLevel.Slug()} {context.PodSecurityVersion})"));
        return new ScanOutput(output.Findings, output.Diagnostics) { Suppressed = output.Suppressed };
    }

    /// <summary>The reader and evaluator of one scan, built from its options.</summary>
    private sealed class Run(ManifestScanOptions options, KustomizeRenderer renderer, Func<Stream> openStandardInput)
    {
    private const long SynchronousReadLimit = 1024 * 1024;
    private readonly ManifestEvaluator _evaluator = new(options);
    private readonly ManifestReader _reader = new(options.Limits);

    public async Task<ManifestScanOutput> ScanAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var (inputs, inputDiagnostics) = ManifestInputs.Expand(paths, options.WorkingDirectory);
        var accumulators = _evaluator.StartCrossObjectChecks();
        var perInput = new InputResult[inputs.Count];
        await Parallel.ForAsync(0, inputs.Count, new ParallelOptions { MaxDegreeOfParallelism = options.MaxParallelism, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                try
                {
                    var batch = await ReadAsync(inputs[i], token).ConfigureAwait(false);
                    perInput[i] = Check(batch, accumulators);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A defect must cost one input, never the whole report.
                    perInput[i] = new InputResult([], [], [new Diagnostic(inputs[i].DisplayName, null, $"internal error while scanning ({ex.GetType().Name}: {ex.Message}); please report it")], 0);
                }
            }).ConfigureAwait(false);

        var findings = new List<Finding>();
        var suppressed = new List<SuppressedFinding>();
        var diagnostics = new List<Diagnostic>(inputDiagnostics);
        foreach (var result in perInput)
        {
            findings.AddRange(result.Findings);
            suppressed.AddRange(result.Suppressed);
            diagnostics.AddRange(result.Diagnostics);
        }
        ManifestEvaluator.Complete(accumulators, findings, suppressed);
        for (var i = 0; i < inputs.Count; i++)
        {
            if (perInput[i].ObjectCount == 0 && perInput[i].Diagnostics.Count == 0)
            {
                diagnostics.Add(new Diagnostic(inputs[i].DisplayName, null, "no Kubernetes objects in this input", DiagnosticLevel.Notice));
            }
        }
        if (perInput.Sum(r => r.ObjectCount) == 0 && !diagnostics.Any(d => d.Level == DiagnosticLevel.Error))
        {
            // Nothing was looked at: that must not read as a clean pass in CI.
            var what = paths.Count == 0 ? "the inputs" : string.Join(", ", paths);
            diagnostics.Add(new Diagnostic(what, null, inputs.Count == 0 ? "no manifests (.yaml, .yml, .json) found to scan" : "no Kubernetes objects found to scan"));
        }
        return new ManifestScanOutput(
            [.. findings.OrderBy(f => f, FindingOrder.Instance)],
            [.. suppressed.OrderBy(s => s.Finding, FindingOrder.Instance)],
            diagnostics,
            perInput.Sum(r => r.ObjectCount));
    }

    private async Task<ManifestBatch> ReadAsync(ManifestInput input, CancellationToken cancellationToken)
    {
        try
        {
            switch (input)
            {
                case FileInput file:
                    var fullPath = Path.GetFullPath(file.Path, options.WorkingDirectory);
                    var size = new FileInfo(fullPath).Length;
                    if (size > options.Limits.MaxFileBytes)
                    {
                        return new ManifestBatch([], [_reader.TooLarge(file.Path, size)]);
                    }
                    // Manifests are small local files: reading one synchronously costs less than the two thread
                    // hand-offs of an asynchronous read, which showed up as 5-8% of a scan's profile.
                    var content = size <= SynchronousReadLimit
                        ? File.ReadAllBytes(fullPath)
                        : await File.ReadAllBytesAsync(fullPath, cancellationToken).ConfigureAwait(false);
                    return _reader.Read(file.Path, content);
                case StandardInput stdin:
                    var bytes = await ReadCappedAsync(openStandardInput(), cancellationToken).ConfigureAwait(false);
                    return bytes is null ? new ManifestBatch([], [_reader.TooLarge(stdin.DisplayName, options.Limits.MaxFileBytes + 1)]) : _reader.Read(stdin.DisplayName, bytes);
                case KustomizeInput kustomize:
                    var directory = Path.GetFullPath(kustomize.Directory, options.WorkingDirectory);
                    var (output, problem) = await renderer.RenderAsync(directory, cancellationToken).ConfigureAwait(false);
                    return output is null
                        ? new ManifestBatch([], [problem! with { Source = kustomize.Directory }])
                        : _reader.Read(kustomize.Directory, output, new KustomizeSourceMap(directory, options.WorkingDirectory, _reader));
                default:
                    throw new InvalidOperationException($"unknown input {input}");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ManifestBatch([], [new Diagnostic(input.DisplayName, null, "cannot read: " + ex.Message)]);
        }
    }

    private async Task<byte[]?> ReadCappedAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > options.Limits.MaxFileBytes)
            {
                return null;
            }
        }
        return buffer.ToArray();
    }

    private InputResult Check(ManifestBatch batch, IReadOnlyList<(ICrossObjectCheck Check, ICrossObjectAccumulator Accumulator)> accumulators)
    {
        var findings = new List<Finding>();
        var suppressed = new List<SuppressedFinding>();
        _evaluator.Evaluate(batch.Objects, accumulators, findings, suppressed);
        return new InputResult(findings, suppressed, batch.Diagnostics, batch.Objects.Count);
    }

    private sealed record InputResult(List<Finding> Findings, List<SuppressedFinding> Suppressed, IReadOnlyList<Diagnostic> Diagnostics, int ObjectCount);
    }
}
