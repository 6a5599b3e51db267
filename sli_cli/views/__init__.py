"""Views of the plan as data: position, status, due, history, snapshot, report, export."""
