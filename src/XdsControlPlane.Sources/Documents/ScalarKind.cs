namespace XdsControlPlane.Sources.Documents;

/// <summary>What a scalar was written as; decides which field types accept it.</summary>
internal enum ScalarKind
{
    /// <summary>A quoted YAML scalar or a JSON string: text, even if it looks like a number.</summary>
    String,

    /// <summary>An unquoted YAML scalar: a number, a boolean or text, depending on the field.</summary>
    Plain,

    /// <summary>A JSON number.</summary>
    Number,

    /// <summary>A JSON boolean.</summary>
    Boolean,

    /// <summary>null, <c>~</c> or nothing: the field is treated as absent.</summary>
    Null,
}
