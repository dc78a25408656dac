using System.Diagnostics;
using System.Globalization;
using Palisade.Benchmarks;

// Manifest scanner throughput against the physical floor: YamlDotNet building position-carrying trees
// (YamlStream.Load) of the same files, measured in the same process, alternating, best of several rounds.
// Peak memory is measured per phase in fresh child processes so each figure is that phase's own.
//   dotnet run -c Release --project bench/Palisade.Benchmarks -- [--docs 10000] [--docs 100000] [--rounds 3]
//   dotnet run -c Release --project bench/Palisade.Benchmarks -- --node [--rounds 20]   (time to audit one node)
//   dotnet run -c Release --project bench/Palisade.Benchmarks -- --image [--rounds 5]   (image scan against gunzip+untar)
//   dotnet run -c Release --project bench/Palisade.Benchmarks -- --db [--rounds 5]      (import rate, matching time)
//   dotnet run -c Release --project bench/Palisade.Benchmarks -- --cluster [--rounds 3] (5,000-pod snapshot: time, memory)
//   dotnet run -c Release --project bench/Palisade.Benchmarks -- --network [--rounds 3] (discovery rate vs bare connects)
//   dotnet run -c Release --project bench/Palisade.Benchmarks -- --audit [--events 1000000] (audit analysis vs JSON parse)
//   dotnet run -c Release --project bench/Palisade.Benchmarks -- --operator [--workloads 1000] (5 pods each: Jobs per digest, memory, change→report)
//   dotnet run -c Release --project bench/Palisade.Benchmarks -- --policies [--docs 20000] (20 policies vs none, same scan)
//   dotnet run -c Release --project bench/Palisade.Benchmarks -- --server [--images 10000] [--seconds 10] (re-matching, API latency)
if (args.Length >= 3 && args[0] == "--phase")
{
    var (seconds, detail) = await Phases.RunOnceAsync(args[1], args[2]);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{seconds}\t{Phases.PeakMiB()}\t{detail}"));
    return 0;
}

if (args.Length >= 3 && args[0] == "--generate-manifests")
{
    ManifestCorpus.Generate(int.Parse(args[1], CultureInfo.InvariantCulture), args[2]);
    return 0;
}

if (args.Contains("--e2e"))
{
    return await EndToEndBench.RunAsync(Values("--docs").DefaultIfEmpty(20_000).First(), Values("--rounds").DefaultIfEmpty(3).First());
}

if (args.Contains("--operator"))
{
    return await OperatorBench.RunAsync(Values("--workloads").DefaultIfEmpty(1_000).First(), 5);
}

if (args.Contains("--policies"))
{
    return PolicyBench.Run(Values("--docs").DefaultIfEmpty(20_000).First(), Values("--rounds").DefaultIfEmpty(3).First());
}

if (args.Contains("--server"))
{
    return await ServerBench.RunAsync(Values("--images").DefaultIfEmpty(10_000).First(), Values("--seconds").DefaultIfEmpty(10).First());
}

if (args.Contains("--image"))
{
    ImageBench.Run(Values("--rounds").DefaultIfEmpty(5).First());
    return 0;
}

if (args.Contains("--audit"))
{
    AuditBench.Run(Values("--events").DefaultIfEmpty(1_000_000).First(), Values("--rounds").DefaultIfEmpty(3).First());
    return 0;
}

if (args.Contains("--network"))
{
    await NetworkBench.RunAsync(Values("--rounds").DefaultIfEmpty(3).First());
    return 0;
}

if (args.Contains("--cluster"))
{
    await ClusterBench.RunAsync(Values("--rounds").DefaultIfEmpty(3).First());
    return 0;
}

if (args.Contains("--db"))
{
    await DatabaseBench.RunAsync(Values("--rounds").DefaultIfEmpty(5).First());
    return 0;
}

if (args.Contains("--node"))
{
    NodeBench.Run(Values("--rounds").DefaultIfEmpty(20).First());
    return 0;
}

var sizes = Values("--docs").ToList();
if (sizes.Count == 0)
{
    sizes = [10_000, 100_000];
}
var rounds = Values("--rounds").DefaultIfEmpty(3).First();
Console.WriteLine($"cores: {Environment.ProcessorCount}; runtime: {Environment.Version}; best of {rounds} rounds after a warm-up");
foreach (var documents in sizes)
{
    var dir = Path.Combine(Path.GetTempPath(), $"palisade-bench-{documents}");
    if (Directory.Exists(dir))
    {
        Directory.Delete(dir, recursive: true);
    }
    ManifestCorpus.Generate(documents, dir);
    var bytes = Directory.EnumerateFiles(dir, "*.yaml", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
    Console.WriteLine();
    Console.WriteLine($"== {documents:N0} documents, {bytes / 1024.0 / 1024.0:0.0} MiB in {documents / 5:N0} files");

    await Phases.WarmUpAsync();
    var parse = new List<double>();
    var scan1 = new List<double>();
    var scanAll = new List<double>();
    var detail = "";
    for (var round = 0; round < rounds; round++)
    {
        parse.Add((await Phases.RunOnceAsync("parse", dir)).Seconds);
        var (seconds, d) = await Phases.RunOnceAsync("scan-1", dir);
        scan1.Add(seconds);
        detail = d;
        scanAll.Add((await Phases.RunOnceAsync("scan-all", dir)).Seconds);
    }
    var parseMemory = Child("parse", dir);
    var scanMemory = Child("scan-all", dir);
    Console.WriteLine($"  YamlDotNet YamlStream.Load, 1 thread : {parse.Min(),6:0.00} s {documents / parse.Min(),9:N0} docs/s   peak {parseMemory,5:N0} MiB");
    Console.WriteLine($"  palisade full scan, 1 thread         : {scan1.Min(),6:0.00} s {documents / scan1.Min(),9:N0} res/s    ({detail})");
    Console.WriteLine($"  palisade full scan, {Environment.ProcessorCount} threads        : {scanAll.Min(),6:0.00} s {documents / scanAll.Min(),9:N0} res/s    peak {scanMemory,5:N0} MiB");
    Console.WriteLine($"  ratio full scan / parse-only, 1 thread each: {scan1.Min() / parse.Min():0.00}x (target <= 1.5x; median {Median(scan1) / Median(parse):0.00}x)");
    Directory.Delete(dir, recursive: true);
}
return 0;

IEnumerable<int> Values(string name) =>
    args.Where((_, i) => i > 0 && args[i - 1] == name).Select(a => int.Parse(a, CultureInfo.InvariantCulture));

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static double Child(string phase, string dir)
{
    // Under the app host ProcessPath is the executable itself; under "dotnet x.dll" it is dotnet and needs the dll.
    var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
    if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
    {
        start.ArgumentList.Add(typeof(Phases).Assembly.Location);
    }
    start.ArgumentList.Add("--phase");
    start.ArgumentList.Add(phase);
    start.ArgumentList.Add(dir);
    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEnd().Trim().Split('\t');
    process.WaitForExit();
    return double.Parse(output[1], CultureInfo.InvariantCulture);
}
