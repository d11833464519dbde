"""Does the review see what is wrong? Sound plans, and flawed copies of them planted with one flaw each.

The development sets, all tuned on, live in `evals/review/plans/` (the default), `plans2/` (new wordings) and
`plans3/` (other businesses, once the held-out set):

- `<plan>.yaml`: a sound strategy, a whole `StrategyDocument` written as YAML (its `brand.language` is the
  language it is reviewed in). A sound plan should get no error and, ideally, no warning.
- `<plan>.flaws.yaml`: the flaws planted in copies of that plan, as `flaws:`, a list of:

      - id: promo-as-co-creation            # unique within the file
        rule: promotion-above-first-rung    # the rule meant to see it (for the per-rule table)
        edits:                              # applied in order to a fresh copy of the sound plan
          - path: touchpoints[3].name       # a document path (assistant/document/paths.py), as findings name them
            value: Monthly promo email      # the new value (any YAML value the field accepts)
        field: touchpoints[3].engagement_level   # the path a finding must name

A flaw is *seen* when the review of the flawed copy has a finding whose `fields` include `field`, from a rule that
does not already name that field on the sound plan (so a warning the sound plan always had does not count).
*By its rule* counts the flaws seen by the very rule they were planted for. An edit that names no field, or a value
the document refuses, stops the run with the plan, the flaw and the path (`FlawError`).
"""

from evals.review.run import PLANS, Flaw, FlawError, Plan, Report, apply_flaw, load_plans, run

__all__ = ["PLANS", "Flaw", "FlawError", "Plan", "Report", "apply_flaw", "load_plans", "run"]
