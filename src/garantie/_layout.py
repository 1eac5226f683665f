"""Where the verdict places each conclusion: its bases, side answers, remedies and escalation steps."""

from __future__ import annotations

# Which conclusions feed which verdict fields. The rules decide the values; this only places them.
GLC_DETAILS = ("glc.liability_end", "glc.presumption_end", "glc.burden_of_proof", "glc.action_deadline")
# Conclusion prefix -> basis name. A basis is settled by '<prefix>.status'; its other conclusions
# become its dates and facts. Adding a basis = its rules, conclusions, and one line here.
BASES: dict[str, str] = {
    "delivery": "delivery",
    "withdrawal": "withdrawal",
    "commercial": "commercial_warranty",
    "hidden_defects": "hidden_defects",
    "repair_service": "repair_service",
}
# Bases shown only when the case has their optional input section (a case about a sale says nothing of a repair).
SECTION_BASES: dict[str, str] = {"repair_service": "repair_service"}
REMEDIES = ("repair", "replacement", "price_reduction", "termination")
# Statuses under which a basis can be exercised now: "may_be_invoked" still leaves proofs to the consumer.
OPEN_STATUSES = frozenset({"applies", "may_be_invoked"})
# Prefixes whose conclusions are shown as side answers rather than bases.
TOPICS: tuple[str, ...] = ("remedy.rights", "remedy.refunds", "cross_border", "payment", "counterpart")
# Prefix of the escalation path: each '<prefix>.<step>.status' is one step of verdict.next_steps, in the order
# rules/escalation/conclusions.yaml declares them.
ESCALATION = "escalation"
# The history fact that dates a step shown done (placement only: which events count is in _escalation_events).
DONE_ON = {"written_claim": "history.written_claim_on", "formal_notice": "history.formal_notice_sent_on",
           "consumer_mediation": "history.consumer_mediation_requested_on",
           "amicable_attempt": "history.amicable_attempted_on", "court": "history.court_claim_filed_on",
           "repair_notice": "repair_service.formal_notice_on"}
# Steps shown only when the case has their input section, by step-name prefix (the steps toward a repairer).
SECTION_STEPS: dict[str, str] = {"repair_": "repair_service"}
# The verdict's reading order, by conclusion prefix; and the prefixes whose status can make a rule moot (a
# basis shown with its own input section is never moot: everything about what the consumer described is shown).
SECTIONS = ("glc.", "remedy.", *(prefix + "." for prefix in BASES), *(t + "." for t in TOPICS), ESCALATION + ".")
MOOT_PREFIXES = ("glc", "remedy", *(prefix for prefix in BASES if prefix not in SECTION_BASES))
