"""Reference data shipped with the package: DfE's published benchmarks (see `dfe`)."""
