using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace XdsControlPlane.Testing.Fuzzing;

/// <summary>
/// A small deterministic mutation fuzzer for parsers and readers of untrusted input. It starts from a corpus of valid
/// inputs, applies seeded byte- and token-level mutations (bit flips, inserted and repeated tokens, deleted and
/// duplicated ranges, splices of two inputs, truncation), runs the target on each, and reports every input whose
/// exception the target's contract does not allow. It is bounded by a number of inputs and a time budget so that it
/// fits in <c>dotnet test</c>; <see cref="FromEnvironment"/> lets a developer run a longer session with the same code
/// (see tests/README.md). It has no coverage feedback: SharpFuzz with AFL is the tool for long coverage-guided runs.
/// </summary>
public sealed class MutationFuzzer
{
    // Bytes that mean something to text formats, or break UTF-8.
    private static readonly byte[] _interesting = [0, (byte)'\n', (byte)'\t', (byte)' ', (byte)':', (byte)'[', (byte)']', (byte)'{', (byte)'}',
        (byte)'"', (byte)'\'', (byte)'-', (byte)'&', (byte)'*', (byte)'!', (byte)'#', (byte)'%', (byte)'|', (byte)'>', (byte)',', (byte)'\\', 0x7f, 0xc3, 0xff];

    private readonly IReadOnlyList<byte[]> _corpus;
    private readonly IReadOnlyList<byte[]> _tokens;

    /// <summary>Creates a fuzzer over <paramref name="corpus"/>, inserting <paramref name="tokens"/> (the format's syntax).</summary>
    public MutationFuzzer(IReadOnlyList<byte[]> corpus, IReadOnlyList<string> tokens)
    {
        if (corpus.Count == 0)
        {
            throw new ArgumentException("the corpus is empty", nameof(corpus));
        }

        _corpus = corpus;
        _tokens = [.. tokens.Select(t => System.Text.Encoding.UTF8.GetBytes(t))];
    }

    /// <summary>Inputs to try (default 2,000).</summary>
    public int Iterations { get; init; } = 2_000;

    /// <summary>Stop after this long even if inputs remain (default 10 s); a bound on CI time, not a measurement.</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The random seed: the same seed, corpus and target give the same inputs.</summary>
    public int Seed { get; init; } = 10;

    /// <summary>Longest input generated (default 256 KiB).</summary>
    public int MaxLength { get; init; } = 256 * 1024;

    /// <summary>Folder to save findings in, or null.</summary>
    public string? FindingsDirectory { get; init; }

    /// <summary>
    /// When set, each input is written here before it runs, so that a failure that ends the process (a stack overflow)
    /// leaves its input behind. Slow; for local sessions.
    /// </summary>
    public string? LastInputPath { get; init; }

    /// <summary>The files of <paramref name="directory"/> (recursively, in path order) as a corpus.</summary>
    public static IReadOnlyList<byte[]> LoadCorpus(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];

    /// <summary>
    /// A fuzzer with the defaults given, overridden by <c>FUZZ_ITERATIONS</c>, <c>FUZZ_SECONDS</c>, <c>FUZZ_SEED</c>,
    /// <c>FUZZ_FINDINGS</c> (a folder) and <c>FUZZ_LAST_INPUT</c> (a file) when they are set.
    /// </summary>
    public static MutationFuzzer FromEnvironment(IReadOnlyList<byte[]> corpus, IReadOnlyList<string> tokens, int iterations, TimeSpan budget, string? findings) =>
        new(corpus, tokens)
        {
            Iterations = Number("FUZZ_ITERATIONS") ?? iterations,
            Budget = Number("FUZZ_SECONDS") is { } seconds ? TimeSpan.FromSeconds(seconds) : budget,
            Seed = Number("FUZZ_SEED") ?? 10,
            FindingsDirectory = Environment.GetEnvironmentVariable("FUZZ_FINDINGS") ?? findings,
            LastInputPath = Environment.GetEnvironmentVariable("FUZZ_LAST_INPUT"),
        };

    /// <summary>Runs <paramref name="target"/> on mutated inputs; an exception that <paramref name="allowed"/> rejects is a finding.</summary>
    public FuzzReport Run(Action<byte[]> target, Func<Exception, bool>? allowed = null)
    {
        allowed ??= _ => false;
        var random = new Random(Seed);
        var findings = new Dictionary<string, FuzzFinding>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var runs = 0;
        for (; runs < Iterations && clock.Elapsed < Budget; runs++)
        {
            // Every corpus entry runs once as it is first: a seed that fails is a finding too.
            var input = runs < _corpus.Count ? _corpus[runs] : Mutate(random);
            if (LastInputPath is not null)
            {
                File.WriteAllBytes(LastInputPath, input);
            }

            try
            {
                target(input);
            }
            catch (Exception e) when (!allowed(e))
            {
                var signature = $"{e.GetType().FullName} at {new StackTrace(e).GetFrame(0)?.GetMethod()}";
                if (!findings.TryGetValue(signature, out var known) || known.Input.Length > input.Length)
                {
                    findings[signature] = new FuzzFinding(input, e, Save(input));
                }
            }
        }

        return new FuzzReport(runs, [.. findings.Values]);
    }

    private byte[] Mutate(Random random)
    {
        var data = new List<byte>(_corpus[random.Next(_corpus.Count)]);
        var count = 1 + random.Next(4);
        for (var i = 0; i < count; i++)
        {
            var at = random.Next(data.Count + 1);
            switch (random.Next(8))
            {
                case 0 when data.Count > 0:
                    at = Math.Min(at, data.Count - 1);
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when data.Count > 0:
                    data[Math.Min(at, data.Count - 1)] = _interesting[random.Next(_interesting.Length)];
                    break;
                case 2:
                    data.InsertRange(at, _tokens[random.Next(_tokens.Count)]);
                    break;
                case 3 when data.Count > 0:
                    var cut = random.Next(data.Count);
                    data.RemoveRange(cut, Math.Min(1 + random.Next(16), data.Count - cut));
                    break;
                case 4 when data.Count > 0:
                    var start = random.Next(data.Count);
                    data.InsertRange(at, data.GetRange(start, Math.Min(1 + random.Next(64), data.Count - start)));
                    break;
                case 5:
                    var other = _corpus[random.Next(_corpus.Count)];
                    var from = random.Next(other.Length + 1);
                    data.RemoveRange(at, data.Count - at);
                    data.AddRange(other.AsSpan(from).ToArray());
                    break;
                case 6:
                    // A token many times over: deep nesting, long keys, many documents.
                    var token = _tokens[random.Next(_tokens.Count)];
                    var times = 1 + random.Next(random.Next(2) == 0 ? 50 : 2_000);
                    data.InsertRange(at, Enumerable.Repeat(token, times).SelectMany(t => t));
                    break;
                default:
                    data.RemoveRange(at, data.Count - at);
                    break;
            }
        }

        return data.Count > MaxLength ? [.. data.GetRange(0, MaxLength)] : [.. data];
    }

    private string? Save(byte[] input)
    {
        if (FindingsDirectory is null)
        {
            return null;
        }

        Directory.CreateDirectory(FindingsDirectory);
        var path = Path.Combine(FindingsDirectory, "finding-" + Convert.ToHexStringLower(SHA256.HashData(input))[..16] + ".bin");
        File.WriteAllBytes(path, input);
        return path;
    }

    private static int? Number(string variable) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
