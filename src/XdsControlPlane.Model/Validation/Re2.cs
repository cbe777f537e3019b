using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace XdsControlPlane.Model.Validation;

/// <summary>
/// RE2 patterns (what <c>string.pattern</c> holds) as .NET regexes with the same meaning, compiled once per
/// pattern and matched without backtracking (linear time, as RE2 guarantees). The differences handled:
/// <c>$</c> is the end of the text in RE2 (in .NET it also matches before a final newline, so
/// <c>^[^\x00\n\r]*$</c> would accept <c>"a\n"</c>): it becomes <c>\z</c> unless <c>(?m)</c> is on;
/// <c>\d \w \s</c> and their negations are ASCII-only in RE2; <c>\x{10FFFF}</c>, <c>\pL</c>, <c>\Q…\E</c>,
/// <c>(?P&lt;name&gt;…)</c> and POSIX classes <c>[[:alpha:]]</c> are spelled differently.
/// Shared by the compiler (the <c>string.pattern</c> rules of the Envoy protos) and delivery (CSDS <c>safe_regex</c>
/// node matchers), which is why it lives in the project both reference.
/// </summary>
public static class Re2
{
    private const string Digit = "0-9";
    private const string Word = "0-9A-Za-z_";
    private const string Space = "\\t\\n\\f\\r ";
    private const string NotDigit = "\\x00-/:-\\uFFFF";
    private const string NotWord = "\\x00-/:-@\\[-\\^`{-\\uFFFF";
    private const string NotSpace = "\\x00-\\x08\\x0B\\x0E-\\x1F!-\\uFFFF";

    private static readonly ConcurrentDictionary<string, Regex> _cache = new(StringComparer.Ordinal);

    private static readonly Dictionary<string, string> _posix = new(StringComparer.Ordinal)
    {
        ["alnum"] = "0-9A-Za-z", ["alpha"] = "A-Za-z", ["ascii"] = "\\x00-\\x7F", ["blank"] = "\\t ",
        ["cntrl"] = "\\x00-\\x1F\\x7F", ["digit"] = Digit, ["graph"] = "!-~", ["lower"] = "a-z",
        ["print"] = " -~", ["punct"] = "!-/:-@\\[-`{-~", ["space"] = "\\t\\n\\v\\f\\r ", ["upper"] = "A-Z",
        ["word"] = Word, ["xdigit"] = "0-9A-Fa-f",
    };

