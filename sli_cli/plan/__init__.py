"""The plan: its model, plan.toml read with lines, lookups, finding the plan folder."""
