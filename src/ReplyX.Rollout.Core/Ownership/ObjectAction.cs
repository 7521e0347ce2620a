namespace ReplyX.Rollout.Core.Ownership;

/// <summary>What the run did with an object, as its ledger records it.</summary>
public enum ObjectAction
{
    /// <summary>It did not exist; a step of the run creates it.</summary>
    Created,

    /// <summary>It existed with the step's own definition: the step did not create it.</summary>
    Adopted,

    /// <summary>An INVALID index of that name existed (a failed concurrent build): dropped and rebuilt by the step.</summary>
    ReplacedInvalid,

    /// <summary>It existed with another definition: the step refused to run.</summary>
    Refused,

    /// <summary>A step drops, alters, renames or writes it without creating it.</summary>
    Referenced,
}