    /// <summary>The compiled regex for an RE2 pattern; throws <see cref="NotSupportedException"/> for RE2 syntax with no translation.</summary>
    public static Regex Compile(string pattern) => _cache.GetOrAdd(pattern, static p =>
    {
        var translated = Translate(p);
        try
        {
            return new Regex(translated, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            return new Regex(translated, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
    });

    /// <summary>
    /// A regex for a pattern from a client, matched in linear time only: syntax that RE2 lacks (backreferences,
    /// lookaround, atomic groups) or that has no linear-time translation is refused rather than run with backtracking.
    /// Not cached: the patterns come from requests.
    /// </summary>
    /// <exception cref="ArgumentException">The pattern is not RE2 this can match in linear time; the message says why.</exception>
    public static Regex CompileLinear(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        try
        {
            return new Regex(Translate(pattern), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException e)
        {
            throw new ArgumentException($"'{pattern}' uses syntax RE2 does not have or that cannot be matched in linear time: {e.Message}", nameof(pattern), e);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentOutOfRangeException)
        {
            throw new ArgumentException($"'{pattern}' is not a valid RE2 pattern: {e.Message}", nameof(pattern), e);
        }
    }

    /// <summary>
    /// The compiled regex, or null for syntax with no translation here: the rule is then not checked rather than
    /// failing every resource of the type. Every pattern in the Envoy protos translates (a test walks them all).
    /// </summary>
    public static Regex? TryCompile(string pattern)
    {
        try
        {
            return Compile(pattern);
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The .NET spelling of an RE2 pattern.</summary>
    public static string Translate(string re2)
    {
        var output = new StringBuilder(re2.Length + 8);
        var inClass = false;
        var multiline = false;
        for (var i = 0; i < re2.Length; i++)
        {
            var c = re2[i];
            if (c == '\\')
            {
                i = Escape(re2, i + 1, inClass, output);
            }
            else if (inClass)
            {
                if (c == ']')
                {
                    inClass = false;
                    output.Append(c);
                }
                else if (c == '[' && re2.AsSpan(i).StartsWith("[:") && re2.IndexOf(":]", i + 2, StringComparison.Ordinal) is var end and > 0)
                {
                    output.Append(Posix(re2[(i + 2)..end]));
                    i = end + 1;
                }
                else
                {
                    output.Append(c == '[' ? "\\[" : c.ToString());
                }
            }
            else if (c == '[')
            {
                inClass = true;
                output.Append(c);
                // A ']' right after '[' or '[^' is a literal in both dialects; copy it so it does not close the class.
                if (i + 1 < re2.Length && re2[i + 1] == '^')
                {
                    output.Append(re2[++i]);
                }

                if (i + 1 < re2.Length && re2[i + 1] == ']')
                {
                    output.Append("\\]");
                    i++;
                }
            }
            else if (c == '$')
            {
                output.Append(multiline ? "$" : "\\z");
            }
            else if (c == '(' && re2.AsSpan(i).StartsWith("(?P<"))
            {
                output.Append("(?<");
                i += 3;
            }
            else if (c == '(' && re2.AsSpan(i).StartsWith("(?") && FlagsEnd(re2, i + 2) is var flagsEnd and > 0)
            {
                var flags = re2[(i + 2)..flagsEnd];
                if (flags.Contains('U', StringComparison.Ordinal))
                {
                    throw new NotSupportedException($"RE2 flag U (ungreedy) has no .NET equivalent: {re2}");
                }

                multiline |= flags.Split('-')[0].Contains('m', StringComparison.Ordinal);
                output.Append(c);
            }
            else
            {
                output.Append(c);
            }
        }

        return output.ToString();
    }

    /// <summary>Translates the escape whose letter is at <paramref name="at"/>; returns the index of its last character.</summary>
    private static int Escape(string re2, int at, bool inClass, StringBuilder output)
    {
        if (at >= re2.Length)
        {
            throw new NotSupportedException($"RE2 pattern ends with a lone backslash: {re2}");
        }

        var c = re2[at];
        switch (c)
        {
            case 'd' or 'w' or 's':
                var set = c == 'd' ? Digit : c == 'w' ? Word : Space;
                output.Append(inClass ? set : $"[{set}]");
                return at;
            case 'D' or 'W' or 'S':
                var negated = c == 'D' ? Digit : c == 'W' ? Word : Space;
                output.Append(inClass ? (c == 'D' ? NotDigit : c == 'W' ? NotWord : NotSpace) : $"[^{negated}]");
                return at;
            case 'x' when at + 1 < re2.Length && re2[at + 1] == '{':
                var close = re2.IndexOf('}', at);
                var codePoint = int.Parse(re2.AsSpan(at + 2, close - at - 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (codePoint > 0xFFFF && inClass)
                {
                    throw new NotSupportedException($"RE2 class with a code point above U+FFFF: {re2}");
                }

                foreach (var unit in char.ConvertFromUtf32(codePoint))
                {
                    output.Append(CultureInfo.InvariantCulture, $"\\u{(int)unit:X4}");
                }

                return close;
            case 'p' or 'P' when at + 1 < re2.Length && re2[at + 1] != '{':
                output.Append('\\').Append(c).Append('{').Append(re2[at + 1]).Append('}');
                return at + 1;
            case 'Q':
                var stop = re2.IndexOf("\\E", at + 1, StringComparison.Ordinal);
                var literal = stop < 0 ? re2[(at + 1)..] : re2[(at + 1)..stop];
                foreach (var unit in literal)
                {
                    output.Append(CultureInfo.InvariantCulture, $"\\u{(int)unit:X4}");
                }

                return stop < 0 ? re2.Length - 1 : stop + 1;
            case 'C' or (>= '0' and <= '9'):
                throw new NotSupportedException($"RE2 escape \\{c} is not translated: {re2}");
            default:
                // \x41 \t \n \r \f \v \a \b \B \A \z \p{..} and escaped punctuation mean the same in .NET.
                output.Append('\\').Append(c);
                return at;
        }
    }

    private static string Posix(string name)
    {
        var negate = name.StartsWith('^');
        if (negate || !_posix.TryGetValue(name, out var set))
        {
            throw new NotSupportedException($"RE2 class [:{name}:] is not translated");
        }

        return set;
    }

    /// <summary>The index of the ')' or ':' ending a flag group like <c>(?i)</c> or <c>(?s-m:</c>; -1 if this is not one.</summary>
    private static int FlagsEnd(string re2, int from)
    {
        for (var i = from; i < re2.Length; i++)
        {
            var c = re2[i];
            if (c is ')' or ':')
            {
                return i > from ? i : -1;
            }

            if (c is not ('i' or 'm' or 's' or 'U' or '-'))
            {
                return -1;
            }
        }

        return -1;
    }
}
