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
}
