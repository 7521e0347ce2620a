using ReplyX.Rollout.Core.Ownership;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Cli.Commands;

/// <summary>What <c>plan --connection</c> found for one step: its ownership plan and, for its rollback, the statements it would skip.</summary>
internal sealed record StepOwnershipPreview(int Ordinal, PhaseStep Step, OwnershipPlan Plan, OwnershipPlan? Undo);
