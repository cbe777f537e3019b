namespace XdsControlPlane.Model;

/// <summary>Builds <see cref="EquatableArray{T}"/> values (also from collection expressions).</summary>
public static class EquatableArray
{
    /// <summary>Copies <paramref name="items"/>.</summary>
    public static EquatableArray<T> Create<T>(ReadOnlySpan<T> items) => new([.. items]);

    /// <summary>Copies a sequence.</summary>
    public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items) => new([.. items]);
}
