"""Recording: answers, building a meeting, the workflow, the interview, the editor."""
