namespace ReplyX.Rollout.Core.Ownership;

/// <summary>What the catalog says about an object a step is about to create.</summary>
public enum OwnershipVerdict
{
    /// <summary>No object of that name: the step creates it, and its rollback may remove it.</summary>
    New,

    /// <summary>An object of that name with the same definition: adopted, not created; its rollback leaves it.</summary>
    Identical,

    /// <summary>An object of that name with another definition: the step fails before any change.</summary>
    Different,

    /// <summary>An INVALID index of that name (a failed concurrent build): dropped and rebuilt, as before.</summary>
    Invalid,

    /// <summary>An object of that name whose definition could not be compared: treated like <see cref="Different"/>.</summary>
    Unknown,
}
