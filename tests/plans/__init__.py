"""Test plans: the bundled South West example and a North East plan unlike it."""
