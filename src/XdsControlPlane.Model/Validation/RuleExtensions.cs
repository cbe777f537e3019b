using FluentValidation;

namespace XdsControlPlane.Model.Validation;

/// <summary>Rule shorthands that keep the validators to one line per constraint, with the same messages everywhere.</summary>
internal static class RuleExtensions
{
    /// <summary>A duration that must be greater than zero when set.</summary>
    public static IRuleBuilderOptions<T, TimeSpan?> Positive<T>(this IRuleBuilder<T, TimeSpan?> rule, string name) =>
        rule.Must(d => d is null || d > TimeSpan.Zero).WithMessage((_, d) => $"must be a positive duration, got {d}").OverridePropertyName(name);

    /// <summary>A duration that must be greater than zero.</summary>
    public static IRuleBuilderOptions<T, TimeSpan> Positive<T>(this IRuleBuilder<T, TimeSpan> rule, string name) =>
        rule.Must(d => d > TimeSpan.Zero).WithMessage((_, d) => $"must be a positive duration, got {d}").OverridePropertyName(name);

    /// <summary>A number in [min, max] when set.</summary>
    public static IRuleBuilderOptions<T, int?> Range<T>(this IRuleBuilder<T, int?> rule, string name, int min, int max) =>
        rule.Must(v => v is null || (v >= min && v <= max)).WithMessage((_, v) => RangeMessage(v, min, max)).OverridePropertyName(name);

    /// <summary>A number in [min, max].</summary>
    public static IRuleBuilderOptions<T, int> Range<T>(this IRuleBuilder<T, int> rule, string name, int min, int max) =>
        rule.Must(v => v >= min && v <= max).WithMessage((_, v) => RangeMessage(v, min, max)).OverridePropertyName(name);

    /// <summary>A percentage in [0, 100] when set.</summary>
    public static IRuleBuilderOptions<T, double?> Percent<T>(this IRuleBuilder<T, double?> rule, string name) =>
        rule.Must(v => v is null || (v >= 0 && v <= 100)).WithMessage((_, v) => $"must be a percentage between 0 and 100, got {v}").OverridePropertyName(name);

    /// <summary>A value from a fixed set (ordinal comparison).</summary>
    public static IRuleBuilderOptions<T, string?> OneOf<T>(this IRuleBuilder<T, string?> rule, string name, params string[] allowed) =>
        rule.Must(v => v is not null && allowed.Contains(v, StringComparer.Ordinal))
            .WithMessage((_, v) => $"must be one of {string.Join(", ", allowed)}, got '{v}'")
            .OverridePropertyName(name);

    /// <summary>A non-empty string.</summary>
    public static IRuleBuilderOptions<T, string?> Required<T>(this IRuleBuilder<T, string?> rule, string name) =>
        rule.Must(v => !string.IsNullOrEmpty(v)).WithMessage("is required").OverridePropertyName(name);

    /// <summary>An API group: empty (the core group) or a DNS subdomain.</summary>
    public static IRuleBuilderOptions<T, string> Group<T>(this IRuleBuilder<T, string> rule, string name) =>
        rule.Must(v => v.Length == 0 || Syntax.IsHostname(v, allowWildcard: false))
            .WithMessage((_, v) => $"'{v}' is not an API group (empty for the core group, else a DNS subdomain)").OverridePropertyName(name);

    /// <summary>An HTTP header name when set.</summary>
    public static IRuleBuilderOptions<T, string?> HeaderName<T>(this IRuleBuilder<T, string?> rule, string name) =>
        rule.Must(v => v is null || Syntax.IsHeaderName(v)).WithMessage((_, v) => $"'{v}' is not a valid header name").OverridePropertyName(name);

    /// <summary>A port in 1–65535 when set.</summary>
    public static IRuleBuilderOptions<T, int?> Port<T>(this IRuleBuilder<T, int?> rule, string name) => rule.Range(name, 1, 65535);

    /// <summary>A list of at most <paramref name="max"/> items.</summary>
    public static IRuleBuilderOptions<T, EquatableArray<TItem>> AtMost<T, TItem>(this IRuleBuilder<T, EquatableArray<TItem>> rule, int max, string name) =>
        rule.Must(items => items.Count <= max).WithMessage((_, items) => $"must hold at most {max} items, got {items.Count}").OverridePropertyName(name);

    private static string RangeMessage(int? value, int min, int max) =>
        max == int.MaxValue ? $"must be at least {min}, got {value}" : $"must be between {min} and {max}, got {value}";
}
