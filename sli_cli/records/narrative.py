"""The narrative of a meeting outcome: its text fields, in the order a reader
meets them, with the label each is shown under."""

from __future__ import annotations

TEXT_FIELDS = ("progress", "risks", "support", "next_steps")
FIELD_LABELS = {
    "progress": "Progress",
    "risks": "Risks and issues",
    "support": "Support needed",
    "next_steps": "Next steps",
}
