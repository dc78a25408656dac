using Palisade.TestSupport;
using static Palisade.Cli.Tests.CliRunner;

namespace Palisade.Cli.Tests;

/// <summary>
/// Tests that measure the process's allocations run alone: other tests allocating at the same time would count.
/// </summary>
[CollectionDefinition(nameof(AllocationMeasuredCollection), DisableParallelization = true)]
public sealed class AllocationMeasuredCollection;

/// <summary>
/// The smallest inputs that once broke Palisade (../shared/corpora/hostile-inputs): each is now a diagnostic naming
/// the input, exit 3, within bounded memory.
/// </summary>
[Collection(nameof(AllocationMeasuredCollection))]
public sealed class HostileInputTests
{
    private static string Hostile(string name) => Corpus.Require($"hostile-inputs/{name}");

    private static async Task<CliRun> RunBoundedAsync(params string[] args)
    {
        var before = GC.GetTotalAllocatedBytes(precise: false);
        var run = await InProcessAsync(TempDirectory(), args);
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - before;
        Assert.DoesNotContain("internal error", run.Error, StringComparison.Ordinal);
        Assert.True(allocated < 600L * 1024 * 1024, $"allocated {allocated:N0} bytes");
        return run;
    }

    [SkippableTheory]
    [InlineData("audit-01-depth-object.jsonl")]
    [InlineData("audit-02-depth-array.jsonl")]
    public async Task Deep_json_inside_audit_events_is_analysed(string file)
    {
        var run = await RunBoundedAsync("audit", "analyze", Hostile(file), "--format", "json", "--quiet");
        Assert.Equal(0, run.ExitCode);
    }

    [SkippableTheory]
    [InlineData("cluster-01-nre-resource-without-items.zst", "no items list")]
    [InlineData("cluster-02-malformed-kube-system-pod-item.zst", "could not be read")]
    [InlineData("cluster-04-oom-1.2GB-string.zst", "larger than")]
    public async Task Malformed_snapshots_are_named_diagnostics(string file, string reason)
    {
        var run = await RunBoundedAsync("scan", "cluster", "--snapshot", Hostile(file), "--format", "json", "--quiet");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains(reason, run.Out, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_deep_kube_system_pod_item_is_read()
    {
        var run = await RunBoundedAsync("scan", "cluster", "--snapshot", Hostile("cluster-03-deep-kube-system-pod-item.zst"), "--format", "json", "--quiet");
        Assert.Contains(run.ExitCode, new[] { 0, 3 });
    }

    [SkippableFact]
    public async Task Malformed_amazon_updateinfo_files_are_skipped_by_name()
    {
        var mutants = Directory.GetFiles(Path.GetDirectoryName(Hostile("db-xml-mutants/w2_16237_5_in_amazon-updateinfo.xml"))!, "*.xml");
        var dir = TempDirectory();
        var run = await InProcessAsync(dir, ["db", "import", "--db", Path.Combine(dir, "v.db"), Hostile("db-01-amazon-updateinfo-truncated.xml"), .. mutants]);
        Assert.Equal(3, run.ExitCode);
        Assert.DoesNotContain("internal error", run.Error, StringComparison.Ordinal);
        Assert.Contains("db-01-amazon-updateinfo-truncated.xml: Amazon Linux ALAS", run.Error, StringComparison.Ordinal);
        Assert.All(run.Error.Split('\n'), line => Assert.True(line.Length < 2000, "a message quoting a megabyte of input"));
    }

    [SkippableFact]
    public async Task A_zip_member_claiming_more_than_the_cap_is_refused_before_reading()
    {
        var dir = TempDirectory();
        var run = await RunBoundedAsync("db", "import", "--db", Path.Combine(dir, "v.db"), Hostile("db-mem-osv-zip-1.2GB-whitespace.zip"));
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("over the", run.Error, StringComparison.Ordinal);
    }
}
