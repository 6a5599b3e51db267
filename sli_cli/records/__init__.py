"""Records on disk: the record kinds, the store, the cache, checks against the plan,
the loaded plan folder (workspace) and new plan folders (scaffold)."""
