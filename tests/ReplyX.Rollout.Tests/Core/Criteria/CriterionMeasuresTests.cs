using ReplyX.Rollout.Core.Criteria;
using ReplyX.Rollout.Core.Phases;

namespace ReplyX.Rollout.Tests.Core.Criteria;

public sealed class CriterionMeasuresTests
{
    [Theory]
    [InlineData("<= 100ms", TargetForm.AtMost, TargetUnit.Seconds, 0.1, false)]
    [InlineData("< 5m", TargetForm.AtMost, TargetUnit.Seconds, 300, true)]
    [InlineData(">= 85%", TargetForm.AtLeast, TargetUnit.Fraction, 0.85, false)]
    [InlineData("0%", TargetForm.AtMost, TargetUnit.Fraction, 0, false)]
    [InlineData("-40%", TargetForm.Improvement, TargetUnit.Fraction, 0.4, false)]
    [InlineData("5-7", TargetForm.Range, TargetUnit.Count, 5, false)]
    [InlineData("<= 7", TargetForm.AtMost, TargetUnit.Count, 7, false)]
    public void Targets_parse_into_a_form_and_a_number_in_base_units(string text, TargetForm form, TargetUnit unit, double value, bool strict)
    {
        var target = CriterionTarget.Parse(text)!;

        Assert.Equal((form, unit, strict), (target.Form, target.Unit, target.Strict));
        Assert.Equal(value, target.Value, 9);
    }

    [Theory]
    [InlineData("row counts unchanged")]
    [InlineData("7-5")]
    [InlineData("fast")]
    [InlineData("")]
    public void Unreadable_targets_are_null(string text) => Assert.Null(CriterionTarget.Parse(text));

    [Fact]
    public void Each_measure_judges_its_evidence_met_not_met_or_not_measured_with_the_reason()
    {
        SuccessCriterion[] criteria =
        [
            new("faster", "p95", "-40%"), new("fast enough", "p95", "<= 10ms"), new("no loss", "rowCounts", "unchanged", Required: true),
            new("no downtime", "lockWaits", "< 5m"), new("vector", "vectorP95", "< 100ms"), new("recall", "recallAt10", ">= 85%"),
            new("errors", "errorRate", "0%"), new("count", "migrationCount", "5-7"), new("schema", "catalogFingerprint", "identical"),
            new("capacity", "capacityGate", "passed"), new("alerts", "alertDelivery", "delivered"), new("coverage", "metricsSilence", "<= 5s"),
        ];
        var evidence = new CriterionEvidence
        {
            BaselineP95 = 0.390, TreatmentP95 = 0.025, TreatmentRequests = 900, RowCountsKept = true, RowCountsDetail = "3 tables kept every row", BackupVerified = true,
            LongestLockWait = 0, Errors = 3, Requests = 1000, ChainMigrations = 45, ConsolidatedMigrations = 2, FingerprintsEqual = true,
            CapacityPassed = false, CapacityDetail = "p95 3.4 s", LongestMetricsGap = 2,
        };

        var results = CriterionMeasures.Evaluate(criteria, evidence).ToDictionary(r => r.Criterion);

        Assert.Equal((CriterionVerdict.Met, "-94%"), (results["faster"].Verdict, results["faster"].Measured));
        Assert.Equal((CriterionVerdict.NotMet, "25.0 ms"), (results["fast enough"].Verdict, results["fast enough"].Measured));
        Assert.Equal(CriterionVerdict.Met, results["no loss"].Verdict);
        Assert.True(results["no loss"].Required);
        Assert.Equal(CriterionVerdict.Met, results["no downtime"].Verdict);
        Assert.Equal((CriterionVerdict.NotMeasured, "the run ran no vector-recall gate"), (results["vector"].Verdict, results["vector"].Reason));
        Assert.Equal(CriterionVerdict.NotMeasured, results["recall"].Verdict);
        Assert.Equal((CriterionVerdict.NotMet, "3 of 1000 requests failed"), (results["errors"].Verdict, results["errors"].Reason));
        Assert.Equal((CriterionVerdict.NotMet, "45 -> 2"), (results["count"].Verdict, results["count"].Measured));
        Assert.Equal(CriterionVerdict.Met, results["schema"].Verdict);
        Assert.Equal((CriterionVerdict.NotMet, "p95 3.4 s"), (results["capacity"].Verdict, results["capacity"].Reason));
        Assert.Equal(CriterionVerdict.NotMeasured, results["alerts"].Verdict);
        Assert.Equal(CriterionVerdict.Met, results["coverage"].Verdict);
    }

    [Fact]
    public void A_backup_that_did_not_verify_fails_row_counts_even_when_no_row_was_lost()
    {
        var result = CriterionMeasures.Evaluate([new SuccessCriterion("no loss", "rowCounts", "unchanged")], new CriterionEvidence { RowCountsKept = true, RowCountsDetail = "kept", BackupVerified = false }).Single();

        Assert.Equal(CriterionVerdict.NotMet, result.Verdict);
        Assert.Contains("backup did NOT verify", result.Reason, StringComparison.Ordinal);
    }
}
