using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace XdsControlPlane.Xds.Protocol.Authorization;

/// <summary>
/// Who a client is, from the certificate it presented under mutual TLS: the SPIFFE ID in its URI SAN. Node ids and
/// node metadata are claims; this is the credential.
/// </summary>
/// <param name="Id">The SPIFFE ID, <c>spiffe://&lt;trust-domain&gt;/&lt;path&gt;</c>.</param>
/// <param name="Namespace">The <c>&lt;ns&gt;</c> of a <c>/ns/&lt;ns&gt;/sa/&lt;sa&gt;</c> path (Kubernetes form); null for other paths.</param>
/// <param name="ServiceAccount">The <c>&lt;sa&gt;</c> of that form; null for other paths.</param>
public sealed record ClientIdentity(string Id, string? Namespace, string? ServiceAccount)
{
    /// <summary>Longest SPIFFE ID accepted (the SPIFFE spec's limit).</summary>
    public const int MaxLength = 2048;

    private const string SanOid = "2.5.29.17";
    private const string Scheme = "spiffe://";

    /// <summary>
    /// The identity of <paramref name="certificate"/>: its one <c>spiffe://</c> URI SAN. Throws
    /// <see cref="FormatException"/> naming the problem when there is none, more than one, or it is malformed.
    /// </summary>
    public static ClientIdentity FromCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var ids = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value == SanOid)
            {
                ids.AddRange(UriSans(extension.RawData).Where(u => u.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)));
            }
        }

        return ids.Count switch
        {
            0 => throw new FormatException("the client certificate carries no spiffe:// URI SAN"),
            1 => Parse(ids[0]),
            _ => throw new FormatException($"the client certificate carries {ids.Count} spiffe:// URI SANs; SPIFFE allows one"),
        };
    }

    /// <summary>Parses a SPIFFE ID; throws <see cref="FormatException"/> when it is not one.</summary>
    public static ClientIdentity Parse(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length > MaxLength || !id.StartsWith(Scheme, StringComparison.Ordinal) || id.Contains('?') || id.Contains('#'))
        {
            throw new FormatException("the client certificate's URI SAN is not a SPIFFE ID (spiffe://<trust-domain>/<path>, lower-case scheme, no query or fragment, at most 2048 characters)");
        }

        var rest = id[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == rest.Length - 1)
        {
            throw new FormatException($"SPIFFE ID '{id}' needs a trust domain and a path");
        }

        var path = rest[(slash + 1)..].Split('/');
        if (path.Any(s => s.Length == 0 || s is "." or ".."))
        {
            throw new FormatException($"SPIFFE ID '{id}' has an empty, '.' or '..' path segment");
        }

        return path is ["ns", var ns, "sa", var sa] ? new ClientIdentity(id, ns, sa) : new ClientIdentity(id, null, null);
    }

    /// <inheritdoc />
    public override string ToString() => Id;

    /// <summary>The <c>uniformResourceIdentifier</c> entries ([6] IA5String) of a SubjectAltName extension.</summary>
    private static List<string> UriSans(byte[] extension)
    {
        var uris = new List<string>();
        var names = new AsnReader(extension, AsnEncodingRules.DER).ReadSequence();
        var uriTag = new Asn1Tag(TagClass.ContextSpecific, 6);
        while (names.HasData)
        {
            if (names.PeekTag() == uriTag)
            {
                uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, uriTag));
            }
            else
            {
                names.ReadEncodedValue();
            }
        }

        return uris;
    }
}
