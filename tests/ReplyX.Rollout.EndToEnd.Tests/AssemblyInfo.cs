// Each AppHost takes the whole 2-core machine: its collections run one after the other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
