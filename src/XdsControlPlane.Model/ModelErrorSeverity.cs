namespace XdsControlPlane.Model;

/// <summary>How bad a <see cref="ModelError"/> is.</summary>
public enum ModelErrorSeverity
{
    /// <summary>The object (or the part of it named by the field) was dropped.</summary>
    Error,

    /// <summary>Nothing that was understood was dropped; something was ignored (e.g. an unsupported kind).</summary>
    Warning,
}
