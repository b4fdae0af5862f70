import fc from 'fast-check';

// Under mutation testing every surviving mutant re-runs the properties: fewer cases per property
// keep a run within minutes, and a mutant that breaks a rule still fails most of them.
fc.configureGlobal({ numRuns: 25 });
