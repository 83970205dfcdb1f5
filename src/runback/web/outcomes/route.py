"""The professional route, least invasive first, each step with its evidence as
``/work/shared/evidence.md`` grades it (the tags there: RCT, Cohort, Consensus,
Protocol, Weak, Contested, Unverified).

Only what evidence.md holds is cited. It has no source for the restorative options
(shockwave, injections such as PRP or corticosteroid, other passive treatments) nor
for surgery's outcomes in running injuries: the page says that plainly (``MISSING``)
instead of inventing a grade.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """One step of the route: who, what they do, when to go on, and the evidence."""

    key: str
    who: str
    what: str
    when: str
    evidence: str
    grade: str


ROUTE: tuple[Step, ...] = (
    Step(
        "physio",
        "Physiotherapist: a movement and loading expert",
        "Examines the whole picture (the tissues, how you move, strength and load), "
        "checks the diagnosis and adjusts the loading plan. Most running injuries are "
        "managed here.",
        "First, as soon as the app suggests professional help.",
        "Routine referral after ~4-6 weeks without improvement or for recurring niggles "
        "(evidence.md section 2); progressive heavy loading works for tendons "
        "(Beyer 2015, evidence.md section 8; Silbernagel 2007, section 1).",
        "RCT (loading), Consensus (when to refer)",
    ),
    Step(
        "doctor",
        "Sports doctor: diagnosis and imaging",
        "Confirms or changes the diagnosis; orders imaging (ultrasound, MRI, X-ray) only "
        "where the result would change the plan, for example a suspected bone stress "
        "injury at a high-risk site, where imaging decides when running restarts.",
        "When a physiotherapist's plan has had its weeks and has not worked, when the "
        "diagnosis is unclear, or straight away for an urgent red flag.",
        "Imaging before restarting at high-risk bone sites (George 2024, evidence.md "
        "section 3); MRI grade and healing time (Nattiv 2013, section 3, grade-specific "
        "times not re-verified).",
        "Consensus / Cohort",
    ),
    Step(
        "restorative",
        "Restorative options",
        "Treatments a doctor may offer beside loading (for example shockwave therapy or "
        "injections). None replaces the loading plan; ask what it is meant to change and "
        "how you will know.",
        "Only after loading has been given a fair trial, and decided with the clinician.",
        "Not graded here: runback's evidence file has no source for these treatments.",
        "No evidence in evidence.md",
    ),
    Step(
        "specialist",
        "Surgery: a specialist's decision",
        "A specialist (for example an orthopaedic surgeon) decides whether an operation "
        "could help; the app never suggests one. After surgery, running restarts only "
        "with the surgeon's clearance.",
        "Rarely, when everything above has been tried.",
        "About 5% of 254 injured novice runners had surgery (Nielsen 2014, evidence.md "
        "section 7); "
        "no evidence on its outcomes in evidence.md.",
        "Cohort (how often), no evidence on outcomes",
    ),
)

MISSING = (
    "Evidence not yet in runback's evidence file (evidence.md), so not graded here: "
    "shockwave therapy, platelet-rich plasma and corticosteroid injections, other passive "
    "treatments, and the outcomes of surgery for running injuries. They need sources "
    "before the app can say how well they work."
)

BRING = (
    "The clinician report (PDF below), printed or on your phone.",
    "Your training log and the shoes you run in.",
    "A list of what you have tried, for how long, and what changed.",
    "Earlier scans, letters and any medication you take.",
    "Your questions (the report ends with some worth asking).",
)
