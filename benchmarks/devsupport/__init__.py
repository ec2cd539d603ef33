"""Development support shared by tests and benchmarks (real data loaders, an app driver); not part of
the installed package. Benchmarks import it as a sibling; pytest finds it through ``pythonpath``."""
