"""The numbers of a generated report, from a seeded RNG; the identities A1/A2/A3/R1 hold by construction."""

from __future__ import annotations

import random

from .labels import APP_COLS, PARTY_COLS, RL_COLS, RL_ROWS, app_rows, outcome_rows

# relative frequency of each outcome when the RNG spreads a column's handled applications
OUTCOME_WEIGHTS = {
    "granted": 40,
    "partially_granted": 9,
    "denied.state_secret": 0.4,
    "denied.law_prohibited": 0.8,
    "denied.security_stability": 0.4,
    "denied.third_party": 2,
    "denied.internal_affairs": 1.5,
    "denied.process_info": 2,
    "denied.enforcement_file": 0.8,
    "denied.administrative_query": 2,
    "unable.not_held": 17,
    "unable.needs_creation": 3,
    "unable.unclear": 1.5,
    "not_processed.petition": 4,
    "not_processed.repeated": 3,
    "not_processed.publication": 0.4,
    "not_processed.excessive": 0.4,
    "not_processed.confirm": 1,
    "other.no_correction": 4,
    "other.no_fee": 0.4,
    "other.other": 3,
}


def gen_applications(rng: random.Random, template: str, scale: int) -> dict[str, int]:
    """Table 三 for one body: A1, A2 and A3 hold by construction."""
    outcomes = outcome_rows(template)
    weights = [OUTCOME_WEIGHTS.get(k, 7.4) for k in outcomes]  # 2019 'other' = the three 2021 rows
    f: dict[str, int] = {}
    for col in PARTY_COLS:
        if col == "natural_person":
            new = scale + rng.randint(-scale // 5, scale // 5)
        elif col == "commercial":
            new = rng.randint(0, max(1, scale // 6))
        elif col == "legal_service":
            new = rng.randint(0, max(1, scale // 12))
        elif col == "other_org":
            new = rng.choice([0, 0, 1, 2])
        elif col == "social_welfare":
            new = rng.choice([0, 0, 0, 0, 1])
        else:  # research
            new = rng.choice([0, 0, 0, 0, 0, 1])
        carried_over = rng.randint(0, new // 12) if new >= 12 else 0
        carried_forward = rng.randint(0, (new + carried_over) // 10) if new >= 10 else 0
        handled = new + carried_over - carried_forward
        counts = dict.fromkeys(outcomes, 0)
        for k in rng.choices(outcomes, weights=weights, k=handled):
            counts[k] += 1
        f[f"applications/new_received/{col}"] = new
        f[f"applications/carried_over/{col}"] = carried_over
        for k in outcomes:
            f[f"applications/{k}/{col}"] = counts[k]
        f[f"applications/total/{col}"] = handled
        f[f"applications/carried_forward/{col}"] = carried_forward
    for row in app_rows(template):
        f[f"applications/{row}/total"] = sum(f[f"applications/{row}/{c}"] for c in PARTY_COLS)
    return {k: f[k] for k in (f"applications/{r}/{c}" for r in app_rows(template) for c in APP_COLS)}


def gen_review(rng: random.Random, scale: int) -> dict[str, int]:
    """Table 四: R1 holds by construction."""
    f: dict[str, int] = {}
    spread = {"review": scale, "litigation_direct": max(1, scale // 2), "litigation_after_review": max(1, scale // 3)}
    for row in RL_ROWS:
        top = spread[row]
        parts = [rng.randint(0, top), rng.randint(0, max(1, top // 2)), rng.randint(0, max(1, top // 2)),
                 rng.randint(0, 1)]
        for col, v in zip(RL_COLS[:4], parts, strict=True):
            f[f"review_litigation/{row}/{col}"] = v
        f[f"review_litigation/{row}/total"] = sum(parts)
    return f


def gen_active_2021(rng: random.Random, scale: float) -> dict[str, int | float | None]:
    """Table 二 (2021 template). Counties make no 规章: that row is 0 (or left blank by the caller)."""
    issued = rng.randint(3, 18)
    repealed = rng.randint(0, 6)
    in_force = rng.randint(25, 70)
    return {
        "active/rules/issued": 0,
        "active/rules/repealed": 0,
        "active/rules/in_force": 0,
        "active/normative_docs/issued": issued,
        "active/normative_docs/repealed": repealed,
        "active/normative_docs/in_force": in_force,
        "active/licensing/decisions": int(rng.randint(6000, 20000) * scale),
        "active/punishment/decisions": int(rng.randint(300, 1500) * scale),
        "active/enforcement/decisions": rng.randint(0, 60),
        "active/fees/fee_amount_10k_yuan": round(rng.uniform(300, 3000) * scale, 2),
    }


def gen_active_2019(rng: random.Random) -> dict[str, int | float | None]:
    new_made = rng.randint(8, 25)
    f: dict[str, int | float | None] = {
        "active/rules/new_made": 0,
        "active/rules/new_published": 0,
        "active/rules/total_published": 0,
        "active/normative_docs/new_made": new_made,
        "active/normative_docs/new_published": new_made - rng.randint(0, 3),
        "active/normative_docs/total_published": rng.randint(40, 90),
    }
    for row, prior, dec in (("licensing", (150, 300), (8000, 20000)), ("other_services", (80, 200), (5000, 30000)),
                            ("punishment", (1500, 3000), (800, 2500)), ("enforcement", (60, 150), (100, 700))):
        f[f"active/{row}/prior_year_items"] = rng.randint(*prior)
        f[f"active/{row}/change"] = rng.randint(-10, 40)
        f[f"active/{row}/decisions"] = rng.randint(*dec)
    f["active/fees/prior_year_items"] = rng.randint(15, 30)
    f["active/fees/change"] = rng.randint(-4, 2)
    f["active/procurement/projects"] = rng.randint(120, 400)
    f["active/procurement/amount_yuan"] = float(rng.randint(80_000_000, 300_000_000) // 10 * 10 + rng.randint(1, 9))
    return f

