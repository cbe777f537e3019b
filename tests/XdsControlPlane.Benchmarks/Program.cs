using XdsControlPlane.Benchmarks;
using XdsControlPlane.Benchmarks.Load;
using XdsControlPlane.Benchmarks.Micro;
using XdsControlPlane.Benchmarks.Server;

const string Usage = """
    usage: dotnet XdsControlPlane.Benchmarks.dll <mode> [flags]
      server  [--services 50] [--endpoints 3] [--routes 0] [--port 0] [--keepalive-seconds 30] [--log none|warning|...]
      load    [--streams 10000] [--protocol sotw|delta] [--updates 5] [--timeout-seconds 300] [--concurrency 200]
              [--services 50] [--endpoints 3] [--update-timeout-seconds 60] [--attempts 3] [--settle-seconds 3]
              [--pause-ms 1000] [--keepalive-seconds 30] [--server-gc] [--server-log none|warning|...]
              [--final-idle-seconds 0] [--wait-quiet-seconds 0]
      large   the load flags, defaults --services 1000 --endpoints 10 --streams 5000 --updates 6, and
              [--routes 1000] [--triggers endpoint,route]: a manifest directory (Gateway big/gw) through the host's pipeline
      micro   [BenchmarkDotNet arguments, e.g. --filter *]
      compile [--services 10000] [--endpoints 10] [--runs 3]
      manifest [--services 10000] [--endpoints 10] [--runs 5]
    """;

if (args.Length == 0)
{
    Console.Error.WriteLine(Usage);
    return 64;
}

try
{
    return args[0] switch
    {
        "server" => await BenchServer.RunAsync(Flags.Parse(args[1..])),
        "load" => await LoadRunner.RunAsync(Flags.Parse(args[1..])),
        "large" => await LoadRunner.RunAsync(Flags.Parse(args[1..]), large: true),
        "micro" => MicroRunner.Run(args[1..]),
        "compile" => XdsControlPlane.Benchmarks.Compile.CompileBenchmark.Run(Flags.Parse(args[1..])),
        "manifest" => await XdsControlPlane.Benchmarks.Compile.ManifestEditBenchmark.RunAsync(Flags.Parse(args[1..])),
        _ => throw new ArgumentException($"unknown mode '{args[0]}'"),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(Usage);
    return 64;
}
