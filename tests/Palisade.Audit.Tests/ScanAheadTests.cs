using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using Palisade.Audit;
using Palisade.Audit.Events;
using Palisade.Audit.Rules;

namespace Palisade.Audit.Tests;

/// <summary>Reading ahead on a second core changes nothing but the speed: same alerts, same order, same errors.</summary>
public sealed class ScanAheadTests
{
    private static readonly IReadOnlyList<DetectionRule> Rules = RuleLoader.Shipped();

    /// <summary>Every rule fixture, a malformed line, a batch and a blank line, repeated past several blocks.</summary>
    private static byte[] MixedLog(int copies)
    {
        var fixtures = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "rules"), "*.jsonl").Order(StringComparer.Ordinal)
            .Select(File.ReadAllText).Select(t => t.TrimEnd('\n') + "\n");
        var batch = "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[{\"verb\":\"create\",\"objectRef\":{\"resource\":\"pods\",\"subresource\":\"exec\",\"namespace\":\"kube-system\",\"name\":\"p\"},\"user\":{\"username\":\"mallory\"},\"stageTimestamp\":\"2026-11-30T00:00:00Z\"},{\"verb\":\"get\"}]}\n";
        var one = string.Concat(fixtures) + "{not json\n\n" + batch + "{\"kind\":\"Pod\"}\n";
        return Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(one, copies)));
    }

    private static (List<string> Alerts, List<string> Malformed) Analyse(Stream stream, string name, bool scanAhead)
    {
        var analyzer = new AuditAnalyzer(Rules, RuleSettings.Default);
        var malformed = new List<string>();
        var alerts = AuditEventReader.Read(stream, name, m => malformed.Add($"{m.Line}: {m.Reason}"), analyzer.Shape, scanAhead)
            .SelectMany(analyzer.Analyze).Select(f => $"{f.Target.Location?.Line} {f.Check.Id} {f.Message}").ToList();
        return (alerts, malformed);
    }

    [Fact]
    public void Alerts_and_malformed_lines_are_the_same_with_and_without_scan_ahead()
    {
        var log = MixedLog(copies: 60);
        var ahead = Analyse(new MemoryStream(log), "mixed.log", scanAhead: true);
        var inline = Analyse(new MemoryStream(log), "mixed.log", scanAhead: false);
        Assert.True(log.Count(b => b == (byte)10) > 3 * 2048, "the log must span several blocks (2,048 events each)");
        Assert.Equal(inline.Alerts, ahead.Alerts);
        Assert.Equal(inline.Malformed, ahead.Malformed);
        Assert.Contains(ahead.Alerts, a => a.Contains("audit.pod-exec-system-namespace", StringComparison.Ordinal) && a.Contains("mallory", StringComparison.Ordinal));
        Assert.Equal(2 * 60, ahead.Malformed.Count);
    }

    [Fact]
    public void Lines_longer_than_a_block_are_carried_whole()
    {
        var big = "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"verb\":\"create\",\"objectRef\":{\"resource\":\"configmaps\",\"namespace\":\"a\",\"name\":\"c\"},"
            + "\"user\":{\"username\":\"alice\"},\"requestObject\":{\"data\":{\"filler\":\"" + new string('x', 3 << 20) + "\",\"db_password\":\"hunter2\"}}}\n";
        var (alerts, malformed) = Analyse(new MemoryStream(Encoding.UTF8.GetBytes(big + big)), "big.log", scanAhead: true);
        Assert.Empty(malformed);
        Assert.Equal(2, alerts.Count(a => a.Contains("audit.configmap-credentials", StringComparison.Ordinal)));
    }

    [Fact]
    public void Stopping_early_neither_hangs_nor_throws()
    {
        using var stream = new MemoryStream(MixedLog(copies: 30));
        var first = AuditEventReader.Read(stream, "mixed.log", _ => { }, new EventShape()).Take(3).Select(e => e.Line).ToList();
        Assert.Equal([1, 2, 3], first);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_corrupt_gzip_gives_the_events_before_it_then_the_error(bool scanAhead)
    {
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(MixedLog(copies: 20));
        }
        var truncated = Corrupt(packed.ToArray());
        var seen = 0;
        var error = Assert.ThrowsAny<Exception>(() =>
        {
            foreach (var e in AuditEventReader.Read(new MemoryStream(truncated), "audit.log.gz", _ => { }, new EventShape(), scanAhead))
            {
                seen++;
            }
        });
        Assert.True(error is IOException or InvalidDataException or EndOfStreamException, error.GetType().Name);
        Assert.True(seen > 1000, $"{seen} events before the error");
    }

    [Fact]
    public async Task A_corrupt_rotation_is_reported_and_the_other_files_still_analysed()
    {
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "palisade-truncated", Guid.NewGuid().ToString("N"))).FullName;
        using (var packed = File.Create(Path.Combine(directory, "audit-1.log.gz")))
        using (var gzip = new GZipStream(packed, CompressionLevel.Fastest))
        {
            gzip.Write(MixedLog(copies: 5));
        }
        var whole = File.ReadAllBytes(Path.Combine(directory, "audit-1.log.gz"));
        File.WriteAllBytes(Path.Combine(directory, "audit-1.log.gz"), Corrupt(whole));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "rules", "audit.pod-exec.positive.jsonl"), Path.Combine(directory, "audit.log"));
        var output = await new AuditLogScanner(() => new MemoryStream(), () => throw new InvalidOperationException("no network"))
            .ScanAsync(new AuditLogScanRequest([directory], directory, Rules, RuleSettings.Default), Core.Scanning.NoProgress.Instance, CancellationToken.None);
        // The log mixes malformed lines in on purpose; the corrupt stream is one more error, naming the file.
        var error = Assert.Single(output.Diagnostics, d => d.Message.Contains("could not be read to the end", StringComparison.Ordinal));
        Assert.Equal(Core.Findings.DiagnosticLevel.Error, error.Level);
        Assert.EndsWith("audit-1.log.gz", error.Source, StringComparison.Ordinal);
        Assert.Contains(output.Findings, f => f.Check.Id.Value == "audit.pod-exec");
    }

    /// <summary>Garbage over the middle of a compressed stream: the decoder fails there.</summary>
    private static byte[] Corrupt(byte[] packed)
    {
        var middle = packed.Length / 2;
        packed.AsSpan(middle, 256).Fill(0xFF);
        return packed;
    }

    [Fact]
    public async Task Live_input_is_analysed_as_it_arrives_not_when_a_block_fills()
    {
        using var pipe = new TrickleStream();
        var analyzer = new AuditAnalyzer(Rules, RuleSettings.Default);
        var alerts = new BlockingCollection<string>();
        var reading = Task.Run(() =>
        {
            foreach (var e in AuditEventReader.Read(pipe, "stdin", _ => { }, analyzer.Shape))
            {
                foreach (var finding in analyzer.Analyze(e))
                {
                    alerts.Add(finding.Check.Id.Value);
                }
            }
            alerts.CompleteAdding();
        });
        pipe.Write(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "rules", "audit.pod-exec.positive.jsonl")));
        Assert.True(alerts.TryTake(out var first, TimeSpan.FromSeconds(10)), "the alert waited for more input");
        Assert.Equal("audit.pod-exec", first);
        pipe.Complete();
        await reading.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>A pipe: reads block until a writer supplies bytes or closes it; it cannot seek.</summary>
    private sealed class TrickleStream : Stream
    {
        private readonly BlockingCollection<byte[]> _chunks = [];
        private byte[] _current = [];
        private int _position;

        public void Write(byte[] bytes) => _chunks.Add(bytes);

        public void Complete() => _chunks.CompleteAdding();

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position == _current.Length)
            {
                if (!_chunks.TryTake(out var next, Timeout.Infinite))
                {
                    return 0;
                }
                _current = next;
                _position = 0;
            }
            var length = Math.Min(count, _current.Length - _position);
            Array.Copy(_current, _position, buffer, offset, length);
            _position += length;
            return length;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _chunks.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
