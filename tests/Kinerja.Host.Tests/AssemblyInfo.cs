// Each test starts a whole host. Hangfire keeps some process-wide statics (its log provider, its job
// activator), so hosts run one after the other, as in production where a process has one host.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
