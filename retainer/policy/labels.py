"""What each policy setting is called in the interface (the names come from the brief)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "revision_rounds": _("Revision rounds included per deliverable"),
    "free_change_threshold_min": _("Free-change threshold per request, minutes"),
    "monthly_free_budget_min": _("Monthly free-change budget, minutes"),
    "retainer_period_months": _("Retainer period, months"),
    "burn_alert_first_pct": _("First burn alert, percent of included hours"),
    "burn_alert_second_pct": _("Second burn alert, percent of included hours"),
    "daily_capacity_hours": _("Daily capacity for extra work, hours"),
    "price_rounding_step": _("Round prices to a multiple of"),
    "renegotiate_after_requests": _("Requests beyond the agreement that raise “renegotiate”"),
    "renegotiate_window_days": _("… within days"),
    "unannounced_shift_notice_days": _("Notice of a moved due date expected within business days"),
    "trivial_concession_min": _("A concession costing up to this many minutes is trivial"),
    "unfounded_claims_limit": _("Unfounded claims before we refuse and review"),
    "unfounded_claims_window_days": _("… within days"),
    "tender_cost": _("Cost of taking part in a tender"),
    "tender_win_rate": _("Tender win rate (a fraction, e.g. 1/3)"),
    "chat_pingpong_messages": _("Alternating chat messages that suggest a call"),
    "chat_pingpong_hours": _("… within hours"),
    "conflict_escalation_days": _("Escalate a conflict open longer than, days"),
    "normalization_weeks_without_conflict": _("Weeks without conflict before normalization"),
    "keep_in_touch_days": _("Keep in touch after a project every, days"),
    "status_cadence_days": _("Status update cadence, days"),
    "profitability_tolerance_pct": _("Plan vs actual profitability goal, within %"),
    "health_red_below": _("Health below this is red"),
    "response_target_hours": _("Response target for every next reply, business hours"),
    "first_response_target_hours": _("Response target for the first reply, business hours"),
    "response_near_breach_pct": _("Warn when this share of the response target is left, %"),
}

SECTIONS = [
    (_("Agreements"), ["revision_rounds", "free_change_threshold_min", "monthly_free_budget_min",
                       "retainer_period_months", "burn_alert_first_pct", "burn_alert_second_pct",
                       "daily_capacity_hours", "price_rounding_step"]),
    (_("Requests beyond the agreement"), ["renegotiate_after_requests", "renegotiate_window_days",
                                         "unannounced_shift_notice_days"]),
    (_("Claims and concessions"), ["trivial_concession_min", "unfounded_claims_limit",
                                  "unfounded_claims_window_days", "tender_cost",
                                  "tender_win_rate"]),
    (_("Conflicts and lifecycle"), ["chat_pingpong_messages", "chat_pingpong_hours",
                                   "conflict_escalation_days",
                                   "normalization_weeks_without_conflict", "keep_in_touch_days"]),
    (_("Scorecard"), ["status_cadence_days", "profitability_tolerance_pct", "health_red_below"]),
    (_("Communication"), [
        "first_response_target_hours", "response_target_hours", "response_near_breach_pct",
    ]),
]
