"""Records on disk: the record kinds, the store, the cache and drafts."""
