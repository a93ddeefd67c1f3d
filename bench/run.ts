// `pnpm bench`: every benchmark, as ratios against baselines measured in the same run.
// The benchmark suite is not built yet (see the tracker).
console.log('wxtpl bench: not built yet — the benchmark suite lands with the benchmarks issue.');
