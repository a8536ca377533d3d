"""`make bench`: the toolkit's speed, measured as ratios against its alternatives in one run.

Not shipped in the package. Each figure is one module; they share the harness (warm-up,
repetitions, median and range), the process handling and the table.
"""
