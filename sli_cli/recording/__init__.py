"""Recording: answers, drafts, building a meeting, the workflow, the interview, the editor."""
