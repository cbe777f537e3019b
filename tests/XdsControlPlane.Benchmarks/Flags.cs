using System.Globalization;

namespace XdsControlPlane.Benchmarks;

/// <summary>
/// A minimal <c>--name value</c> parser (System.Flags is not referenced by the solution; the benchmark needs
/// only a handful of numeric and string flags). Unknown flags are an error so a typo never silently runs defaults.
/// </summary>
internal sealed class Flags
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private Flags()
    {
    }

    public static Flags Parse(IReadOnlyList<string> args)
    {
        var line = new Flags();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{arg}' (flags look like --name value)");
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                line._values[arg[2..eq]] = arg[(eq + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                line._values[arg[2..]] = args[++i];
            }
            else
            {
                line._values[arg[2..]] = "true";
            }
        }

        return line;
    }

    public int Int(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ArgumentException($"--{name} must be an integer in [{min}, {max}], not '{text}'");
        }

        return value;
    }

    public string String(string name, string fallback, params string[] allowed)
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        if (allowed.Length > 0 && !allowed.Contains(text, StringComparer.Ordinal))
        {
            throw new ArgumentException($"--{name} must be one of {string.Join(", ", allowed)}, not '{text}'");
        }

        return text;
    }

    public bool Flag(string name)
    {
        _read.Add(name);
        return _values.TryGetValue(name, out var text) && text is "true" or "1" or "yes";
    }

    /// <summary>Throws when a flag was given that no option read.</summary>
    public void RejectUnknown()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"unknown flag(s): {string.Join(", ", unknown.Select(k => "--" + k))}");
        }
    }
}
