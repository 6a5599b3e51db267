"""The plan: its model, plan.toml read with lines, checks, lookups, plan folders."""
