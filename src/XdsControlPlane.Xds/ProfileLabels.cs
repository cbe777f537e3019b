using System.Globalization;

namespace XdsControlPlane.Xds;

/// <summary>
/// The <c>profile</c> label values of per-profile series. Profile names come from clients (node metadata), so the set is
/// bounded: a value is cut after <see cref="MaxLength"/> characters (marked <c>…(+N)</c>), at most <see cref="Cap"/>
/// distinct values are live at once, and a profile that arrives when the cap is reached is counted under
/// <see cref="Overflow"/> for as long as its clients stay. A value is released when its last client leaves, so its
/// series disappear with it.
/// </summary>
internal sealed class ProfileLabels
{
    /// <summary>The label value of profiles beyond the cap (parentheses never occur in profile names).</summary>
    public const string Overflow = "(other)";

    /// <summary>Default of <see cref="Cap"/>.</summary>
    public const int DefaultCap = 500;

    /// <summary>Longest label value kept whole.</summary>
    public const int MaxLength = 128;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _profiles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _labels = new(StringComparer.Ordinal);

    /// <summary>At most this many distinct label values (besides <see cref="Overflow"/>) at once.</summary>
    public int Cap { get; set; } = DefaultCap;

    /// <summary>Takes a reference for a client of <paramref name="profile"/>; returns its label value.</summary>
    public string Acquire(string profile)
    {
        lock (_lock)
        {
            if (_profiles.TryGetValue(profile, out var entry))
            {
                entry.References++;
                return entry.Label;
            }

            var label = Cut(profile);
            if (!_labels.ContainsKey(label) && _labels.Count >= Cap)
            {
                label = Overflow;
            }

            _labels[label] = _labels.GetValueOrDefault(label) + 1;
            _profiles[profile] = new Entry(label) { References = 1 };
            return label;
        }
    }

    /// <summary>Drops a reference taken by <see cref="Acquire"/>; returns the label value it had.</summary>
    public string Release(string profile)
    {
        lock (_lock)
        {
            if (!_profiles.TryGetValue(profile, out var entry))
            {
                return Cut(profile);
            }

            if (--entry.References == 0)
            {
                _profiles.Remove(profile);
                if (--_labels[entry.Label] == 0)
                {
                    _labels.Remove(entry.Label);
                }
            }

            return entry.Label;
        }
    }

    /// <summary>Live label values and how many profiles share each.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _labels.Count;
            }
        }
    }

    /// <summary><paramref name="value"/> cut after <see cref="MaxLength"/> characters with a marker.</summary>
    public static string Cut(string value) =>
        value.Length <= MaxLength ? value
        : string.Concat(value.AsSpan(0, char.IsHighSurrogate(value[MaxLength - 1]) ? MaxLength - 1 : MaxLength),
            "…(+", (value.Length - MaxLength).ToString(CultureInfo.InvariantCulture), ")");

    private sealed class Entry(string label)
    {
        public string Label { get; } = label;

        public int References { get; set; }
    }
}
