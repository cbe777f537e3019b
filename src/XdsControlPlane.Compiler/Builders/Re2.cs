using System.Text;

namespace XdsControlPlane.Compiler.Builders;

/// <summary>RE2 helpers (Envoy and gRPC evaluate RE2, not .NET regular expressions).</summary>
internal static class Re2
{
    private const string Meta = @"\.+*?()|[]{}^$";

    /// <summary>Escapes RE2 metacharacters so <paramref name="literal"/> matches itself.</summary>
    public static string Escape(string literal)
    {
        var builder = new StringBuilder(literal.Length + 8);
        foreach (var c in literal)
        {
            if (Meta.Contains(c, StringComparison.Ordinal))
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>
    /// A conservative check that <paramref name="pattern"/> is a regular expression RE2 accepts: it must parse, and
    /// must not use what RE2 lacks (lookaround, backreferences, atomic groups, possessive quantifiers). Patterns
    /// this rejects would make Envoy or gRPC refuse the whole resource.
    /// </summary>
    public static bool IsValid(string pattern, out string? problem)
    {
        problem = null;
        try
        {
            _ = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            problem = $"'{pattern}' is not a valid regular expression: {e.Message}";
            return false;
        }

        string[] unsupported = ["(?=", "(?!", "(?<=", "(?<!", "(?>", "*+", "++", "?+", "}+"];
        var construct = unsupported.FirstOrDefault(u => pattern.Contains(u, StringComparison.Ordinal));
        if (construct is null && System.Text.RegularExpressions.Regex.IsMatch(pattern, @"\\[1-9k]", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            construct = "a backreference";
        }

        if (construct is not null)
        {
            problem = $"'{pattern}' uses {construct}, which RE2 does not support";
            return false;
        }

        return true;
    }
}
