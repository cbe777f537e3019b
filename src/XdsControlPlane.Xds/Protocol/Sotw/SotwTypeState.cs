using System.Collections.Frozen;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Xds.Protocol.Sotw;

/// <summary>State of one type on one SotW stream (P3: kept per type, independently).</summary>
internal sealed class SotwTypeState(string typeUrl)
{
    private static readonly FrozenDictionary<string, XdsResource> s_none = FrozenDictionary<string, XdsResource>.Empty;

    public string TypeUrl { get; } = typeUrl;

    /// <summary>The client has sent at least one request for this type.</summary>
    public bool Requested { get; private set; }

    /// <summary>Wildcard subscription (legacy empty list, or <c>*</c> among the names).</summary>
    public bool Wildcard { get; private set; }

    /// <summary>Explicitly named resources (without <c>*</c>).</summary>
    public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

    /// <summary>The client has named something at least once, so an empty list now means "nothing" (P13).</summary>
    public bool EverNamed { get; private set; }

    public string? LastNonce { get; set; }

    public string? LastVersion { get; set; }

    /// <summary>
    /// What the client holds after the last response, by name (shared with the snapshot for wildcard pushes): for
    /// LDS/CDS what that response carried; for RDS/EDS/SDS, whose responses carry only changes (P30), everything sent
    /// since and still subscribed.
    /// </summary>
    public IReadOnlyDictionary<string, XdsResource> LastSent { get; set; } = s_none;

    /// <summary>
    /// RDS/EDS/SDS: what the client held before the response still waiting for its ACK, so that a NACK puts the
    /// stream back on what the client accepted (P30); null once it was ACKed. Shared references, not a copy.
    /// </summary>
    public IReadOnlyDictionary<string, XdsResource>? BeforeUnacked { get; set; }

    /// <summary>
    /// Every response of this type carries the client's whole subscription, even for RDS/EDS/SDS: for clients known to
    /// remove what such a response leaves out (P30).
    /// </summary>
    public bool FullState { get; init; }

    /// <summary>The version the client last NACKed; never sent again (P9).</summary>
    public string? RejectedVersion { get; set; }

    /// <summary>True once the client announced it unwraps <c>Resource</c> in SotW (needed for TTL, P26).</summary>
    public bool WrapResources { get; set; }

    /// <summary>Counts subscription changes, so a plan known to be empty can be reused until one happens.</summary>
    public int Epoch { get; private set; }

    /// <summary>
    /// (type version, epoch) for which planning found nothing to send. While both stay the same, planning again
    /// would find nothing again: an EDS-only change then costs CDS/LDS/RDS nothing per stream.
    /// </summary>
    public (string SetVersion, int Epoch)? Settled { get; set; }

    /// <summary>
    /// Applies <c>resource_names</c> (the client's full set, P12–P14). <paramref name="share"/> maps a name to the
    /// instance to keep (see <c>XdsStream.Shared</c>).
    /// </summary>
    public void Subscribe(IReadOnlyCollection<string> names, Func<string, string>? share = null)
    {
        if (Requested && SameAsCurrent(names))
        {
            return;
        }

        Epoch++;
        Requested = true;
        Names.Clear();
        if (names.Count == 0)
        {
            // P13: legacy wildcard only while the client has never named anything.
            Wildcard = !EverNamed;
        }
        else
        {
            EverNamed = true;
            Wildcard = false;
            foreach (var name in names)
            {
                if (name == "*")
                {
                    Wildcard = true;
                }
                else
                {
                    Names.Add(share is null ? name : share(name));
                }
            }
        }

        // RDS/EDS/SDS clients drop what they no longer subscribe to, so a later re-subscription must be answered
        // (P12). LDS/CDS keep it: a narrower set is answered with the new full state instead (P18).
        if (!TypeUrls.IsFullState(TypeUrl) && LastSent.Keys.Any(n => !Wants(n)))
        {
            LastSent = LastSent.Values.Where(r => Wants(r.Name)).ToDictionary(r => r.Name, StringComparer.Ordinal);
            if (BeforeUnacked is { } before)
            {
                BeforeUnacked = before.Values.Where(r => Wants(r.Name)).ToDictionary(r => r.Name, StringComparer.Ordinal);
            }
        }
    }

    private bool SameAsCurrent(IReadOnlyCollection<string> names)
    {
        if (names.Count == 0)
        {
            return Names.Count == 0 && Wildcard == !EverNamed;
        }

        var star = false;
        var named = 0;
        foreach (var name in names)
        {
            if (name == "*")
            {
                star = true;
            }
            else if (Names.Contains(name))
            {
                named++;
            }
            else
            {
                return false;
            }
        }

        return EverNamed && star == Wildcard && named == Names.Count;
    }

    /// <summary>Whether the client is subscribed to <paramref name="name"/>.</summary>
    public bool Wants(string name) => Wildcard || Names.Contains(name);
}
