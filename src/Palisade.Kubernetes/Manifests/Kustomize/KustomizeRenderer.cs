using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Palisade.Core.Findings;

namespace Palisade.Kubernetes.Manifests.Kustomize;

/// <summary>Renders a kustomization with the real <c>kubectl kustomize</c>, bounded in time and output size.</summary>
public sealed class KustomizeRenderer(string kubectl = "kubectl", TimeSpan? timeout = null, long maxOutputBytes = 64 * 1024 * 1024)
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(120);

    public async Task<(string? Output, Diagnostic? Problem)> RenderAsync(string directory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(kubectl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(directory);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("could not start");
        }
        catch (Win32Exception)
        {
            return (null, new Diagnostic(directory, null, $"'{kubectl}' was not found on PATH: install kubectl to scan kustomizations (or render with 'kustomize build' and pipe to 'palisade scan manifests -')"));
        }
        using (process)
        {
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(_timeout);
            var stdout = ReadCappedAsync(process.StandardOutput, timeoutSource.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeoutSource.Token);
            try
            {
                await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
                var output = await stdout.ConfigureAwait(false);
                var errors = await stderr.ConfigureAwait(false);
                if (output is null)
                {
                    return (null, new Diagnostic(directory, null, $"kubectl kustomize output exceeds {maxOutputBytes:N0} bytes"));
                }
                return process.ExitCode == 0
                    ? (output, null)
                    : (null, new Diagnostic(directory, null, "kubectl kustomize failed: " + FirstLine(errors)));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return (null, new Diagnostic(directory, null, $"kubectl kustomize did not finish within {_timeout.TotalSeconds:0} s"));
            }
        }
    }

    private async Task<string?> ReadCappedAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var builder = new StringBuilder();
        var buffer = new char[81920];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            builder.Append(buffer, 0, read);
            if (builder.Length > maxOutputBytes)
            {
                return null;
            }
        }
        return builder.ToString();
    }

    private static string FirstLine(string text)
    {
        var trimmed = text.Trim();
        var end = trimmed.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? trimmed : trimmed[..end];
    }
}
